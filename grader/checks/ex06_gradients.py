"""Hidden checks for ex06_gradients: each loss's gradient, checked by value and by central differences."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import either, like, pairs, rng
from grader.checks.diagnosis import dtype_mistakes, told_apart
from grader.checks.maths import floats, sigmoid
from grader.checks.reasons import SHAPES_DIFFER
from grader.expect import Deferred, agrees, close, mistake, raises, unchanged
from grader.sandbox.wire import Fn
from grader.text import Text

# A finite-difference estimate is only as good as its step: compare it with a looser tolerance.
FD_RTOL, FD_ATOL = 1e-6, 1e-9


def differences_in(dtype, function, x, h):
    """Central differences with the probe points held in a wrong `dtype` (a copy in the caller's ints, or float32)."""
    x = np.array(x, dtype=dtype)
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (function(up) - function(down)) / (2 * h)
    return grad


def scale_mistakes(expected, n, *, two=True):
    """The factor mistakes every mean-loss gradient invites: the 1/n, the sign, and (for the MSE) the 2."""
    found = [
        mistake(expected * n, "looks like the gradient of the sum, not of the mean: divide by n (the number of elements)",
                "看起来是求和损失的梯度，而不是平均损失的：需要除以 n（元素个数）"),
        mistake(-expected, "looks like the sign is flipped: the gradient of (y_pred - y_true)**2 is +2(y_pred - y_true), "
                "it points towards larger loss", "看起来符号反了：梯度指向损失增大的方向，例如 (y_pred - y_true)**2 的导数是 +2(y_pred - y_true)"),
    ]
    if two:
        found.append(mistake(expected / 2, "looks like the factor 2 from the derivative of e**2 is missing",
                             "看起来少了平方求导得到的系数 2"))
        found.append(mistake(expected * n / 2, "looks like both the 2 and the 1/n are missing: d/dy_pred of mean(e**2) "
                             "is 2e/n", "看起来系数 2 和 1/n 都丢了：mean(e**2) 的导数是 2e/n"))
    return found


def mse_mistakes(y_pred, y_true):
    dtypes = dtype_mistakes(lambda p, t: 2.0 * (p - t) / p.size, y_pred, y_true)
    y_pred, y_true = floats(y_pred, y_true)
    return [*scale_mistakes(2 * (y_pred - y_true) / y_pred.size, y_pred.size), *dtypes]


def mae_mistakes(y_pred, y_true):
    dtypes = dtype_mistakes(lambda p, t: np.sign(p - t) / p.size, y_pred, y_true)
    y_pred, y_true = floats(y_pred, y_true)
    e, n = y_pred - y_true, y_pred.size
    with np.errstate(invalid="ignore"):
        ratio = e / np.abs(e)
    return [
        *scale_mistakes(np.sign(e) / n, n, two=False),
        mistake(np.where(e >= 0, 1.0, -1.0) / n, "looks like +1/n where the error is exactly 0: the gradient is "
                "sign(e)/n and np.sign(0) is 0 (a perfect prediction needs no push)",
                "看起来误差恰好为 0 的地方给了 +1/n：梯度是 sign(e)/n，np.sign(0) 为 0（预测完全正确时不需要推动）"),
        mistake(np.where(e > 0, 1.0, -1.0) / n, "looks like -1/n where the error is exactly 0: the gradient there is 0",
                "看起来误差恰好为 0 的地方给了 -1/n：那里的梯度应为 0"),
        mistake(ratio / n, "looks like e/|e|: that is nan where the error is 0; use np.sign(e)",
                "看起来是 e/|e|：误差为 0 时会得到 nan；请用 np.sign(e)"),
        mistake(2 * e / n, "looks like the MSE's gradient 2e/n: the MAE's is sign(e)/n",
                "看起来是 MSE 的梯度 2e/n：MAE 的梯度是 sign(e)/n"),
        *dtypes,
    ]


def huber_mistakes(y_pred, y_true, delta=1.0):
    dtypes = dtype_mistakes(lambda p, t: np.clip(p - t, -delta, delta) / p.size, y_pred, y_true)
    y_pred, y_true = floats(y_pred, y_true)
    e, n = y_pred - y_true, y_pred.size
    inside = np.abs(e) <= delta
    return [
        *scale_mistakes(np.clip(e, -delta, delta) / n, n, two=False),
        mistake(e / n, "looks like e/n everywhere: beyond |e| > delta the gradient is capped at delta * sign(e) / n",
                "看起来处处都是 e/n：当 |e| > delta 时梯度被限制为 delta * sign(e) / n"),
        mistake(np.where(inside, e, np.sign(e)) / n, "looks like sign(e)/n beyond delta: the cap is delta * sign(e), "
                "so that the two pieces meet", "看起来 delta 之外用了 sign(e)/n：上限应为 delta * sign(e)，两段才能相接"),
        mistake(np.where(inside, e, delta * e) / n, "looks like delta * e beyond delta: the linear piece's slope is "
                "delta * sign(e)", "看起来 delta 之外用了 delta * e：线性段的斜率是 delta * sign(e)"),
        mistake(np.where(e <= delta, e, delta) / n, "looks like the test used e instead of |e|: large negative errors "
                "must be capped at -delta too", "看起来判断时用了 e 而不是 |e|：很大的负误差也要被限制在 -delta"),
        mistake(np.clip(e, -1.0, 1.0) / n, "looks like delta was ignored (always 1.0)",
                "看起来忽略了 delta（总是 1.0）"),
        *dtypes,
    ]


def bce_mistakes(z, y):
    dtypes = dtype_mistakes(lambda z, y: (0.5 * (1 + np.tanh(0.5 * z)) - y) / z.size, z, y)
    z, y = floats(z, y)
    n, p = z.size, sigmoid(z)
    with np.errstate(all="ignore"):
        return [
            *scale_mistakes((p - y) / n, n, two=False),
            mistake(2 * (p - y) / n, "looks like a factor 2: that belongs to the MSE; here the gradient is "
                    "(sigmoid(z) - y) / n", "看起来多了系数 2：那是 MSE 的；这里的梯度是 (sigmoid(z) - y) / n"),
            mistake((p - y) * p * (1 - p) / n, "looks like an extra sigmoid'(z) = p(1 - p) factor: with the logits form "
                    "it cancels, and the gradient is simply (p - y) / n",
                    "看起来多乘了 sigmoid'(z) = p(1 - p)：在 logits 形式里它被约掉了，梯度就是 (p - y) / n"),
            mistake((p - y) / (p * (1 - p)) / n, "looks like the gradient with respect to p, not z: by the chain rule "
                    "the p(1 - p) cancels, leaving (p - y) / n",
                    "看起来是对 p 而不是对 z 的梯度：根据链式法则 p(1 - p) 会被约掉，只剩 (p - y) / n"),
            mistake((z - y) / n, "looks like z - y: use the probability sigmoid(z), not the logit",
                    "看起来是 z - y：应使用概率 sigmoid(z)，而不是 logit 本身"),
            mistake((np.exp(z) / (1 + np.exp(z)) - y) / n, "looks like sigmoid(z) = exp(z) / (1 + exp(z)): for z > 709 "
                    "that is inf / inf = nan; 0.5 * (1 + np.tanh(z / 2)) never overflows",
                    "看起来 sigmoid(z) 写成了 exp(z) / (1 + exp(z))：z > 709 时是 inf / inf = nan；"
                    "0.5 * (1 + np.tanh(z / 2)) 不会溢出"),
            *dtypes,
        ]


def _softmax_kept_in(dtype, logits):
    """The row-max-shifted softmax computed in `dtype` (the caller's ints, float32): what skipping the conversion gives."""
    logits = np.asarray(logits).astype(dtype)
    shifted = logits - logits.max(axis=1, keepdims=True)
    return np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)


