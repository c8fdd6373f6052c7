"""Expected values for the checks: the reference solutions run in the trusted process, or values recorded from them."""

from __future__ import annotations

import copy
import functools
import gzip
import hashlib
import json
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import numpy as np

from grader.errors import GraderError
from grader.grading.held_out import in_held_out_run
from grader.paths import PACKAGE_DIR
from grader.sandbox import wire
from grader.sandbox.wire import Fn, Gen

# Fn("course.ex01_mse.mse", (y_true,)) given to the reference is that reference function at fixed later arguments.
COURSE_FUNCTION = "course."
# A reference call slower than this is remembered for the next submission (BoundReference.call).
SLOW_CALL_SECONDS = 0.001
# Shipped in a student release instead of solutions/: the reference's results for the checks' fixed calls.
RECORDED_FILE = PACKAGE_DIR / "reference_values.json.gz"


class ReferenceUnavailable(Exception):
    """No reference is available for this exercise (no solutions/ folder and no recorded values)."""


def read_sources(solutions: Path | None) -> dict[str, bytes]:
    """The reference's source files, read once, before any student code runs (module name -> bytes)."""
    if solutions is None:
        return {}
    sources = {}
    for path in sorted(solutions.glob("ex*.py")):
        try:
            sources[path.stem] = path.read_bytes()
        except OSError as error:
            raise GraderError(f"{path}: the reference solution cannot be read: {error.strerror}") from None
    return sources


class Reference:
    """Calls the reference solution of one exercise; the result never aliases the check's inputs.

    The sources are snapshotted when the Reference is made (or passed in as `sources`) and run from
    memory, never re-read or loaded from __pycache__: whatever student code writes later, even where
    the kernel's file isolation is missing, never runs in the grading process.
    """

    def __init__(self, solutions: Path | None, sources: dict[str, bytes] | None = None) -> None:
        self.solutions = solutions
        self.sources = read_sources(solutions) if sources is None else sources
        self._modules: dict[str, ModuleType] = {}
        # Results of the slow calls of public cases, by their arguments (key_text): every submission a
        # batch job grades asks the reference the same public questions (training loops of 500 epochs
        # among them). Held-out cases are this student's own, and quick calls cost less to make than to
        # look up: neither is kept.
        self.remembered: dict[str, Any] = {}
        self.quick: set[tuple[str, str]] = set()

    def module(self, exercise_id: str) -> ModuleType:
        if exercise_id not in self._modules:
            if self.solutions is None:
                raise ReferenceUnavailable(f"no reference solution for {exercise_id}")
            path = self.solutions / f"{exercise_id}.py"
            source = self.sources.get(exercise_id)
            if source is None:
                raise ReferenceUnavailable(f"no reference solution at {path}")
            module = ModuleType(f"_loss_compass_reference_{exercise_id}")
            module.__file__ = str(path)
            try:
                exec(compile(source, str(path), "exec"), module.__dict__)  # noqa: S102 - the instructor's own code
            except Exception as error:  # the reference is ours: a failure here is the course's bug
                raise GraderError(f"{path}: the reference solution does not import: {error}") from None
            self._modules[exercise_id] = module
        return self._modules[exercise_id]

    def bound(self, exercise_id: str) -> "BoundReference | RecordedBound":
        if self.solutions is None and RECORDED_FILE.is_file():
            return RecordedReference.shipped().bound(exercise_id)
        return BoundReference(self, exercise_id)


