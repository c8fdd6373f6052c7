"""The reference remembers its slow answers to public cases (a grade-all job asks them of every submission), and only those."""

from __future__ import annotations

import numpy as np

from grader.grading.held_out import HeldOut, drawing
from grader.reference import Reference

from conftest import SOLUTIONS

X = np.linspace(-1.0, 1.0, 24).reshape(12, 2)
Y = X @ np.array([1.5, -2.0]) + 0.5


def counting(reference: Reference, exercise_id: str, function: str) -> list[int]:
    """Count the reference function's real runs (the memo answers without running it)."""
    module = reference.module(exercise_id)
    original = getattr(module, function)
    runs = [0]

    def counted(*args, **kwargs):
        runs[0] += 1
        return original(*args, **kwargs)

    setattr(module, function, counted)
    return runs


def test_a_slow_public_call_is_answered_again_from_memory_as_a_copy():
    reference = Reference(SOLUTIONS)
    runs = counting(reference, "ex07_training_loop", "fit_linear_regression")
    bound = reference.bound("ex07_training_loop")
    first = bound.call("fit_linear_regression", X, Y, lr=0.1, epochs=500)  # 500 epochs: well over 1 ms
    first[0][:] = 99.0  # a check that changes what it was given must not change the next answer
    second = bound.call("fit_linear_regression", X, Y, lr=0.1, epochs=500)
    assert runs[0] == 1
    assert not np.allclose(second[0], 99.0)
    other = bound.call("fit_linear_regression", X, Y + 1.0, lr=0.1, epochs=500)  # other arguments: run again
    assert runs[0] == 2 and not np.allclose(other[1], second[1])


def test_held_out_and_quick_calls_are_never_remembered():
    reference = Reference(SOLUTIONS)
    bound = reference.bound("ex07_training_loop")
    with drawing(HeldOut("secret", "student"), "ex07_training_loop", "linear_random"):
        runs = counting(reference, "ex07_training_loop", "fit_linear_regression")
        for _ in range(2):
            bound.call("fit_linear_regression", X, Y, lr=0.1, epochs=500)
    assert runs[0] == 2 and reference.remembered == {}
    quick = counting(reference, "ex01_mse", "mse")
    mse = reference.bound("ex01_mse")
    for _ in range(3):
        assert mse.call("mse", np.array([1.0, 2.0]), np.array([1.0, 4.0])) == 2.0
    assert quick[0] == 3 and ("ex01_mse", "mse") in reference.quick and reference.remembered == {}
