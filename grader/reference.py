"""Expected values for the checks: the reference solutions, run in the trusted process on copies."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import numpy as np

from grader.errors import GraderError
from grader.sandbox.wire import Fn, Gen


class ReferenceUnavailable(Exception):
    """No reference is available for this exercise (no solutions/ folder and no recorded values)."""


class Reference:
    """Calls the reference solution of one exercise; the result never aliases the check's inputs."""

    def __init__(self, solutions: Path | None) -> None:
        self.solutions = solutions
        self._modules: dict[str, ModuleType] = {}

    def module(self, exercise_id: str) -> ModuleType:
        if exercise_id not in self._modules:
            if self.solutions is None:
                raise ReferenceUnavailable(f"no reference solution for {exercise_id}")
            path = self.solutions / f"{exercise_id}.py"
            spec = importlib.util.spec_from_file_location(f"_loss_compass_reference_{exercise_id}", path)
            if spec is None or spec.loader is None or not path.is_file():
                raise ReferenceUnavailable(f"no reference solution at {path}")
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except Exception as error:  # the reference is ours: a failure here is the course's bug
                raise GraderError(f"{path}: the reference solution does not import: {error}") from None
            self._modules[exercise_id] = module
        return self._modules[exercise_id]

    def bound(self, exercise_id: str) -> "BoundReference":
        return BoundReference(self, exercise_id)


class BoundReference:
    """The reference for one exercise, called like the student: `ref.call("mse", y_pred, y_true)`."""

    def __init__(self, reference: Reference, exercise_id: str) -> None:
        self.reference = reference
        self.exercise_id = exercise_id

    def function(self, name: str) -> Callable[..., Any]:
        return getattr(self.reference.module(self.exercise_id), name)

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        prepared = [self._prepare(arg) for arg in args]
        prepared_kwargs = {key: self._prepare(value) for key, value in kwargs.items()}
        return self.function(function)(*prepared, **prepared_kwargs)

    def _prepare(self, value: Any) -> Any:
        if isinstance(value, Fn):
            return value.bind(self.function)
        if isinstance(value, Gen):
            return value.materialize()
        return copy.deepcopy(value)


def float_array(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)
