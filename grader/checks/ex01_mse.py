"""Hidden checks for ex01_mse: the mean of squared errors."""

from __future__ import annotations

import numpy as np

from grader.checks.cases import pairs
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, mistake, raises, unchanged
from grader.speed import measure, speed_verdict
from grader.text import Text


def mse_mistakes(y_pred, y_true):
    """What the usual wrong formulas give on these inputs, each with the misconception it reveals."""
    error = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return [
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
    ]


def test_worked_example(student, ref):
    for y_pred, y_true in ([1, 2, 3], [1, 2, 5]), ([0.0, 0.0], [5.0, -5.0]), ([2.5], [0.5]):
        got = student.call("mse", y_pred, y_true)
        close(got, ref.call("mse", y_pred, y_true), mistakes=mse_mistakes(y_pred, y_true))


def test_random_arrays(student, ref):
    for y_pred, y_true in pairs(seed=1):
        got = student.call("mse", y_pred, y_true)
        close(got, ref.call("mse", y_pred, y_true), mistakes=mse_mistakes(y_pred, y_true))


def test_array_likes_and_ints(student, ref):
    cases = [
        ([1, 2, 3, 4], [2, 2, 2, 2]),
        ((0.5, -1.5), (1.0, 1.0)),
        (np.array([3, -1, 4], dtype=np.int64), np.array([1, 5, 9], dtype=np.int64)),
        (np.array([[1, 2], [3, 4]], dtype=np.int32), np.array([[0, 0], [0, 0]], dtype=np.int32)),
        (np.array([0.1, 0.2], dtype=np.float32), [0.0, 0.0]),
    ]
    for y_pred, y_true in cases:
        got = student.call("mse", y_pred, y_true)
        close(got, ref.call("mse", y_pred, y_true), mistakes=mse_mistakes(y_pred, y_true),
              hint=Text(en="convert the inputs with np.asarray(x, dtype=np.float64) before subtracting",
                        zh="相减之前先用 np.asarray(x, dtype=np.float64) 转换输入"))


def test_extreme_magnitudes(student, ref):
    cases = [
        (np.array([1e150, -2e150, 3e150]), np.array([0.0, 1e150, 2e150])),
        (np.array([1e-150, 3e-150]), np.array([-1e-150, 0.0])),
        (np.array([1e8 + 1.0, 1e8 - 2.0]), np.array([1e8, 1e8])),
    ]
    for y_pred, y_true in cases:
        got = student.call("mse", y_pred, y_true)
        close(got, ref.call("mse", y_pred, y_true), rtol=1e-9, atol=0.0, mistakes=mse_mistakes(y_pred, y_true))


def test_perfect_prediction_is_zero(student, ref):
    for y in ([3.0, -1.0, 2.0], np.arange(12.0).reshape(3, 4), [7], [0.1, 0.7, 1e8 + 0.3]):
        close(student.call("mse", y, y), 0.0, atol=0.0)


def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    raises(student, "ValueError", "mse", np.ones((3, 1)), np.zeros(3), why=why)
    raises(student, "ValueError", "mse", [1.0, 2.0, 3.0], [1.0, 2.0], why=why)
    raises(student, "ValueError", "mse", np.zeros((2, 3)), np.zeros((3, 2)), why=why)


def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    raises(student, "ValueError", "mse", [], [], why=why)
    raises(student, "ValueError", "mse", np.zeros((0, 3)), np.zeros((0, 3)), why=why)


def test_inputs_unchanged(student, ref):
    y_pred, y_true = np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])
    got = student.call("mse", y_pred, y_true)
    unchanged(got)
    close(got, ref.call("mse", y_pred, y_true), mistakes=mse_mistakes(y_pred, y_true))
    got = student.call("mse", [1.0, 5.0], [0.0, 0.0])
    unchanged(got)


def test_vectorised(student, ref):
    return speed_verdict(measure(student, "mse"), "mse", "y_pred - y_true, ** 2, np.mean")