def cross_entropy_mistakes(logits, target, expected):
    raw = np.asarray(logits)
    logits = np.asarray(logits, dtype=np.float64)
    target = np.asarray(target).astype(np.int64)
    n, classes = logits.shape
    one_hot = np.eye(classes)[target]
    p = expected * n + one_hot  # the reference's gradient is (softmax - one_hot) / n
    found = []
    with np.errstate(all="ignore"):
        found.append(mistake((np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True) - one_hot) / n,
                             "looks like the softmax without subtracting the row maximum: exp(1e4) overflows to "
                             "inf and inf / inf is nan", "看起来 softmax 没有先减去行最大值：exp(1e4) 溢出成 inf，inf / inf 是 nan"))
        if raw.dtype.kind in "iu":
            found.append(mistake((_softmax_kept_in(raw.dtype, raw) - one_hot) / n, f"looks like the {raw.dtype} logits were used as they "
                                 "are: np.exp of small integers gives float16 or float32, and in uint8 or int8 z - max "
                                 "wraps around; convert first with np.asarray(logits, dtype=np.float64)",
                                 f"看起来直接使用了 {raw.dtype} 的 logits：小整数的 np.exp 结果是 float16 或 float32，"
                                 "在 uint8 或 int8 中 z - max 还会回绕；请先用 np.asarray(logits, dtype=np.float64) 转换"))
        found.extend(dtype_mistakes(lambda logits: (_softmax_kept_in(logits.dtype, logits) - one_hot) / n, logits))
    return [
        *scale_mistakes((p - one_hot) / n, n, two=False),
        mistake(p / n, "looks like softmax / N alone: subtract the one-hot of the target (1 at the right class)",
                "看起来只有 softmax / N：还要减去目标的 one-hot（正确类别处为 1）"),
        mistake(p, "looks like the softmax alone: the gradient is (softmax - one_hot) / N",
                "看起来只有 softmax：梯度是 (softmax - one_hot) / N"),
        mistake((p - one_hot) / (n * classes), "looks like a division by N * C: divide by the number of examples N only",
                "看起来除以了 N * C：只应除以样本数 N"),
        mistake((one_hot - p) / n, "looks like one_hot - softmax: the sign is flipped",
                "看起来是 one_hot - softmax：符号反了"),
        *found,
    ]


