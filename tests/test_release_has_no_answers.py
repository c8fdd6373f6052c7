"""No function a student release ships in the checks computes an exercise function: pasting one into a stub fails."""

from __future__ import annotations

import copy
import importlib
import inspect
import pkgutil
import warnings
from typing import Any

import numpy as np
import pytest

from grader.catalog import load_catalog
from grader.expect import agrees
from grader.reference import BoundReference, Reference
from grader.runner import GradeOptions, grade_submission
from grader.sandbox import wire

from conftest import SOLUTIONS

CATALOG = load_catalog()
# Everything a release copies that a check draws on: the checks and the helpers they compute with.
SHIPPED_MODULES = ["grader.expect", "grader.sandbox.wire"] + [
    f"grader.checks.{info.name}" for info in pkgutil.iter_modules(importlib.import_module("grader.checks").__path__)]


class CapturingReference(Reference):
    """The reference, keeping a few plain-data calls of each exercise function made while grading the solutions."""

    def __init__(self) -> None:
        super().__init__(SOLUTIONS)
        self.calls: dict[tuple[str, str], list[tuple[tuple, dict, Any]]] = {}

    def bound(self, exercise_id: str) -> "CapturingBound":
        return CapturingBound(self, exercise_id)


class CapturingBound(BoundReference):
    reference: CapturingReference

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        result = super().call(function, *args, **kwargs)
        encoded = repr(wire.encode([list(args), kwargs]))
        plain = "$" not in encoded or "$nd" in encoded
        calls = self.reference.calls.setdefault((self.exercise_id, function), [])
        if plain and len(calls) < 6 and not any(isinstance(arg, wire.Fn) for arg in args):
            calls.append((copy.deepcopy(args), copy.deepcopy(kwargs), copy.deepcopy(result)))
        return result


@pytest.fixture(scope="module")
def reference_calls() -> dict:
    capturing = CapturingReference()
    report = grade_submission(SOLUTIONS, GradeOptions(reference=capturing, quizzes=False, lanes=1))
    assert report.score == report.max_score
    return capturing.calls


def _candidates():
    for name in SHIPPED_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == name and not attribute.startswith("test_"):
                yield f"{name}.{attribute}", value


def _same(got: Any, expected: Any) -> bool:
    """Equal as the checks compare: numbers and arrays within 1e-9, tuples and lists item by item."""
    if isinstance(expected, (tuple, list)) and isinstance(got, (tuple, list)) and len(got) == len(expected) \
            and any(isinstance(item, (tuple, list, np.ndarray)) for item in expected):
        return all(_same(a, b) for a, b in zip(got, expected))
    if isinstance(expected, str) or isinstance(got, str):
        return isinstance(got, str) and got == expected
    return agrees(got, expected, 1e-9, 1e-12)


def _same_results(candidate, calls) -> bool:
    """True when the candidate, called as the exercise function, returns the reference's value on at least two
    calls and never another value (a call it cannot take, such as one without an argument it requires, is skipped)."""
    matched = 0
    for args, kwargs, expected in calls:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                got = candidate(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            same = bool(_same(got, expected))
        except Exception:
            continue
        if not same:
            return False
        matched += 1
    return matched >= 2


def test_no_shipped_function_computes_an_exercise_function(reference_calls):
    assert {exercise.id for exercise in CATALOG} <= {key[0] for key in reference_calls}
    found = [f"{name} computes {exercise_id}.{function}"
             for (exercise_id, function), calls in sorted(reference_calls.items()) if len(calls) >= 2
             for name, candidate in _candidates() if _same_results(candidate, calls)]
    assert found == []


def test_the_detector_finds_a_pasted_implementation(reference_calls):
    """The detector is not blind: the reference's own functions are found."""
    module = importlib.import_module("grader.checks.maths")
    solution = (SOLUTIONS / "ex03_huber.py").read_text()
    namespace: dict = {}
    exec(compile(solution, "huber", "exec"), namespace)  # noqa: S102 - the course's own solution
    assert _same_results(namespace["huber"], reference_calls[("ex03_huber", "huber")])
    assert not _same_results(module.floats, reference_calls[("ex03_huber", "huber")])
