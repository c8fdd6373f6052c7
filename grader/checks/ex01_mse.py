"""Hidden checks for ex01_mse: the mean of squared errors."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import either, int_pair, like, mismatched, pairs, signed
from grader.checks.diagnosis import averaging_mistakes, dtype_mistakes, python_float, told_apart
from grader.checks.maths import floats
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, mistake, raises, unchanged
from grader.speed import measure, speed_verdict


def mse_mistakes(y_pred, y_true):
    """What the usual wrong formulas give on these inputs, each with the misconception it reveals."""
    y_pred_64, y_true_64 = floats(y_pred, y_true)
    error = y_pred_64 - y_true_64
    found = [
        mistake(np.sum(error**2), "looks like the sum of squared errors, not the mean (divide by n)",
                "看起来是误差平方的和，而不是平均（需要除以 n）"),
        mistake(np.sqrt(np.mean(error**2)), "looks like the root of the MSE (RMSE): do not take the square root",
                "看起来是 MSE 的平方根（RMSE）：不要开平方"),
        mistake(np.mean(np.abs(error)), "looks like the mean absolute error: square the errors instead of abs",
                "看起来是平均绝对误差：应对误差平方，而不是取绝对值"),
        mistake(np.mean(error), "looks like the plain mean error: without squaring, +5 and -5 cancel out",
                "看起来是直接对误差求平均：不平方的话 +5 和 -5 会相互抵消"),
        mistake(np.mean(error) ** 2, "looks like the square of the mean error: square each error first, then average",
                "看起来是平均误差的平方：应先对每个误差平方，再求平均"),
        mistake(0.5 * np.mean(error**2), "looks like half the MSE: there is no factor 1/2 in the MSE",
                "看起来是 MSE 的一半：MSE 中没有 1/2 这个系数"),
        mistake(np.var(error), "looks like the variance of the errors (np.var): it subtracts the mean error before "
                "squaring; the MSE squares the errors themselves",
                "看起来是误差的方差（np.var）：方差先减去平均误差再平方；MSE 直接对误差本身平方"),
        mistake(np.mean(y_pred_64 * y_pred_64) - 2 * np.mean(y_pred_64 * y_true_64) + np.mean(y_true_64 * y_true_64),
                "looks like (a - b)**2 expanded into a**2 - 2ab + b**2: subtracting huge, nearly equal numbers "
                "loses the digits; subtract first, then square",
                "看起来把 (a - b)**2 展开成了 a**2 - 2ab + b**2：两个很大且几乎相等的数相减会丢失有效数字；请先相减再平方"),
    ]
    found += averaging_mistakes(error**2, y_pred, y_true)
    return found + dtype_mistakes(lambda a, b: np.mean((a - b) ** 2), y_pred, y_true)


def check_mse(student, ref, y_pred, y_true, untouched=False, **options):
    """Compare one call with the reference (after checking that it left its inputs alone, if `untouched`)."""
    got = student.call("mse", y_pred, y_true)
    if untouched:
        unchanged(got)
    expected = ref.call("mse", y_pred, y_true)
    close(got, expected, mistakes=told_apart(expected, lambda: mse_mistakes(y_pred, y_true), **options), **options)
    return got


@pytest.mark.held_out
def test_worked_example(student, ref):
    public = [([1, 2, 3], [1, 2, 5]), ([0.0, 0.0], [5.0, -5.0]), ([2.5], [0.5])]
    # held out: the same sizes and kinds, errors of +a and -a still cancelling in a plain mean
    for y_pred, y_true in either(0, public, lambda g: [
            (like([1, 2, 3], g, -9, 9), like([1, 2, 5], g, -9, 9)),
            ([0.0, 0.0], (signed(g, 1.0, 9.0, 1) * [1.0, -1.0]).tolist()),
            (like([2.5], g, -9, 9), like([0.5], g, -9, 9))]):
        check_mse(student, ref, y_pred, y_true)


@pytest.mark.held_out
def test_random_arrays(student, ref):
    for y_pred, y_true in pairs(seed=1):
        check_mse(student, ref, y_pred, y_true)


@pytest.mark.held_out
def test_array_likes_and_ints(student, ref):
    cases = [
        ([1, 2, 3, 4], [2, 2, 2, 2]),
        ((0.5, -1.5), (1.0, 1.0)),
        (np.array([3, -1, 4], dtype=np.int64), np.array([1, 5, 9], dtype=np.int64)),
        (np.array([[1, 2], [3, 4]], dtype=np.int32), np.array([[0, 0], [0, 0]], dtype=np.int32)),
        # uint8 wraps around (0 - 1 = 255), int8 stops at 127, int16 squares overflow past 32767
        (np.array([0, 200, 3], dtype=np.uint8), np.array([1, 0, 40], dtype=np.uint8)),
        (np.array([100, -100, 5], dtype=np.int8), np.array([-100, 100, 0], dtype=np.int8)),
        (np.array([300, -2], dtype=np.int16), np.array([0, 1], dtype=np.int16)),
        ([0.9, 0.2, 0.6], np.array([True, False, False])),  # bool targets: the Brier score
        (np.array([0.1, 0.2], dtype=np.float32), [0.0, 0.0]),
    ]
    for y_pred, y_true in either(0, cases, lambda g: [
            *[(like(a, g, -50, 50), like(b, g, -50, 50)) for a, b in cases[:4]],
            # the same edges: a negative uint8 difference, an int8 one past 127, an int16 one squared past 32767
            int_pair(g, np.uint8, [-g.integers(1, 256), g.integers(0, 256), -g.integers(1, 256)]),
            int_pair(g, np.int8, [g.integers(128, 256), -g.integers(128, 256), g.integers(-9, 10)]),
            int_pair(g, np.int16, [g.integers(182, 5000), g.integers(-9, 10)]),
            (like(cases[7][0], g, 0, 1), like(cases[7][1], g)),
            (like(cases[8][0], g, -1, 1), like(cases[8][1], g, -1, 1))]):
        python_float(check_mse(student, ref, y_pred, y_true))


@pytest.mark.held_out
def test_extreme_magnitudes(student, ref):
    cases = [
        (np.array([1e150, -2e150, 3e150]), np.array([0.0, 1e150, 2e150])),
        (np.array([1e-150, 3e-150]), np.array([-1e-150, 0.0])),
        (np.array([1e8 + 1.0, 1e8 - 2.0]), np.array([1e8, 1e8])),
    ]
    def drawn(g):
        """Squares near the largest and smallest normal floats, and errors of a few units on 1e9 to 1e10 (products
        past 2**53, so that a**2 - 2ab + b**2 never comes out right by luck, as it did 1.6% of the time on 1e8)."""
        base = np.full(2, g.uniform(1e9, 1e10))
        return [(signed(g, 0.5, 3.0, 3) * 1e150, signed(g, 0.5, 3.0, 3) * 1e150),
                (signed(g, 0.5, 3.0, 2) * 1e-150, signed(g, 0.5, 3.0, 2) * 1e-150),
                (base + signed(g, 1.0, 9.0, 2).round(), base)]

    for y_pred, y_true in either(0, cases, drawn):
        check_mse(student, ref, y_pred, y_true, rtol=1e-9, atol=0.0)


@pytest.mark.held_out
def test_perfect_prediction_is_zero(student, ref):
    public = [[3.0, -1.0, 2.0], np.arange(12.0).reshape(3, 4), [7], [0.1, 0.7, 1e8 + 0.3]]
    # held out: the same kinds, a zero target still among them, a large value beside small ones
    for y in either(0, public, lambda g: [
            like(public[0], g, -9, 9), ((np.arange(12.0) - g.integers(0, 12)) * g.uniform(0.5, 3.0)).reshape(3, 4),
            like(public[2], g, -99, 99), [*g.uniform(-1, 1, 2).tolist(), g.uniform(1e8, 1e9)]]):
        close(student.call("mse", y, y), 0.0, atol=0.0)


@pytest.mark.held_out
def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    public = [(np.ones((3, 1)), np.zeros(3)), ([5.0], [1.0, 2.0, 3.0]), ([1.0, 2.0, 3.0], [1.0, 2.0]),
              (np.zeros((2, 3)), np.zeros((3, 2)))]
    # each pair in both orders: a mismatch must be refused whichever argument is the larger
    for first, second in either(0, public, lambda g: mismatched(g, "column", "single", "short", "transposed")):
        raises(student, "ValueError", "mse", first, second, why=why)
        raises(student, "ValueError", "mse", second, first, why=why)


@pytest.mark.held_out
def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    raises(student, "ValueError", "mse", [], [], why=why)
    columns = either(0, 3, lambda g: int(g.integers(4, 10)))
    raises(student, "ValueError", "mse", np.zeros((0, columns)), np.zeros((0, columns)), why=why)


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    public = [(np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])), ([1.0, 5.0], [0.0, 0.0]),
              (np.array([[1.0, 2.0]]), np.array([[4.0, -1.0]]))]
    for y_pred, y_true in either(0, public, lambda g: [(like(a, g, -9, 9), like(b, g, -9, 9)) for a, b in public]):
        check_mse(student, ref, y_pred, y_true, untouched=True)


@pytest.mark.public_only("its inputs are drawn afresh on every run (no table can hold them); a second timing "
                         "would only double its cost")
def test_vectorised(student, ref):
    return speed_verdict(measure(student, "mse", ref=ref), "mse", "y_pred - y_true, ** 2, np.mean")
