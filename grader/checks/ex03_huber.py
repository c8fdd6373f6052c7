"""Hidden checks for ex03_huber: quadratic up to delta, linear beyond, averaged."""

from __future__ import annotations

import numpy as np

from grader.checks.cases import pairs
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, mistake, raises, unchanged
from grader.text import Text


def _pieces(y_pred, y_true, delta):
    error = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return error, np.abs(error)


def huber_mistakes(y_pred, y_true, delta=1.0):
    """What the usual wrong formulas give on these inputs, each with the misconception it reveals."""
    error, size = _pieces(y_pred, y_true, delta)
    inside = size <= delta
    right = np.where(inside, 0.5 * size**2, delta * (size - 0.5 * delta))
    with np.errstate(all="ignore"):
        return [
            mistake(np.sum(right), "looks like the sum over the elements, not the mean (divide by n)",
                    "看起来是对元素求和，而不是平均（需要除以 n）"),
            mistake(np.mean(np.where(inside, 0.5 * size**2, delta * size)),
                    "looks like the linear piece is delta * |e| without the shift: it must be delta * (|e| - 0.5 * "
                    "delta) so that both pieces meet at |e| = delta",
                    "看起来线性段是 delta * |e|，少了平移：应为 delta * (|e| - 0.5 * delta)，两段才能在 |e| = delta 处相接"),
            mistake(np.mean(np.where(error <= delta, 0.5 * size**2, delta * (size - 0.5 * delta))),
                    "looks like the test used e instead of |e|: large negative errors were treated as small",
                    "看起来判断时用的是 e 而不是 |e|：很大的负误差被当成了小误差"),
            mistake(np.mean(np.where(inside, size**2, delta * (size - 0.5 * delta))),
                    "looks like the quadratic piece lacks its factor 0.5: it is 0.5 * e**2",
                    "看起来二次段少了系数 0.5：应为 0.5 * e**2"),
            mistake(np.mean(np.where(inside, size**2, 2 * delta * size - delta**2)),
                    "looks like twice the Huber loss: the quadratic piece is 0.5 * e**2",
                    "看起来是 Huber 损失的两倍：二次段是 0.5 * e**2"),
            mistake(np.mean(np.where(inside, 0.5 * size**2, delta * size - 0.5 * delta)),
                    "looks like delta * |e| - 0.5 * delta: the shift is 0.5 * delta**2 (delta * (|e| - 0.5 * delta))",
                    "看起来是 delta * |e| - 0.5 * delta：平移量应为 0.5 * delta**2（即 delta * (|e| - 0.5 * delta)）"),
            mistake(np.mean(np.where(inside, delta * (size - 0.5 * delta), 0.5 * size**2)),
                    "looks like the two pieces are swapped: small errors (|e| <= delta) get 0.5 * e**2",
                    "看起来两段弄反了：小误差（|e| <= delta）用 0.5 * e**2"),
            mistake(np.mean(np.where(size <= 1.0, 0.5 * size**2, size - 0.5)),
                    "looks like delta was ignored (always 1.0): use the delta argument",
                    "看起来忽略了 delta（总是 1.0）：请使用传入的 delta 参数"),
        ]


def check_huber(student, ref, y_pred, y_true, *args, hint=None, **kwargs):
    delta = kwargs.get("delta", args[0] if args else 1.0)
    got = student.call("huber", y_pred, y_true, *args, **kwargs)
    return close(got, ref.call("huber", y_pred, y_true, *args, **kwargs),
                 mistakes=huber_mistakes(y_pred, y_true, delta), hint=hint)


def test_worked_example(student, ref):
    # errors 0.5 (quadratic: 0.125) and -3 (linear: 1 * (3 - 0.5) = 2.5): mean 1.3125
    check_huber(student, ref, [1.5, -1.0], [1.0, 2.0], delta=1.0)
    check_huber(student, ref, [0.0, 0.0, 0.0], [0.5, -4.0, 10.0], delta=2.0)
    check_huber(student, ref, [3.0], [0.0], delta=0.5)