class BoundReference:
    """The reference for one exercise, called like the student: `ref.call("mse", y_pred, y_true)`."""

    def __init__(self, reference: Reference, exercise_id: str) -> None:
        self.reference = reference
        self.exercise_id = exercise_id

    def function(self, name: str) -> Callable[..., Any]:
        return getattr(self.reference.module(self.exercise_id), name)

    def of(self, exercise_id: str) -> "BoundReference":
        """Another exercise's reference (ex06 differentiates ex01's loss): recorded in a release like any call."""
        return self.reference.bound(exercise_id)  # type: ignore[return-value]

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        reference = self.reference
        if (self.exercise_id, function) in reference.quick or in_held_out_run():
            return self._run(function, args, kwargs)
        text = key_text(self.exercise_id, function, args, kwargs)
        if text in reference.remembered:
            return copy.deepcopy(reference.remembered[text])
        started = time.perf_counter()
        value = self._run(function, args, kwargs)
        if time.perf_counter() - started < SLOW_CALL_SECONDS:
            reference.quick.add((self.exercise_id, function))
        elif '"$bad"' not in text:  # arguments of plain data only: two other objects would read the same
            reference.remembered[text] = copy.deepcopy(value)
        return value

    def _run(self, function: str, args: tuple, kwargs: dict) -> Any:
        prepared = [self._prepare(arg) for arg in args]
        prepared_kwargs = {key: self._prepare(value) for key, value in kwargs.items()}
        return self.function(function)(*prepared, **prepared_kwargs)

    def _prepare(self, value: Any) -> Any:
        if isinstance(value, Fn) and value.name.startswith(COURSE_FUNCTION):
            # Another exercise's reference function (a loss that ex06 differentiates): never sent to a worker.
            exercise_id, _, name = value.name.removeprefix(COURSE_FUNCTION).partition(".")
            target, extra = self.of(exercise_id).function(name), value.args
            return lambda x: target(x, *extra)
        if isinstance(value, Fn):
            return value.bind(self.function)
        if isinstance(value, Gen):
            return value.materialize()
        return copy.deepcopy(value)


def float_array(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


def key_text(exercise_id: str, function: str, args: tuple, kwargs: dict) -> str:
    """One reference call as canonical JSON text: its exercise, function and arguments as the wire encodes them."""
    return json.dumps([exercise_id, function, wire.encode(list(args)),
                       [[key, wire.encode(kwargs[key])] for key in sorted(kwargs)]],
                      sort_keys=True, separators=(",", ":"), allow_nan=True)


def call_key(exercise_id: str, function: str, args: tuple, kwargs: dict) -> str:
    """The recorded table's key of one reference call: a hash of its exercise, function and plain-data arguments."""
    return hashlib.sha256(key_text(exercise_id, function, args, kwargs).encode("utf-8")).hexdigest()[:32]


class RecordedReference:
    """Expected values recorded from the reference at release time: no solution code, same interface."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    @classmethod
    def load(cls, path: Path) -> "RecordedReference":
        try:
            document = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        except (OSError, ValueError) as error:
            raise GraderError(f"{path}: the recorded reference values cannot be read: {error}") from None
        return cls(document["values"])

    @classmethod
    def shipped(cls) -> "RecordedReference":
        return _shipped()

    def save(self, path: Path) -> None:
        document = {"format": 1, "values": dict(sorted(self.values.items()))}
        path.write_bytes(gzip.compress(json.dumps(document, separators=(",", ":")).encode("utf-8"), 9, mtime=0))

    def bound(self, exercise_id: str) -> "RecordedBound":
        return RecordedBound(self, exercise_id)


class RecordedBound:
    """One exercise's recorded values, called like the reference: `ref.call("mse", y_pred, y_true)`."""

    def __init__(self, reference: RecordedReference, exercise_id: str) -> None:
        self.reference = reference
        self.exercise_id = exercise_id

    def function(self, name: str) -> Callable[..., Any]:
        raise ReferenceUnavailable(f"{self.exercise_id}.{name}: this release has recorded values, not the code")

    def of(self, exercise_id: str) -> "RecordedBound":
        return self.reference.bound(exercise_id)

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        encoded = self.reference.values.get(call_key(self.exercise_id, function, args, kwargs))
        if encoded is None:
            raise ReferenceUnavailable(f"{self.exercise_id}.{function}: no recorded value for this call "
                                       "(the instructor's grader checks it)")
        return wire.decode(encoded)


@functools.lru_cache(maxsize=1)
def _shipped() -> RecordedReference:
    return RecordedReference.load(RECORDED_FILE)