MISTAKES = {"mse_grad": mse_mistakes, "mae_grad": mae_mistakes, "huber_grad": huber_mistakes,
            "bce_with_logits_grad": bce_mistakes}


def known_mistakes(function, expected, *args, **kwargs):
    """The function's known mistakes on these inputs that can explain a value other than `expected`."""
    if function == "cross_entropy_grad":  # its mistakes start from the reference's softmax, read off its gradient
        return told_apart(expected, lambda: cross_entropy_mistakes(*args, expected, **kwargs))
    return told_apart(expected, lambda: MISTAKES[function](*args, **kwargs))


def compare(got, expected, mistakes, **options):
    if isinstance(got.value, np.ndarray) and got.value.dtype != np.float64 and agrees(got.value, expected, 1e-9, 1e-12):
        got.array()  # the right numbers in another dtype: the dtype is all there is to say
    return close(got, expected, mistakes=mistakes, **options)


def check_grad(student, ref, function, *args, before=None, **kwargs):
    got, expected = student.call(function, *args, **kwargs), ref.call(function, *args, **kwargs)
    if before:
        before(got)
    return compare(got, expected, known_mistakes(function, expected, *args, **kwargs))


def _list_pair(generator, size, low=-5.0, high=5.0):
    """Two lists of `size` whole-numbered floats: a worked example's kind of numbers."""
    return [generator.integers(int(low), int(high) + 1, (2, size)).astype(np.float64)[i].tolist() for i in (0, 1)]


@pytest.mark.held_out
def test_mse_grad_values(student, ref):
    check_grad(student, ref, "mse_grad", *either(60, ([1.0, 2.0, 3.0], [1.0, 2.0, 5.0]), lambda g: _list_pair(g, 3)))
    for y_pred, y_true in pairs(seed=61):
        check_grad(student, ref, "mse_grad", y_pred, y_true)


def _mae_edges(generator):
    """Like the fixed MAE cases: an exact hit among errors of both signs, a lone exact hit, a hit beside a miss."""
    (a, b, c), (x, z) = generator.integers(-5, 6, 3).astype(float), generator.integers(1, 4, 2).astype(float)
    lone, zero = float(generator.integers(-5, 6)), float(generator.integers(-5, 6))
    return (([a, b, c], [a - x, b, c + z]), ([lone], [lone]), ([zero, zero], [zero, zero + x]))


@pytest.mark.held_out
def test_mae_grad_values(student, ref):
    for y_pred, y_true in either(160, (([1.0, 2.0, 3.0], [0.0, 2.0, 5.0]), ([4.0], [4.0]), ([0.0, 0.0], [0.0, 1.0])),
                                 _mae_edges):
        check_grad(student, ref, "mae_grad", y_pred, y_true)
    for y_pred, y_true in pairs(seed=62):
        y_true = y_true.copy()
        y_true.flat[0] = y_pred.flat[0]  # one exact hit in every case
        check_grad(student, ref, "mae_grad", y_pred, y_true)


def _huber_errors(generator, delta, size):
    """(y_pred, y_true) whose errors fall both inside and beyond delta, on both sides, none near |e| = delta."""
    size_of = generator.uniform(0.1, 0.8, size) * delta
    size_of[::2] = generator.uniform(1.3, 3.0, len(size_of[::2])) * delta
    errors = size_of * np.where(generator.random(size) < 0.5, -1.0, 1.0)
    y_true = generator.uniform(-2.0, 2.0, size)
    return y_true + errors, y_true


