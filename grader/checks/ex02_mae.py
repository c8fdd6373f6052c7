"""Hidden checks for ex02_mae: the mean of absolute errors."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import either, int_pair, like, mismatched, pairs, signed
from grader.checks.diagnosis import averaging_mistakes, dtype_mistakes, python_float, told_apart
from grader.checks.maths import floats
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, mistake, raises, unchanged
from grader.speed import measure, speed_verdict


def mae_mistakes(y_pred, y_true):
    """What the usual wrong formulas give on these inputs, each with the misconception it reveals."""
    y_pred_64, y_true_64 = floats(y_pred, y_true)
    error = y_pred_64 - y_true_64
    with np.errstate(all="ignore"):
        found = [
            mistake(np.sum(np.abs(error)), "looks like the sum of absolute errors, not the mean (divide by n)",
                    "看起来是绝对误差的和，而不是平均（需要除以 n）"),
            mistake(np.abs(np.mean(error)), "looks like the absolute value of the mean error: take |e| of each error "
                    "first, or +5 and -5 cancel", "看起来是平均误差的绝对值：应先对每个误差取绝对值，否则 +5 和 -5 会相互抵消"),
            mistake(np.mean(error), "looks like the plain mean error: without abs, +5 and -5 cancel out",
                    "看起来是直接对误差求平均：不取绝对值的话 +5 和 -5 会相互抵消"),
            mistake(np.mean(np.abs(y_pred_64) - np.abs(y_true_64)),
                    "looks like |y_pred| - |y_true|: take the absolute value of the difference, |y_pred - y_true|",
                    "看起来是 |y_pred| - |y_true|：应对差取绝对值，即 |y_pred - y_true|"),
            mistake(np.mean(error**2), "looks like the mean squared error: take the absolute value, do not square",
                    "看起来是均方误差：应取绝对值，而不是平方"),
            mistake(np.sqrt(np.mean(error**2)), "looks like the root mean squared error (RMSE), not the MAE",
                    "看起来是均方根误差（RMSE），而不是 MAE"),
            mistake(np.median(np.abs(error)), "looks like the median absolute error: the MAE is the mean",
                    "看起来是绝对误差的中位数：MAE 是平均值"),
            mistake(np.max(np.abs(error)), "looks like the largest absolute error: average over all elements",
                    "看起来是最大的绝对误差：应对所有元素求平均"),
            mistake(np.mean(np.sqrt(error**2)), "looks like |e| computed as sqrt(e**2): squaring overflows to inf "
                    "(or underflows to 0) for huge or tiny errors; use np.abs",
                    "看起来 |e| 是用 sqrt(e**2) 算的：数值很大或很小时平方会溢出为 inf（或下溢为 0）；请用 np.abs"),
        ]
    found += averaging_mistakes(np.abs(error), y_pred, y_true)
    return found + dtype_mistakes(lambda a, b: np.mean(np.abs(a - b)), y_pred, y_true)


def check_mae(student, ref, y_pred, y_true, untouched=False, **options):
    """Compare one call with the reference (after checking that it left its inputs alone, if `untouched`)."""
    got = student.call("mae", y_pred, y_true)
    if untouched:
        unchanged(got)
    expected = ref.call("mae", y_pred, y_true)
    close(got, expected, mistakes=told_apart(expected, lambda: mae_mistakes(y_pred, y_true), **options), **options)
    return got


@pytest.mark.held_out
def test_worked_example(student, ref):
    public = [([1, 2, 3], [1, 2, 5]), ([0.0, 0.0], [5.0, -5.0]), ([2.5], [0.5]), ([1.0, -2.0, 4.0], [0.0, 0.0, 0.0])]
    # held out: the same sizes and kinds, errors of +a and -a still cancelling in a plain mean, mixed signs against 0
    for y_pred, y_true in either(0, public, lambda g: [
            (like([1, 2, 3], g, -9, 9), like([1, 2, 5], g, -9, 9)),
            ([0.0, 0.0], (signed(g, 1.0, 9.0, 1) * [1.0, -1.0]).tolist()),
            (like([2.5], g, -9, 9), like([0.5], g, -9, 9)),
            ((signed(g, 0.5, 5.0, 3) * [1.0, -1.0, 1.0]).tolist(), [0.0, 0.0, 0.0])]):
        check_mae(student, ref, y_pred, y_true)


@pytest.mark.held_out
def test_random_arrays(student, ref):
    for y_pred, y_true in pairs(seed=2):
        check_mae(student, ref, y_pred, y_true)


@pytest.mark.held_out
def test_array_likes_and_ints(student, ref):
    cases = [
        ([1, 2, 3, 4], [2, 2, 2, 2]),
        ((0.5, -1.5), (1.0, 1.0)),
        (np.array([3, -1, 4], dtype=np.int64), np.array([1, 5, 9], dtype=np.int64)),
        # uint8 wraps around (1 - 3 = 254), int8 stops at 127, int16 at 32767
        (np.array([1, 2], dtype=np.uint8), np.array([3, 0], dtype=np.uint8)),
        (np.array([100, -100, 5], dtype=np.int8), np.array([-100, 100, 0], dtype=np.int8)),
        (np.array([30000, 7], dtype=np.int16), np.array([-30000, 0], dtype=np.int16)),
        (np.array([[1, 2], [3, 4]], dtype=np.int32), np.array([[0, 0], [0, 0]], dtype=np.int32)),
        ([0.9, 0.2, 0.6], np.array([True, False, False])),
        (np.array([0.1, 0.7], dtype=np.float32), [0.0, 1.0]),
    ]
    for y_pred, y_true in either(0, cases, lambda g: [
            *[(like(a, g, -50, 50), like(b, g, -50, 50)) for a, b in cases[:3]],
            # the same edges: a negative uint8 difference, an int8 one past 127, an int16 one past 32767
            int_pair(g, np.uint8, [-g.integers(1, 256), g.integers(0, 256)]),
            int_pair(g, np.int8, [g.integers(128, 256), -g.integers(128, 256), g.integers(-9, 10)]),
            int_pair(g, np.int16, [g.integers(32768, 65536), g.integers(-9, 10)]),
            (like(cases[6][0], g, -50, 50), like(cases[6][1], g, -50, 50)),
            (like(cases[7][0], g, 0, 1), like(cases[7][1], g)),
            (like(cases[8][0], g, -1, 1), like(cases[8][1], g, -1, 1))]):
        python_float(check_mae(student, ref, y_pred, y_true))


@pytest.mark.held_out
def test_outlier_counts_linearly(student, ref):
    # errors of 1, then one of them raised to 101: the MAE grows by (101 - 1) / 5 = 20, the MSE by 2040
    # held out: errors of 0.5 to 2 with the same alternating signs (all of one sign, |mean| would equal the MAE), one
    # of them raised to 50 to 200 times as large
    signs = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    errors = either(0, signs, lambda g: signs * g.uniform(0.5, 2.0, 5))
    outlier = errors.copy()
    where = either(1, 4, lambda g: int(g.integers(0, 5)))
    outlier[where] = either(2, 101.0, lambda g: errors[where] * g.uniform(50.0, 200.0))
    y_true = either(3, np.zeros(5), lambda g: g.uniform(-3.0, 3.0, 5))
    check_mae(student, ref, y_true + errors, y_true)
    check_mae(student, ref, y_true + outlier, y_true)


@pytest.mark.held_out
def test_extreme_magnitudes(student, ref):
    cases = [
        (np.array([1e300, -1e300, 3e299]), np.array([0.0, 0.0, 1e299])),
        (np.array([1e-300, 3e-300]), np.array([-1e-300, 0.0])),
        (np.array([1e8 + 1.0, 1e8 - 2.0]), np.array([1e8, 1e8])),
    ]

    def drawn(g):
        """Errors whose squares overflow and underflow (sqrt(e**2) is not |e| there), and a few units on ~1e8."""
        base = np.full(2, g.uniform(1e8, 1e9))
        return [(signed(g, 0.5, 1.5, 3) * 1e300, signed(g, 0.5, 1.5, 3) * 1e299),
                (signed(g, 0.5, 3.0, 2) * 1e-300, signed(g, 0.5, 3.0, 2) * 1e-300),
                (base + signed(g, 1.0, 9.0, 2).round(), base)]

    for y_pred, y_true in either(0, cases, drawn):
        check_mae(student, ref, y_pred, y_true, atol=0.0)


@pytest.mark.held_out
def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    public = [(np.ones((3, 1)), np.zeros(3)), ([5.0], [1.0, 2.0, 3.0]), ([1.0, 2.0, 3.0], [1.0, 2.0]),
              ([[1.0, 2.0]], [1.0, 2.0])]
    # each pair in both orders: a mismatch must be refused whichever argument is the larger
    for first, second in either(0, public, lambda g: mismatched(g, "column", "single", "short", "row")):
        raises(student, "ValueError", "mae", first, second, why=why)
        raises(student, "ValueError", "mae", second, first, why=why)


@pytest.mark.held_out
def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    raises(student, "ValueError", "mae", [], [], why=why)
    columns = either(0, 2, lambda g: int(g.integers(3, 10)))
    raises(student, "ValueError", "mae", np.zeros((0, columns)), np.zeros((0, columns)), why=why)


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    public = [(np.array([1.0, -2.0, 3.0]), np.array([3.0, 2.0, 1.0])), (np.array([[1.0, 2.0]]), np.array([[4.0, -1.0]]))]
    for y_pred, y_true in either(0, public, lambda g: [(like(a, g, -9, 9), like(b, g, -9, 9)) for a, b in public]):
        check_mae(student, ref, y_pred, y_true, untouched=True)


@pytest.mark.public_only("its inputs are drawn afresh on every run (no table can hold them); a second timing "
                         "would only double its cost")
def test_vectorised(student, ref):
    return speed_verdict(measure(student, "mae", ref=ref), "mae", "y_pred - y_true, np.abs, np.mean")