def test_random_arrays(student, ref):
    for (y_pred, y_true), delta in zip(pairs(seed=3), (1.0, 0.3, 2.5, 1.0, 0.7, 4.0)):
        check_huber(student, ref, y_pred, y_true, delta=delta)
    for y_pred, y_true in pairs(seed=33, shapes=[(9,), (4, 3)]):
        check_huber(student, ref, y_pred, y_true, 1.5)  # delta given by position


def test_boundary_and_continuity(student, ref):
    why = Text(en="at |e| = delta both pieces equal 0.5 * delta**2, and just past it the loss must move on smoothly",
               zh="在 |e| = delta 处两段都等于 0.5 * delta**2，越过这一点后损失也应平滑地继续增长")
    for delta in (1.0, 2.0, 0.25):
        for offset in (0.0, 1e-3 * delta, -1e-3 * delta):
            errors = np.array([delta + offset, -(delta + offset), 0.1 * delta])
            check_huber(student, ref, errors, np.zeros(3), delta=delta, hint=why)


def test_default_delta(student, ref):
    why = Text(en="the default is delta=1.0", zh="默认值是 delta=1.0")
    for y_pred, y_true in ([0.2, 3.0, -2.0], [0.0, 0.0, 0.0]), ([4.0], [1.5]):
        got = student.call("huber", y_pred, y_true)
        close(got, ref.call("huber", y_pred, y_true), mistakes=huber_mistakes(y_pred, y_true), hint=why)


def test_limits_match_mse_and_mae(student, ref):
    y_pred, y_true = np.array([0.3, -2.0, 5.0, 0.0]), np.array([0.0, 1.0, -1.0, 0.1])
    error = y_pred - y_true
    huge = Text(en=f"with delta = 1e6 every error is small, so the Huber loss is half the MSE: "
                   f"{0.5 * np.mean(error ** 2):.6g}",
                zh=f"delta = 1e6 时所有误差都是小误差，Huber 损失等于 MSE 的一半：{0.5 * np.mean(error ** 2):.6g}")
    check_huber(student, ref, y_pred, y_true, delta=1e6, hint=huge)
    tiny = Text(en="with a tiny delta every error is large, so the loss is delta * (MAE - 0.5 * delta)",
                zh="delta 很小时所有误差都是大误差，损失等于 delta * (MAE - 0.5 * delta)")
    check_huber(student, ref, y_pred, y_true, delta=1e-3, hint=tiny)


def test_array_likes_and_ints(student, ref):
    hint = Text(en="convert the inputs with np.asarray(x, dtype=np.float64) before subtracting",
                zh="相减之前先用 np.asarray(x, dtype=np.float64) 转换输入")
    check_huber(student, ref, [1, 2, 3, 4], [2, 2, 2, 0], hint=hint)
    check_huber(student, ref, (0.5, -1.5), (1.0, 1.0), delta=1, hint=hint)
    check_huber(student, ref, np.array([3, -1, 4], dtype=np.int64), np.array([1, 5, 9], dtype=np.int64), delta=2,
                hint=hint)
    check_huber(student, ref, np.array([1, 9], dtype=np.uint8), np.array([4, 0], dtype=np.uint8), hint=hint)


def test_invalid_delta_raises(student, ref):
    why = Text(en="delta is where the quadratic piece hands over to the linear one: it must be > 0",
               zh="delta 是二次段切换到线性段的位置：必须大于 0")
    raises(student, "ValueError", "huber", [1.0, 2.0], [0.0, 0.0], delta=0.0, why=why)
    raises(student, "ValueError", "huber", [1.0, 2.0], [0.0, 0.0], delta=-1.0, why=why)


def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    raises(student, "ValueError", "huber", np.ones((3, 1)), np.zeros(3), why=why)
    raises(student, "ValueError", "huber", [1.0, 2.0, 3.0], [1.0, 2.0], why=why)


def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    raises(student, "ValueError", "huber", [], [], why=why)
    raises(student, "ValueError", "huber", np.zeros((0, 2)), np.zeros((0, 2)), delta=2.0, why=why)


def test_inputs_unchanged(student, ref):
    y_pred, y_true = np.array([1.0, -2.0, 3.0]), np.array([3.0, 2.0, 1.5])
    got = student.call("huber", y_pred, y_true, delta=1.0)
    unchanged(got)
    close(got, ref.call("huber", y_pred, y_true, delta=1.0), mistakes=huber_mistakes(y_pred, y_true))