@pytest.mark.held_out
def test_huber_grad_values(student, ref):
    # the default delta = 1, errors inside and beyond it
    check_grad(student, ref, "huber_grad", *either(163, ([1.5, -1.0, 0.2], [1.0, 2.0, 0.0]), lambda g: [
        v.tolist() for v in _huber_errors(g, 1.0, 3)]))
    check_grad(student, ref, "huber_grad", *either(164, ([0.0, 0.0, 0.0, 0.0, 0.0], [3.0, -3.0, 0.5, -0.5, 1.5]),
                                                   lambda g: [v.tolist() for v in _huber_errors(g, 2.0, 5)]), delta=2.0)
    # |e| = delta exactly, on both sides: both pieces agree there
    delta = either(165, 0.5, lambda g: float(g.integers(1, 12)) / 4)  # quarters: y_true ± delta is exact
    y_true = either(166, [0.0, 0.0, 0.0], lambda g: g.integers(-4, 5, 3).astype(float).tolist())
    inside = either(167, 0.25, lambda g: float(g.uniform(-1, 1)) * delta)
    check_grad(student, ref, "huber_grad", [y_true[0] + delta, y_true[1] - delta, y_true[2] + inside], y_true,
               delta=delta)
    for (y_pred, y_true), delta in zip(pairs(seed=63), (1.0, 0.5, 2.0, 1.0, 3.0, 0.25)):
        check_grad(student, ref, "huber_grad", y_pred, y_true, delta=delta)


def _huge_logits(generator):
    """Logits past exp's overflow (|z| > 709) of both signs, labels that make them confidently right and wrong."""
    z = generator.uniform(720.0, 1e4, 4) * np.array([1.0, -1.0, 1.0, -1.0])
    return z, generator.permutation(np.array([0.0, 1.0, 1.0, 0.0]))


@pytest.mark.held_out
def test_bce_grad_values(student, ref):
    check_grad(student, ref, "bce_with_logits_grad", *either(168, ([0.0, 2.0, -1.0], [1.0, 0.0, 0.0]), lambda g: (
        g.integers(-3, 4, 3).astype(float).tolist(), g.integers(0, 2, 3).astype(float).tolist())))
    generator = rng(64)
    for shape in ((1,), (6,), (3, 4)):
        check_grad(student, ref, "bce_with_logits_grad", generator.normal(0.0, 3.0, shape),
                   generator.uniform(0.0, 1.0, shape))
    # finite for |z| up to 1e4: (sigmoid(z) - y) / n with sigmoid(z) in [0, 1]
    check_grad(student, ref, "bce_with_logits_grad", *either(169, (
        np.array([1e4, -1e4, 800.0, -800.0]), np.array([0.0, 1.0, 1.0, 0.0])), _huge_logits))


def _huge_rows(generator):
    """Two rows of 3 logits, each with one of about +1e4 (exp overflows) and the others near 0 or near -1e4."""
    logits = generator.choice([0.0, -1e4], (2, 3)) + generator.uniform(-5.0, 5.0, (2, 3))
    logits[[0, 1], generator.integers(0, 3, 2)] = generator.uniform(9e3, 1e4, 2)
    return logits, generator.integers(0, 3, 2)


@pytest.mark.held_out
def test_cross_entropy_grad_values(student, ref):
    check_grad(student, ref, "cross_entropy_grad", *either(170, (
        np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]), np.array([0, 2])),
        lambda g: (g.uniform(-1.0, 3.0, (2, 3)), g.integers(0, 3, 2))))
    generator = rng(65)
    for n, classes in ((1, 1), (1, 4), (5, 3), (8, 10)):
        check_grad(student, ref, "cross_entropy_grad", generator.normal(0.0, 3.0, (n, classes)),
                   generator.integers(0, classes, n))
    # logits of ±1e4: the softmax with each row's maximum subtracted
    check_grad(student, ref, "cross_entropy_grad", *either(171, (
        np.array([[1e4, 0.0, -1e4], [0.0, 0.0, 1e4]]), np.array([2, 2])), _huge_rows))


