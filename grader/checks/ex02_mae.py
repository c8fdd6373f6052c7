"""Hidden checks for ex02_mae: the mean of absolute errors."""

from __future__ import annotations

import numpy as np

from grader.checks.cases import pairs
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, finite, mistake, raises, unchanged
from grader.speed import measure, speed_verdict
from grader.text import Text


def mae_mistakes(y_pred, y_true):
    """What the usual wrong formulas give on these inputs, each with the misconception it reveals."""
    error = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    with np.errstate(all="ignore"):
        return [
            mistake(np.sum(np.abs(error)), "looks like the sum of absolute errors, not the mean (divide by n)",
                    "看起来是绝对误差的和，而不是平均（需要除以 n）"),
            mistake(np.abs(np.mean(error)), "looks like the absolute value of the mean error: take |e| of each error "
                    "first, or +5 and -5 cancel", "看起来是平均误差的绝对值：应先对每个误差取绝对值，否则 +5 和 -5 会相互抵消"),
            mistake(np.mean(error), "looks like the plain mean error: without abs, +5 and -5 cancel out",
                    "看起来是直接对误差求平均：不取绝对值的话 +5 和 -5 会相互抵消"),
            mistake(np.mean(error**2), "looks like the mean squared error: take the absolute value, do not square",
                    "看起来是均方误差：应取绝对值，而不是平方"),
            mistake(np.sqrt(np.mean(error**2)), "looks like the root mean squared error (RMSE), not the MAE",
                    "看起来是均方根误差（RMSE），而不是 MAE"),
            mistake(np.median(np.abs(error)), "looks like the median absolute error: the MAE is the mean",
                    "看起来是绝对误差的中位数：MAE 是平均值"),
            mistake(np.max(np.abs(error)), "looks like the largest absolute error: average over all elements",
                    "看起来是最大的绝对误差：应对所有元素求平均"),
        ]


def check_mae(student, ref, y_pred, y_true, **options):
    got = student.call("mae", y_pred, y_true)
    return close(got, ref.call("mae", y_pred, y_true), mistakes=mae_mistakes(y_pred, y_true), **options)


def test_worked_example(student, ref):
    for y_pred, y_true in ([1, 2, 3], [1, 2, 5]), ([0.0, 0.0], [5.0, -5.0]), ([2.5], [0.5]), ([1.0, -2.0, 4.0], [0.0, 0.0, 0.0]):
        check_mae(student, ref, y_pred, y_true)


def test_random_arrays(student, ref):
    for y_pred, y_true in pairs(seed=2):
        check_mae(student, ref, y_pred, y_true)


def test_array_likes_and_ints(student, ref):
    hint = Text(en="convert the inputs with np.asarray(x, dtype=np.float64) before subtracting (unsigned or small "
                   "int types wrap around)",
                zh="相减之前先用 np.asarray(x, dtype=np.float64) 转换输入（无符号或小整数类型会溢出回绕）")
    cases = [
        ([1, 2, 3, 4], [2, 2, 2, 2]),
        ((0.5, -1.5), (1.0, 1.0)),
        (np.array([3, -1, 4], dtype=np.int64), np.array([1, 5, 9], dtype=np.int64)),
        (np.array([1, 2], dtype=np.uint8), np.array([3, 0], dtype=np.uint8)),
        (np.array([[1, 2], [3, 4]], dtype=np.int32), np.array([[0, 0], [0, 0]], dtype=np.int32)),
    ]
    for y_pred, y_true in cases:
        check_mae(student, ref, y_pred, y_true, hint=hint)


def test_outlier_counts_linearly(student, ref):
    y_true = np.zeros(5)
    small = student.call("mae", np.array([1.0, -1.0, 1.0, -1.0, 1.0]), y_true)
    close(small, 1.0, mistakes=mae_mistakes([1.0, -1.0, 1.0, -1.0, 1.0], y_true))
    y_pred = np.array([1.0, -1.0, 1.0, -1.0, 101.0])
    why = Text(en="one error of 101 among errors of 1 should add (101 - 1) / 5 = 20 to the MAE: it grows linearly "
                  "with the outlier, that is what makes MAE robust",
               zh="在误差都是 1 的数据中加入一个误差 101，MAE 应只增加 (101 - 1) / 5 = 20：它随离群点线性增长，所以 MAE 更稳健")
    got = student.call("mae", y_pred, y_true)
    close(got, ref.call("mae", y_pred, y_true), mistakes=mae_mistakes(y_pred, y_true), hint=why)


def test_extreme_magnitudes(student, ref):
    cases = [
        (np.array([1e300, -1e300, 3e299]), np.array([0.0, 0.0, 1e299])),
        (np.array([1e-300, 3e-300]), np.array([-1e-300, 0.0])),
        (np.array([1e8 + 1.0, 1e8 - 2.0]), np.array([1e8, 1e8])),
    ]
    why = Text(en="with huge values, squaring overflows to inf: the MAE needs no square at all",
               zh="数值很大时平方会溢出为 inf：MAE 根本不需要平方")
    for y_pred, y_true in cases:
        got = student.call("mae", y_pred, y_true)
        finite(got, got.scalar(), why)
        close(got, ref.call("mae", y_pred, y_true), atol=0.0, mistakes=mae_mistakes(y_pred, y_true), hint=why)


def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    raises(student, "ValueError", "mae", np.ones((3, 1)), np.zeros(3), why=why)
    raises(student, "ValueError", "mae", [1.0, 2.0, 3.0], [1.0, 2.0], why=why)
    raises(student, "ValueError", "mae", [[1.0, 2.0]], [1.0, 2.0], why=why)


def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    raises(student, "ValueError", "mae", [], [], why=why)
    raises(student, "ValueError", "mae", np.zeros((0, 2)), np.zeros((0, 2)), why=why)


def test_inputs_unchanged(student, ref):
    y_pred, y_true = np.array([1.0, -2.0, 3.0]), np.array([3.0, 2.0, 1.0])
    got = student.call("mae", y_pred, y_true)
    unchanged(got)
    close(got, ref.call("mae", y_pred, y_true), mistakes=mae_mistakes(y_pred, y_true))


def test_vectorised(student, ref):
    return speed_verdict(measure(student, "mae"), "mae", "y_pred - y_true, np.abs, np.mean")
