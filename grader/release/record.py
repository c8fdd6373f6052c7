"""Record what the reference returns for every call the checks make: the release's expected values."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable

from grader.catalog import load_catalog
from grader.curves import CURVES
from grader.errors import GraderError
from grader.reference import BoundReference, RecordedReference, Reference, call_key
from grader.grading.session import GradingSession, run_checks
from grader.runner import GradeOptions, grade_exercise, grade_submission
from grader.sandbox import wire
from grader.sandbox.pool import Sandbox, SandboxLimits


class RecordingReference(Reference):
    """The reference solutions, run in this (trusted) process, keeping each result under its call's key."""

    def __init__(self, solutions: Path) -> None:
        super().__init__(solutions)
        self.values: dict[str, Any] = {}

    def bound(self, exercise_id: str) -> "RecordingBound":
        return RecordingBound(self, exercise_id)


class RecordingBound(BoundReference):
    reference: RecordingReference

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        key = call_key(self.exercise_id, function, args, kwargs)  # before the call, from the check's own inputs
        result = super().call(function, *args, **kwargs)
        encoded = wire.encode(result)
        if "$bad" in repr(encoded):
            raise GraderError(f"{self.exercise_id}.{function} returned {result!r}, which cannot be recorded")
        self.reference.values[key] = encoded
        return result


def record(solutions: Path, extra: Iterable[Path] = (), limits: SandboxLimits | None = None) -> RecordedReference:
    """Grade the solutions (and, for the diagnostics' calls, every module in `extra`/<exercise id>/) while recording.

    The solutions must earn full marks, or the recorded values would teach the wrong thing.
    """
    recorder = RecordingReference(solutions)
    limits = limits or SandboxLimits(timeout=60)
    report = grade_submission(solutions, GradeOptions(limits=limits, reference=recorder, quizzes=False, lanes=1))
    failing = [f"{e.id}.{c.name}: {c.message}" for e in report.exercises for c in e.checks if not c.passed]
    if failing:
        raise GraderError("the reference solutions fail their own checks:\n  " + "\n  ".join(failing[:10]))
    for exercise_id, specs in CURVES.items():  # the reference's loss curves that `grader check` shows
        for spec in specs:
            recorder.bound(exercise_id).call(spec.function, *spec.inputs(), **spec.kwargs)
    modules = [(exercise, path) for exercise in load_catalog() for folder in extra
               for path in sorted((folder / exercise.id).glob("*.py"))]
    if modules:
        with Sandbox(limits) as sandbox, tempfile.TemporaryDirectory(prefix="loss-compass-record-") as temp:
            def grade_all(checks: GradingSession) -> None:
                for number, (exercise, path) in enumerate(modules):
                    submission = Path(temp) / str(number)
                    submission.mkdir()
                    shutil.copyfile(path, submission / exercise.filename)
                    src, _ = sandbox.stage(submission)
                    grade_exercise(exercise, sandbox, src, submission, recorder, "en", checks)

            run_checks(grade_all)
    return RecordedReference(recorder.values)