@pytest.mark.held_out
def test_gradients_match_finite_differences(student, ref):
    """Independent of our formulas: central differences of each mean loss, at points away from its kinks."""
    generator = rng(66)
    y_pred, y_true = generator.normal(0.0, 2.0, (3, 2)), generator.normal(0.0, 2.0, (3, 2))
    target = either(172, np.array([1, 0, 2]), lambda g: g.integers(0, 3, 3))
    logits = generator.normal(0.0, 2.0, (3, 3))
    z, labels = generator.normal(0.0, 2.0, 5), generator.uniform(0.0, 1.0, 5)
    # Each loss is the course's own reference (ex01-ex05), differentiated by the reference numerical_gradient:
    # no formula of ours, and in a release the recorded values of these same calls.
    cases = [
        ("mse_grad", (y_pred, y_true), {}, Fn("course.ex01_mse.mse", (y_true,)), y_pred),
        ("mae_grad", (y_pred, y_true), {}, Fn("course.ex02_mae.mae", (y_true,)), y_pred),
        ("huber_grad", (y_pred, y_true), {"delta": 1.5}, Fn("course.ex03_huber.huber", (y_true, 1.5)), y_pred),
        ("bce_with_logits_grad", (z, labels), {},
         Fn("course.ex04_binary_cross_entropy.binary_cross_entropy_with_logits", (labels,)), z),
        ("cross_entropy_grad", (logits, target), {}, Fn("course.ex05_cross_entropy.cross_entropy", (target,)), logits),
    ]
    for function, args, kwargs, loss, point in cases:
        got, expected = student.call(function, *args, **kwargs), ref.call("numerical_gradient", loss, point, h=1e-6)
        compare(got, expected, known_mistakes(function, expected, *args, **kwargs), rtol=FD_RTOL, atol=FD_ATOL)


def forward_differences(function, x, h):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    base = function(x)
    for index in np.ndindex(x.shape):
        up = x.copy()
        up[index] += h
        grad[index] = (function(up) - base) / h
    return grad


def numerical_mistakes(function, x, h, expected, default_step):
    """`expected` is the reference's central differences with step h; `default_step` its differences with h = 1e-5
    when h was given (None otherwise)."""
    raw = np.asarray(x)
    x = np.asarray(x, dtype=np.float64)
    found = [
        mistake(forward_differences(function, x, h), "looks like forward differences (f(x + h) - f(x)) / h: their error "
                "is of order h; use central differences (f(x + h) - f(x - h)) / (2h), whose error is of order h**2",
                "看起来是前向差分 (f(x + h) - f(x)) / h：误差是 h 的量级；请用中心差分 (f(x + h) - f(x - h)) / (2h)，误差是 h**2 的量级"),
        mistake(2 * expected, "looks like a division by h instead of 2h: the two points are 2h apart",
                "看起来除以的是 h 而不是 2h：两个点相距 2h"),
    ]
    if default_step is not None:
        found.append(mistake(default_step, f"looks like the step h = {h} was ignored: these "
                             "are central differences with h = 1e-5; use the h you are given",
                             f"看起来忽略了步长 h = {h}：这是 h = 1e-5 的中心差分；请使用传入的 h"))
    if raw.dtype.kind in "iub":
        found.append(mistake(differences_in(raw.dtype, function, x, h),
                             f"looks like x was copied with its dtype {raw.dtype}: x + h and x - h were truncated to "
                             "integers, so the step is lost; copy it with np.array(x, dtype=np.float64)",
                             f"看起来 x 被复制成了它原来的 dtype {raw.dtype}：x + h 和 x - h 被截断成整数，步长丢失了；"
                             "请用 np.array(x, dtype=np.float64) 复制"))
    found.append(mistake(differences_in(np.float32, function, x, np.float32(h)),
                         "looks like x was copied to float32: x + h is rounded to about 7 significant digits, which "
                         "spoils a step this small; copy it with np.array(x, dtype=np.float64)",
                         "看起来 x 被复制成了 float32：x + h 只保留约 7 位有效数字，这么小的步长会失真；"
                         "请用 np.array(x, dtype=np.float64) 复制"))
    return found


def _cubic(x):
    return float(np.sum(np.asarray(x, dtype=np.float64) ** 3))


def _smooth(x):
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum(np.sin(x) * x**2) + 0.5 * np.sum(x) ** 2)


