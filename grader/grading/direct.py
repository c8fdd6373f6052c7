"""The checks under plain pytest, for instructors: `pytest grader/checks --submission PATH [-k NAME] [--pdb]`."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

import pytest

from grader.catalog import find_exercise
from grader.errors import GraderError
from grader.grading.plugin import CheckPlugin, exercise_of, exercise_of_nodeid
from grader.grading.session import CHECKS_DIR
from grader.paths import check_reference, solutions_dir
from grader.reference import Reference
from grader.sandbox.pool import ExerciseProcess, Sandbox, SandboxLimits, WorkerFailed
from grader.student import Student, StudentRaised

CHECK_MODULE = re.compile(r"^ex\d\d_[a-z0-9_]+\.py$")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("loss-compass", "Loss Compass: run the checks against a submission")
    group.addoption("--submission", metavar="PATH", help="the folder (or one exercise file) to grade")
    group.addoption("--solutions", metavar="DIR", help="the reference solutions (default: as `grader grade`)")
    group.addoption("--lang", choices=["en", "zh"], default="en", help="the language of the messages")
    group.addoption("--check-timeout", type=float, default=SandboxLimits().timeout, metavar="SECONDS",
                    help="seconds each exercise may take, as `grader grade --timeout`")


class DirectRun(CheckPlugin):
    """Opens the sandbox once and each exercise's worker when its first check needs it."""

    def __init__(self, config: pytest.Config) -> None:
        super().__init__()
        self.lang = config.getoption("lang")
        self.submission = Path(config.getoption("submission")).expanduser().resolve()
        if self.submission.is_file():  # one exercise file: grade the folder that holds it
            self.submission = self.submission.parent
        if not self.submission.is_dir():
            raise pytest.UsageError(f"--submission {self.submission}: no such folder")
        try:
            solutions = solutions_dir(Path(config.getoption("solutions")) if config.getoption("solutions") else None)
            check_reference(solutions, self.submission)
        except GraderError as error:
            raise pytest.UsageError(str(error)) from None
        self.reference = Reference(solutions)
        self.limits = SandboxLimits(timeout=config.getoption("check_timeout"))
        self.sandbox: Sandbox | None = None
        self.src: Path | None = None
        self.students: dict[str, Student | str] = {}  # exercise id -> its Student, or why it cannot be graded

    def _staged(self) -> tuple[Sandbox, Path]:
        if self.sandbox is None or self.src is None:
            self.sandbox = Sandbox(self.limits).__enter__()
            self.src, _ = self.sandbox.stage(self.submission)
        return self.sandbox, self.src

    def student_for(self, item: pytest.Item) -> Any:
        exercise_id = exercise_of(item)
        if exercise_id not in self.students:
            self.students[exercise_id] = self._open(exercise_id)
        student = self.students[exercise_id]
        if isinstance(student, str):
            pytest.fail(student, pytrace=False)
        return student

    def _open(self, exercise_id: str) -> Student | str:
        exercise = find_exercise(exercise_id)
        if not (self.submission / exercise.filename).is_file():
            return f"{exercise.filename} not found in {self.submission}"
        sandbox, src = self._staged()
        try:
            process: ExerciseProcess = sandbox.open(src, exercise.id, exercise.functions)
        except WorkerFailed as failure:
            return f"{exercise.filename} {failure}"
        imported = process.last_import or {}
        if "raised" in imported:
            process.close()
            raised = StudentRaised(f"import {exercise.id}", imported["raised"])
            return f"{exercise.filename} could not be imported: {raised.type}: {raised.detail}"
        return Student(process, exercise.id)

    def ref_for(self, item: pytest.Item) -> Any:
        return self.reference.bound(exercise_of(item))

    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        """Close an exercise's worker once its last check has run."""
        exercise_id = exercise_of(item)
        if nextitem is None or exercise_of(nextitem) != exercise_id:
            student = self.students.pop(exercise_id, None)
            if isinstance(student, Student):
                student.process.close()

    def pytest_sessionfinish(self) -> None:
        for student in self.students.values():
            if isinstance(student, Student):
                student.process.close()
        if self.sandbox is not None:
            self.sandbox.__exit__(None, None, None)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """The points the run earned, per exercise, as `grader grade` would count them."""
        earned: dict[str, dict[str, bool]] = {}
        for nodeid, outcome in self.outcomes.items():
            exercise_id = exercise_of_nodeid(nodeid)
            checks = earned.setdefault(exercise_id, {})
            checks[outcome.check] = checks.get(outcome.check, True) and (outcome.passed or outcome.skipped)
        if not earned:
            return
        terminalreporter.section("Loss Compass points")
        for exercise_id, checks in sorted(earned.items()):
            exercise = find_exercise(exercise_id)
            points = {spec.name: spec.points for spec in exercise.checks}
            score = sum(points.get(name, 0) for name, passed in checks.items() if passed)
            ran = sum(points.get(name, 0) for name in checks)
            terminalreporter.write_line(f"{exercise_id}: {score}/{ran} points of the checks that ran "
                                        f"({exercise.max_score} in all)")


def configure(config: pytest.Config) -> None:
    if not config.getoption("submission"):
        raise pytest.UsageError("give the submission to grade: pytest grader/checks --submission PATH")
    config.pluginmanager.register(DirectRun(config), "loss-compass-direct")


def collect_checks(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """A check module that pytest's own rules would pass over (another project's ini file has other patterns)."""
    if file_path.parent != CHECKS_DIR or not CHECK_MODULE.match(file_path.name):
        return None
    if parent.session.isinitpath(file_path) or \
            any(fnmatch.fnmatch(file_path.name, pattern) for pattern in parent.config.getini("python_files")):
        return None  # pytest collects it already
    return pytest.Module.from_parent(parent, path=file_path)