@pytest.mark.held_out
def test_numerical_gradient_accuracy(student, ref):
    fixed = [
        (Fn("cubic"), _cubic, np.array([2.0, -1.0, 0.5]), {}),
        (Fn("cubic"), _cubic, np.array([[1.0, 3.0], [-2.0, 0.25]]), {}),
        (Fn("smooth"), _smooth, np.array([[0.3, -1.2, 2.0], [1.0, 0.0, -0.7]]), {}),
        (Fn("smooth"), _smooth, np.array([[[0.5], [-1.5]], [[2.5], [0.1]]]), {}),  # 3-D x
        (Fn("cubic"), _cubic, [1.0, -2.0], {}),                                        # a list
        (Fn("cubic"), _cubic, np.array([1, 2, 3]), {}),                                # int x
        (Fn("cubic"), _cubic, np.array([3, 1], dtype=np.uint8), {}),                   # uint8 x
        (Fn("cubic"), _cubic, np.array([1.5, -2.0]), {"h": 1e-3}),                     # the step given
        (Fn("cubic"), _cubic, np.array([1.0, 0.5]), {"h": 0.1}),                       # a step h**2 away from exact
    ]
    # held out: the same functions, shapes, dtypes and steps at other points (integers stay small and whole)
    cases = either(173, fixed, lambda g: [(fn, function, like(x, g, -3, 3) if np.asarray(x).dtype.kind == "f"
                                           else like(x, g, 0 if np.asarray(x).dtype.kind == "u" else -4, 4), kwargs)
                                          for fn, function, x, kwargs in fixed])
    cases.append((Fn("smooth"), _smooth, rng(67).normal(0.0, 1.5, (2, 3)), {}))  # drawn (held out too)
    for fn, function, x, kwargs in cases:
        h = kwargs.get("h", 1e-5)
        got = student.call("numerical_gradient", fn, x, **kwargs)
        # Central differences of the cubic are 3x**2 + h**2 exactly, so a given h shows in the value: compare with
        # the reference's, up to rounding (about 1e-16 * f / h).
        expected = ref.call("numerical_gradient", fn, x, **kwargs)
        default_step = ref.call("numerical_gradient", fn, x) if "h" in kwargs else None
        close(got, expected, rtol=1e-7, atol=1e-7, mistakes=Deferred(lambda: numerical_mistakes(function, x, h, expected, default_step)))


# The ways of stepping back that miss the float they left, for some x (h = 1e-5): x + h - h, x - h + h, and
# x + h - 2h + h. Each is a careless restore, and the fixed case has a point that each of them misses.
_STEP_BACKS = [lambda x: x + 1e-5 - 1e-5, lambda x: x - 1e-5 + 1e-5, lambda x: x + 1e-5 - 2e-5 + 1e-5]


def _missing_steps(generator):
    """A 2x2 x holding, in random places, a point that each way of stepping back misses (about 1 float in 25,000
    for the first two: searched among many draws at once)."""
    points = []
    for step_back in _STEP_BACKS:
        while True:
            candidates = generator.uniform(-3.0, 3.0, 50_000)
            missed = candidates[step_back(candidates) != candidates]
            if missed.size:
                points.append(missed[0])
                break
    points.append(generator.uniform(-3.0, 3.0))
    return generator.permutation(np.array(points)).reshape(2, 2)


@pytest.mark.held_out
def test_numerical_gradient_leaves_x(student, ref):
    x = either(174, np.array([[0.5, -1.0], [2.0, 0.25]]), lambda g: g.uniform(-2.0, 2.0, (2, 2)))
    got = student.call("numerical_gradient", Fn("smooth"), x)
    unchanged(got)
    # A step added and subtracted again does not always land on the same float: restore the saved value.
    # With h = 1e-5, 0.5 + h - h, -0.5 - h + h and -1.8 + h - 2h + h (either order) each miss by one ulp.
    x = either(175, np.array([[0.5, -0.5], [-1.8, 1.1]]), _missing_steps)
    unchanged(student.call("numerical_gradient", Fn("cubic"), x))


def _invalid_inputs(generator):
    """The validation cases' inputs at other sizes and values, each still on the wrong side of its rule."""
    n, classes = int(generator.integers(2, 6)), int(generator.integers(2, 6))
    logits = generator.normal(0.0, 2.0, (2, classes))
    return {
        "column": (generator.uniform(0.0, 1.0, (n, 1)), generator.uniform(0.0, 1.0, n)),  # labels for the BCE too
        "negative delta": -float(generator.uniform(0.1, 3.0)),
        "labels": (generator.normal(0.0, 2.0, 2).tolist(), float(generator.uniform(1.01, 3.0)),
                   -float(generator.uniform(0.01, 2.0)), float(generator.uniform(0.0, 1.0))),
        "logits": logits,
        "classes": (classes, classes + int(generator.integers(0, 3)), -int(generator.integers(1, 4)),
                    classes + int(generator.integers(2, 6)), float(generator.integers(0, classes - 1)) + 0.5),
    }


PUBLIC_INVALID = {"column": (np.zeros((3, 1)), np.zeros(3)), "negative delta": -1.0,
                  "labels": ([0.5, 1.0], 1.5, -0.5, 0.0), "logits": np.zeros((2, 3)), "classes": (3, 3, -1, 5, 1.5)}


@pytest.mark.held_out
def test_validation(student, ref):
    drawn = either(176, PUBLIC_INVALID, _invalid_inputs)
    shape = SHAPES_DIFFER
    column, flat = drawn["column"]
    for function in ("mse_grad", "mae_grad", "huber_grad", "bce_with_logits_grad"):
        raises(student, "ValueError", function, column, flat, why=shape)
        raises(student, "ValueError", function, flat, column, why=shape)  # either way round
    empty = Text(en="there is no mean over zero elements", zh="零个元素没有平均值")
    for function in ("mse_grad", "mae_grad", "huber_grad", "bce_with_logits_grad"):
        raises(student, "ValueError", function, [], [], why=empty)
    raises(student, "ValueError", "cross_entropy_grad", np.zeros((0, 3)), np.zeros(0, dtype=np.int64), why=empty)
    positive = Text(en="delta must be > 0", zh="delta 必须大于 0")
    raises(student, "ValueError", "huber_grad", [1.0], [0.0], delta=0.0, why=positive)
    raises(student, "ValueError", "huber_grad", [1.0, 3.0], [0.0, 0.0], delta=drawn["negative delta"], why=positive)
    labels = Text(en="labels are probabilities: reject values outside [0, 1]", zh="标签是概率：超出 [0, 1] 的值要报错")
    z, above, below, within = drawn["labels"]
    raises(student, "ValueError", "bce_with_logits_grad", z, [above, within], why=labels)
    raises(student, "ValueError", "bce_with_logits_grad", z, [1.0, below], why=labels)
    classes = Text(en="a class id must lie in [0, C): raise ValueError, not IndexError",
                   zh="类别编号必须在 [0, C) 内：请抛出 ValueError，而不是 IndexError")
    logits = drawn["logits"]
    count, at_end, negative, beyond, fraction = drawn["classes"]
    raises(student, "ValueError", "cross_entropy_grad", logits, np.array([0, at_end]), why=classes)
    raises(student, "ValueError", "cross_entropy_grad", logits, np.array([0, negative]), why=classes)
    raises(student, "ValueError", "cross_entropy_grad", logits, np.array([beyond, 0]), why=classes)
    raises(student, "ValueError", "cross_entropy_grad", logits, np.array([0.0, fraction]),
           why=Text(en="a class id must be an integer: 1.5 is no class (astype(int) would truncate it to 1)",
                    zh="类别编号必须是整数：1.5 不是任何类别（astype(int) 会把它截断成 1）"))
    raises(student, "ValueError", "cross_entropy_grad", logits, np.array([[0], [1]]), why=shape)
    raises(student, "ValueError", "cross_entropy_grad", logits[:1], np.int64(1), why=shape)
    two_d = Text(en="logits must be 2-D (N, C)", zh="logits 必须是二维 (N, C)")
    raises(student, "ValueError", "cross_entropy_grad", logits[0], np.arange(count), why=two_d)
    raises(student, "ValueError", "cross_entropy_grad", np.stack([logits, logits], axis=2), np.array([0, 1]), why=two_d)


def _ints(generator, low, high, shape, dtype=np.int64):
    return generator.integers(low, high + 1, shape).astype(dtype)


def _below(generator, dtype, size):
    """(y_pred, y_true) in an unsigned dtype with y_pred < y_true somewhere: y_pred - y_true wraps around there."""
    y_pred, y_true = _ints(generator, 0, 20, size, dtype), _ints(generator, 0, 20, size, dtype)
    y_true[0] = y_pred[0] + generator.integers(1, 10)
    return y_pred, y_true


def _array_likes(generator):
    """The array-like cases' kinds (lists, tuples, small dtypes, bools) holding other numbers, keeping each edge."""
    mae_pred, mae_true = _below(generator, np.uint8, 3)
    mae_true[1] = mae_pred[1]                                  # an exact hit, as in the fixed case
    mae_pred[2] = mae_true[2] + generator.integers(1, 10)
    wide = _ints(generator, 64, 127, 4, np.int8)               # y_pred - y_true reaches 128..254: wraps in int8
    labels = generator.random(2) < 0.5
    base = _ints(generator, -5, 5, 2)                          # |y_pred - y_true| of 2..9, beyond delta = 1
    return [
        ("mse_grad", _ints(generator, -5, 5, (2, 3)).tolist(), {}),
        ("mse_grad", _below(generator, np.uint8, 2), {}),
        ("mse_grad", tuple(like(value, generator, -1.0, 1.0) for value in (np.zeros(2, np.float32),) * 2), {}),
        ("mae_grad", tuple(tuple(row) for row in _ints(generator, -5, 5, (2, 2)).tolist()), {}),
        ("mae_grad", (mae_pred, mae_true), {}),
        ("huber_grad", (_ints(generator, 2, 9, 2) * np.array([1, -1]) + base, base), {}),
        ("huber_grad", (wide[:2] * np.array([1, -1], dtype=np.int8), wide[2:] * np.array([-1, 1], dtype=np.int8)),
         {"delta": 300.0}),
        ("bce_with_logits_grad", (_ints(generator, -3, 3, 2).tolist(), _ints(generator, 0, 1, 2).tolist()), {}),
        ("bce_with_logits_grad", (_ints(generator, -5, 5, 2, np.int16), labels), {}),
        ("cross_entropy_grad", (_ints(generator, 0, 3, (2, 2)).tolist(), _ints(generator, 0, 1, 2).tolist()), {}),
        ("cross_entropy_grad", (generator.uniform(-1.0, 3.0, (2, 3)).tolist(), _ints(generator, 0, 2, 2, np.float64)), {}),
        ("cross_entropy_grad", (_ints(generator, 0, 5, (2, 2), np.uint8), _ints(generator, 0, 1, 2, np.uint8)), {}),
        ("cross_entropy_grad", (_ints(generator, -3, 3, (2, 2), np.int16), generator.random(2) < 0.5), {}),
    ]


PUBLIC_ARRAY_LIKES = [
    ("mse_grad", ([1, 2, 3], [3, 2, 1]), {}),
    ("mse_grad", (np.array([1, 5], dtype=np.uint8), np.array([3, 2], dtype=np.uint8)), {}),
    ("mse_grad", (np.array([0.1, 0.7], dtype=np.float32), np.array([0.3, 0.2], dtype=np.float32)), {}),
    ("mae_grad", ((1, 5), (2, 2)), {}),
    ("mae_grad", (np.array([1, 2, 2], dtype=np.uint8), np.array([2, 2, 1], dtype=np.uint8)), {}),
    ("huber_grad", (np.array([4, -4], dtype=np.int64), np.array([0, 0], dtype=np.int64)), {}),
    ("huber_grad", (np.array([100, -100], dtype=np.int8), np.array([-100, 100], dtype=np.int8)), {"delta": 300.0}),
    ("bce_with_logits_grad", ([0, 1], [1, 1]), {}),
    ("bce_with_logits_grad", (np.array([-2, 3], dtype=np.int16), np.array([True, False])), {}),
    ("cross_entropy_grad", ([[1, 2], [0, 0]], [1, 0]), {}),
    # whole numbers stored as floats are class ids too
    ("cross_entropy_grad", ([[1.0, 2.0, 0.5], [0.0, 0.0, 3.0]], np.array([2.0, 1.0])), {}),
    ("cross_entropy_grad", (np.array([[0, 3], [2, 1]], dtype=np.uint8), np.array([1, 0], dtype=np.uint8)), {}),
    ("cross_entropy_grad", (np.array([[1, 2], [3, 0]], dtype=np.int16), np.array([True, False])), {}),
]


@pytest.mark.held_out
def test_array_likes_and_inputs_unchanged(student, ref):
    for function, args, kwargs in either(177, PUBLIC_ARRAY_LIKES, _array_likes):
        check_grad(student, ref, function, *args, **kwargs)
    y_pred, y_true, labels, logits, target = either(178, (
        np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.5, 0.5]), np.array([0.0, 1.0, 0.5]),
        np.array([[1.0, 2.0, 0.0], [3.0, 1.0, 2.0]]), np.array([2, 0])), lambda g: (
        g.uniform(-3.0, 3.0, 3), g.uniform(-1.0, 1.0, 3), g.uniform(0.0, 1.0, 3), g.uniform(-1.0, 3.0, (2, 3)),
        g.integers(0, 3, 2)))
    for function, args in (("mse_grad", (y_pred, y_true)), ("mae_grad", (y_pred, y_true)),
                           ("huber_grad", (y_pred, y_true)), ("bce_with_logits_grad", (y_pred, labels)),
                           ("cross_entropy_grad", (logits, target))):
        check_grad(student, ref, function, *args, before=unchanged)
