"""Hidden checks for ex05_cross_entropy: softmax, log_softmax and the mean cross-entropy, all stable."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import either, int_pair, like, rng
from grader.checks.diagnosis import dtype_mistakes, python_float, told_apart
from grader.expect import agrees, close, mistake, raises, unchanged
from grader.text import Text

# log_softmax(z) = z - logsumexp(z) cancels for logits of 1e4: correct formulas differ by ~1e-16 * |z|.
LARGE_ATOL = 1e-8


def _exp_ratio(z, axis):
    with np.errstate(all="ignore"):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)


def _log_ratio(z, axis, top=None):
    """z - m - log(sum(exp(z - m))) along `axis`, m the maximum along it (or `top` if given)."""
    with np.errstate(all="ignore"):
        top = np.max(z, axis=axis, keepdims=True) if top is None else top
        return z - top - np.log(np.sum(np.exp(z - top), axis=axis, keepdims=True))


def _picked(log_probs, target):
    return log_probs[np.arange(len(target)), target]


def truncated(raw, value):
    return mistake(value, f"looks like the result was stored in an array of the input's dtype {raw.dtype}: the "
                   "probabilities were truncated to integers; compute in float64",
                   f"看起来结果存进了与输入相同 dtype（{raw.dtype}）的数组：概率被截断成了整数；请用 float64 计算")


def softmax_mistakes(z, expected):
    raw = np.asarray(z)
    z = np.asarray(z, dtype=np.float64)
    found = []
    with np.errstate(all="ignore"):
        if z.ndim >= 2:
            found.append(mistake(_exp_ratio(z, 0), "looks like the softmax was taken over axis 0 (down the columns): "
                                 "normalise each row, over the last axis (axis=-1)",
                                 "看起来 softmax 是沿 axis 0（按列）计算的：应对每一行、沿最后一个轴（axis=-1）归一化"))
            found.append(mistake(_exp_ratio(z.reshape(-1), 0).reshape(z.shape), "looks like the whole array was "
                                 "normalised at once: "
                                 "each row must sum to 1 (axis=-1, keepdims=True)",
                                 "看起来是把整个数组一起归一化了：每一行都应和为 1（axis=-1, keepdims=True）"))
        found.append(mistake(np.exp(z), "looks like exp(z) without dividing by the row's sum",
                             "看起来只算了 exp(z)，没有除以每行的和"))
        found.append(mistake(np.exp(z) / np.sum(z, axis=-1, keepdims=True),
                             "looks like exp(z) divided by the sum of z: the denominator is the sum of exp(z), so that "
                             "every row sums to 1", "看起来是 exp(z) 除以 z 的和：分母应是 exp(z) 的和，每一行才会和为 1"))
        found.append(mistake(np.exp(z) / np.sum(np.exp(z), axis=-1, keepdims=True),
                             "looks like np.exp(z) without subtracting the row's maximum first: exp(1000) overflows to "
                             "inf and inf / inf is nan; subtract z.max(axis=-1, keepdims=True) before np.exp",
                             "看起来没有先减去每行的最大值就算了 np.exp(z)：exp(1000) 溢出成 inf，inf / inf 是 nan；"
                             "请在 np.exp 之前减去 z.max(axis=-1, keepdims=True)"))
        global_exp = np.exp(z - np.max(z))
        found.append(mistake(global_exp / np.sum(global_exp, axis=-1, keepdims=True),
                             "looks like one maximum for the whole array (z.max() without an axis): rows far below it "
                             "underflow to 0 and 0 / 0 is nan; subtract each row's own maximum "
                             "(axis=-1, keepdims=True)",
                             "看起来整个数组只减去了一个最大值（z.max() 没有指定轴）：远低于它的行会下溢成 0，0 / 0 是 nan；"
                             "请减去每一行自己的最大值（axis=-1, keepdims=True）"))
        if raw.dtype.kind in "iub":
            found.append(truncated(raw, _exp_ratio(z, -1).astype(raw.dtype)))
    return told_apart(expected, [*found, *dtype_mistakes(lambda z: _exp_ratio(z, -1), raw)])


def log_softmax_mistakes(z, expected):
    raw = np.asarray(z)
    z = np.asarray(z, dtype=np.float64)
    top = np.max(z, axis=-1, keepdims=True)
    found = [mistake(z - top, "looks like z - max(z): the log of the sum of exp(z - max) is missing",
                     "看起来是 z - max(z)：少了 log(sum(exp(z - max))) 这一项")]
    with np.errstate(all="ignore"):
        found.append(mistake(z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True)),
                             "looks like z - log(sum(exp(z))) without subtracting the maximum: exp(1000) overflows to "
                             "inf; compute z - m - log(sum(exp(z - m))) with m the row maximum",
                             "看起来是 z - log(sum(exp(z)))，没有先减去最大值：exp(1000) 会溢出成 inf；"
                             "请计算 z - m - log(sum(exp(z - m)))（m 为行最大值）"))
        found.append(mistake(np.log(_exp_ratio(z, -1)), "looks like np.log(softmax(z)): probabilities that underflow "
                             "to 0 give -inf; use z - m - log(sum(exp(z - m)))",
                             "看起来是 np.log(softmax(z))：下溢成 0 的概率会得到 -inf；请用 z - m - log(sum(exp(z - m)))"))
        found.append(mistake(_log_ratio(z, -1, top=np.max(z)),
                             "looks like one maximum for the whole array (z.max() without an axis): for rows far below "
                             "it the sum of exp underflows to 0 and log(0) = -inf; subtract each row's own maximum",
                             "看起来整个数组只减去了一个最大值（z.max() 没有指定轴）：远低于它的行 exp 之和下溢成 0，"
                             "log(0) = -inf；请减去每一行自己的最大值"))
        if z.ndim >= 2:
            found.append(mistake(_log_ratio(z, 0), "looks like the log_softmax was taken over axis 0: use the last "
                                 "axis (axis=-1)", "看起来 log_softmax 是沿 axis 0 计算的：应沿最后一个轴（axis=-1）"))
        if raw.dtype.kind in "iub":
            found.append(truncated(raw, _log_ratio(z, -1).astype(raw.dtype)))
    return told_apart(expected, [*found, *dtype_mistakes(lambda z: _log_ratio(z, -1), raw)])


def cross_entropy_mistakes(logits, target, expected):
    raw = np.asarray(logits)
    logits = np.asarray(logits, dtype=np.float64)
    target = np.asarray(target).astype(np.int64)
    n, classes = logits.shape
    log_probs = _log_ratio(logits, 1)
    picked = _picked(log_probs, target)
    with np.errstate(all="ignore"):
        found = [
            mistake(-np.sum(picked), "looks like the sum over the examples, not the mean (divide by N)",
                    "看起来是对样本求和，而不是平均（需要除以 N）"),
            mistake(np.mean(picked), "looks like the minus sign is missing: log p <= 0, the loss is -log p",
                    "看起来少了负号：log p <= 0，损失是 -log p"),
            mistake(-np.mean(log_probs[:, target]), "looks like log_probs[:, target]: that picks N columns for every "
                    "row (an N x N matrix); pick one entry per row with log_probs[np.arange(N), target]",
                    "看起来用了 log_probs[:, target]：这会为每一行取 N 列（N x N 矩阵）；应用 log_probs[np.arange(N), target] 每行取一个"),
            mistake(-np.sum(picked) / (n * classes), "looks like a mean over all N * C entries of the one-hot product: "
                    "divide by the number of examples N only",
                    "看起来是对 N * C 个元素求平均：只应除以样本数 N"),
            mistake(-np.mean(np.exp(picked)), "looks like -p instead of -log p: take the log of the probability",
                    "看起来是 -p 而不是 -log p：要对概率取对数"),
            mistake(-np.mean(_picked(_log_ratio(logits, 0), target)), "looks like the log_softmax was taken over "
                    "axis 0 (down the columns): normalise each example's row, over the last axis",
                    "看起来 log_softmax 是沿 axis 0（按列）计算的：应对每个样本的那一行、沿最后一个轴归一化"),
            mistake(-np.mean(logits[np.arange(n), target]), "looks like -z[target] alone: add the log-sum-exp of the row "
                    "(the log of the softmax's denominator), CE = logsumexp(z) - z[target]",
                    "看起来只取了 -z[target]：还要加上这一行的 log-sum-exp（softmax 分母的对数），CE = logsumexp(z) - z[target]"),
            mistake(-np.mean(_picked(logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True)), target)),
                    "looks like exp(z) without subtracting the row maximum: exp(1e4) overflows to inf; use "
                    "log_softmax, z - m - log(sum(exp(z - m))) with m the row maximum",
                    "看起来没有先减去行最大值就算了 exp(z)：exp(1e4) 会溢出成 inf；请用 log_softmax，"
                    "z - m - log(sum(exp(z - m)))（m 为行最大值）"),
            mistake(-np.mean(_picked(np.log(_exp_ratio(logits, 1)), target)),
                    "looks like np.log(softmax(z)): a probability that underflows to 0 costs -log(0) = inf; use "
                    "log_softmax, z - m - log(sum(exp(z - m)))",
                    "看起来是 np.log(softmax(z))：下溢成 0 的概率会得到 -log(0) = inf；请用 log_softmax，z - m - log(sum(exp(z - m)))"),
        ]
    loss = lambda logits: float(-np.mean(_picked(_log_ratio(logits, 1), target)))  # noqa: E731
    return told_apart(expected, [*found, *dtype_mistakes(loss, raw)])


MISTAKES = {"softmax": softmax_mistakes, "log_softmax": log_softmax_mistakes, "cross_entropy": cross_entropy_mistakes}


def check(student, ref, function, *args, before=None, **options):
    """Compare the student's value with the reference's on the same inputs, naming a known mistake if one fits."""
    got, expected = student.call(function, *args), ref.call(function, *args)
    if before:
        before(got)
    if isinstance(got.value, np.ndarray) and got.value.dtype != np.float64 and agrees(got.value, expected, 1e-9, 1e-12):
        got.array()  # the right numbers in another dtype: the dtype is all there is to say
    close(got, expected, mistakes=MISTAKES[function](*args, expected), **options)
    return got


def random_logits(seed, shapes=((1, 1), (1, 4), (3, 1), (5, 3), (8, 10), (32, 7))):
    generator = rng(seed)
    for n, classes in shapes:
        yield generator.normal(0.0, 3.0, (n, classes)), generator.integers(0, classes, n)


def odds_pair(g):
    """Two logits a, a + log k: probabilities 1 / (1 + k) and k / (1 + k), as [0, log 3] gives 1/4 and 3/4."""
    start = g.uniform(-3.0, 3.0)
    return np.array([start, start + np.log(g.uniform(1.5, 9.0))])


@pytest.mark.held_out
def test_softmax_worked_example(student, ref):
    # softmax([0, log 3]) = [1/4, 3/4]
    public = [np.array([0.0, np.log(3.0)]), np.array([1.0, 2.0, 3.0]), np.array([5.0])]
    for z in either(0, public, lambda g: [odds_pair(g), g.uniform(-3.0, 3.0, 3), g.uniform(-9.0, 9.0, 1)]):
        check(student, ref, "softmax", z)


@pytest.mark.held_out
def test_softmax_rows(student, ref):
    generator = rng(51)
    for shape in ((4, 3), (2, 5), (3, 3), (2, 3, 4), (1, 6), (6, 1)):
        check(student, ref, "softmax", generator.normal(0.0, 2.0, shape))


@pytest.mark.held_out
def test_softmax_large_logits(student, ref):
    public = [np.array([1e4, 0.0, -1e4]), np.array([[1000.0, 1001.0], [-1000.0, -1002.0]]),
              np.array([[1e4, 1e4 - 1.0, 0.0], [-1e4, -1e4 + 2.0, -1e4 + 1.0]])]

    def drawn(g):
        """Logits past exp's overflow at 709, some a few units apart, and rows far below the largest one."""
        far, near, top = g.uniform(800.0, 2e4), g.uniform(750.0, 5000.0), g.uniform(2e3, 2e4)
        gaps = g.uniform(0.2, 3.0, 4)
        return [np.array([far, g.uniform(-5.0, 5.0), -far]),
                np.array([[near, near + gaps[0]], [-near, -near - gaps[1]]]),
                np.array([[top, top - gaps[2], 0.0], [-top, -top + gaps[3], -top + gaps[2]]])]

    for z in either(0, public, drawn):
        check(student, ref, "softmax", z)


@pytest.mark.held_out
def test_log_softmax_matches(student, ref):
    generator = rng(52)
    check(student, ref, "log_softmax", either(0, np.array([0.0, np.log(3.0)]), odds_pair))
    for shape in ((5,), (4, 3), (3, 3), (2, 3, 4), (6, 1)):
        check(student, ref, "log_softmax", generator.normal(0.0, 2.0, shape))


@pytest.mark.held_out
def test_log_softmax_large_logits(student, ref):
    public = [np.array([1e4, 0.0, -1e4]), np.array([[800.0, -800.0], [0.0, 2000.0]]), np.array([[-1e4, -1e4 + 3.0]])]

    def drawn(g):
        """Logits past exp's overflow at 709 and below its underflow, a large pair a few units apart."""
        far, near, top = g.uniform(800.0, 2e4), g.uniform(750.0, 5000.0), g.uniform(2e3, 2e4)
        return [np.array([far, g.uniform(-5.0, 5.0), -far]),
                np.array([[near, -near], [g.uniform(-5.0, 5.0), g.uniform(1000.0, 5000.0)]]),
                np.array([[-top, -top + g.uniform(0.5, 5.0)]])]

    for z in either(0, public, drawn):
        check(student, ref, "log_softmax", z, atol=LARGE_ATOL)


@pytest.mark.held_out
def test_cross_entropy_worked_example(student, ref):
    # uniform logits over C classes: the loss is log C whatever the target
    public = [(np.zeros((2, 4)), np.array([0, 3])), (np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]), np.array([0, 2])),
              (np.array([[np.log(9.0), 0.0]]), np.array([1]))]  # p = 0.1: -log 0.1

    def drawn(g):
        """Equal logits over C classes with the first and last class as targets; two rows with two different targets
        (log_probs[:, target] is right when they are equal); p = 1 / (1 + k)."""
        classes = int(g.integers(2, 9))
        return [(np.full((2, classes), g.uniform(-5.0, 5.0)), g.permutation([0, classes - 1])),
                (g.normal(0.0, 2.0, (2, 3)), g.permutation(3)[:2]),
                (np.array([[np.log(g.uniform(2.0, 20.0)), 0.0]]), np.array([1]))]

    for logits, target in either(0, public, drawn):
        python_float(check(student, ref, "cross_entropy", logits, target))


@pytest.mark.held_out
def test_cross_entropy_random(student, ref):
    for logits, target in random_logits(seed=53):
        check(student, ref, "cross_entropy", logits, target)


@pytest.mark.held_out
def test_cross_entropy_large_logits(student, ref):
    cases = [
        # first the two unstable paths apart: np.log(softmax) fails the first alone, exp(z) unshifted the second
        (np.array([[0.0, -800.0]]), np.array([1])),  # p = exp(-800) underflows to 0: the loss is 800, not inf
        (np.array([[800.0, 0.0]]), np.array([0])),   # exp(800) overflows to inf: the loss is ~0, not nan
        (np.array([[1e4, 0.0, -1e4], [0.0, 1e4, 0.0]]), np.array([2, 1])),  # one confidently wrong: 2e4 / 2
        (np.array([[1e4, -1e4]]), np.array([0])),                          # confidently right: ~0
        (np.array([[-1e4, -1e4 + 1.0], [500.0, 800.0]]), np.array([0, 0])),
    ]

    def drawn(g):
        """The same targets and the same edges: a probability below exp's underflow, a logit past its overflow, rows
        1e3 to 2e4 apart, and a large pair a few units apart."""
        tops = g.uniform(2e3, 2e4, 3)
        near = g.uniform(200.0, 700.0)
        return [(np.array([[0.0, -g.uniform(800.0, 5000.0)]]) + g.uniform(-50.0, 50.0), np.array([1])),
                (np.array([[g.uniform(800.0, 5000.0), g.uniform(-5.0, 5.0)]]), np.array([0])),
                (np.array([[tops[0], g.uniform(-5.0, 5.0), -tops[0]], [g.uniform(-5.0, 5.0), tops[1], 0.0]]),
                 np.array([2, 1])),
                (np.array([[tops[2], -tops[2]]]), np.array([0])),
                (np.array([[-tops[1], -tops[1] + g.uniform(0.5, 3.0)], [near, near + g.uniform(100.0, 500.0)]]),
                 np.array([0, 0]))]

    for logits, target in either(0, cases, drawn):
        check(student, ref, "cross_entropy", logits, target, atol=LARGE_ATOL)


@pytest.mark.held_out
def test_targets_validated(student, ref):
    why_range = Text(en="a class id must lie in [0, C): raise ValueError yourself (numpy would raise IndexError for 3, "
                        "and silently wrap -1 to the last class)",
                     zh="类别编号必须在 [0, C) 内：请自己抛出 ValueError（numpy 对 3 会抛 IndexError，对 -1 则会悄悄取最后一类）")
    why_integer = Text(en="a class id must be an integer: 1.5 is no class (astype(int) would silently truncate it "
                          "to 1)",
                       zh="类别编号必须是整数：1.5 不是任何类别（astype(int) 会悄悄把它截断成 1）")
    public = (np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 0.3]]), [np.array([0, 3]), np.array([-1, 0]), np.array([0, 5])],
              [np.array([0.0, 1.5]), np.array([0.5, 2.0])], [1, 2])

    def drawn(g):
        """Another N x C; each bad target is valid ids but one: C itself, a negative id, one past C, a fraction."""
        n, classes = int(g.integers(2, 6)), int(g.integers(3, 7))
        ids = g.integers(0, classes, n)

        def one_bad(value):
            target = ids.astype(np.asarray(value).dtype)
            target[g.integers(0, n)] = value
            return target

        return (g.normal(0.0, 2.0, (n, classes)),
                [one_bad(classes), one_bad(-int(g.integers(1, classes + 1))), one_bad(classes + int(g.integers(1, 5)))],
                [one_bad(g.integers(0, classes - 1) + g.uniform(0.1, 0.9)) for _ in range(2)], ids.tolist())

    logits, out_of_range, fractional, valid = either(0, public, drawn)
    for target in out_of_range:
        raises(student, "ValueError", "cross_entropy", logits, target, why=why_range)
    for target in fractional:
        raises(student, "ValueError", "cross_entropy", logits, target, why=why_integer)
    # Python lists of ints are valid class ids, and so are whole numbers stored as floats
    check(student, ref, "cross_entropy", logits.tolist(), valid)
    check(student, ref, "cross_entropy", logits, np.array(valid, dtype=np.float64))


@pytest.mark.held_out
def test_shapes_validated(student, ref):
    public = {"logits": np.zeros((3, 2)), "column": np.zeros((3, 1), dtype=np.int64), "short": np.array([0, 1]),
              "row": np.zeros((1, 3)), "scalar": np.int64(2), "flat": np.zeros(3), "flat_target": np.array([0, 1, 2]),
              "cube": np.zeros((2, 3, 4)), "cube_target": np.array([0, 1]), "no_rows": np.zeros((0, 3)),
              "no_classes": np.zeros((2, 0)), "zero_d": np.array(2.0), "number": 3.0}

    def drawn(g):
        """The same shapes with other sizes (N, C and a third axis from 2 to 6), logits and class ids drawn; the 3-D
        logits' ids are below both C and the third axis, so that reading either as the class axis takes them."""
        n, classes, depth = (int(size) for size in g.integers(2, 7, 3))
        return {"logits": g.normal(0.0, 2.0, (n, classes)), "column": g.integers(0, classes, (n, 1)),
                "short": g.integers(0, classes, n - 1), "row": g.normal(0.0, 2.0, (1, classes)),
                "scalar": np.int64(g.integers(0, classes)), "flat": g.normal(0.0, 2.0, n),
                "flat_target": g.integers(0, n, n), "cube": g.normal(0.0, 2.0, (n, classes, depth)),
                "cube_target": g.integers(0, min(classes, depth), n), "no_rows": np.zeros((0, classes)),
                "no_classes": np.zeros((n, 0)), "zero_d": np.array(g.normal(0.0, 3.0)), "number": float(g.normal(0.0, 3.0))}

    case = either(0, public, drawn)
    why_target = Text(en="target must hold one class id per row, shape (N,): (N, 1) would broadcast silently",
                      zh="target 应为每行一个类别编号，形状 (N,)：(N, 1) 会被静默广播")
    raises(student, "ValueError", "cross_entropy", case["logits"], case["column"], why=why_target)
    raises(student, "ValueError", "cross_entropy", case["logits"], case["short"], why=why_target)
    raises(student, "ValueError", "cross_entropy", case["row"], case["scalar"], why=why_target)
    why_logits = Text(en="logits must be a 2-D (N, C) array, one row of scores per example",
                      zh="logits 必须是二维 (N, C) 数组，每个样本一行分数")
    raises(student, "ValueError", "cross_entropy", case["flat"], case["flat_target"], why=why_logits)
    raises(student, "ValueError", "cross_entropy", case["cube"], case["cube_target"], why=why_logits)
    why_empty = Text(en="there is no mean over zero examples, and no softmax over zero classes",
                     zh="零个样本没有平均值，零个类别也没有 softmax")
    raises(student, "ValueError", "cross_entropy", case["no_rows"], np.zeros(0, dtype=np.int64), why=why_empty)
    for function in ("softmax", "log_softmax"):
        raises(student, "ValueError", function, np.zeros(0), why=why_empty)
        raises(student, "ValueError", function, case["no_classes"], why=why_empty)
        raises(student, "ValueError", function, case["no_rows"], why=why_empty)  # max over axis -1 does not raise
    why_scalar = Text(en="a single number has no class axis: z must be at least 1-D (np.atleast_1d would hide the "
                         "mistake of the caller)",
                      zh="单个数没有类别轴：z 至少应是一维的（np.atleast_1d 会掩盖调用者的错误）")
    raises(student, "ValueError", "softmax", case["zero_d"], why=why_scalar)
    raises(student, "ValueError", "log_softmax", case["number"], why=why_scalar)


@pytest.mark.held_out
def test_array_likes_and_ints(student, ref):
    logits = np.array([[0.5, -0.5], [1.0, 2.0], [0.0, 0.3]])
    cases = [
        ("softmax", [1, 2, 3]),
        ("softmax", np.array([[1, 0], [0, 1]], dtype=np.int64)),
        ("softmax", np.array([0, 1, 2], dtype=np.uint8)),
        ("log_softmax", (0, 1, 2)),
        ("log_softmax", np.array([[-100, 100, 0], [3, 2, 1]], dtype=np.int8)),
        ("log_softmax", np.array([[0.1, 2.5, -1.0]], dtype=np.float32)),  # widened, then float64
        ("cross_entropy", [[1, 2], [3, 0]], np.array([1, 0], dtype=np.int32)),
        ("cross_entropy", np.array([[0, 2], [5, 1]], dtype=np.uint8), [0, 1]),
        ("cross_entropy", np.array([[-100, 100], [3, 0]], dtype=np.int8), [0, 1]),
        ("cross_entropy", np.array([[1, 2], [3, 0], [0, 0]], dtype=np.int16), [1, 1, 0]),
        # unsigned and boolean class ids are class ids too (True is class 1)
        ("cross_entropy", logits, np.array([1, 0, 1], dtype=np.uint8)),
        ("cross_entropy", logits, np.array([True, False, True])),
    ]

    def drawn(g):
        """The same kinds and dtypes: a uint8 row of distinct values (z - max wraps below its maximum), int8 rows
        spanning more than 127 (z - max wraps), class ids in range."""
        def wide_int8_row(width):
            low, high = int_pair(g, np.int8, [g.integers(128, 256)])[::-1]
            return g.permutation(np.concatenate([low, high, g.integers(-128, 128, width - 2)])).astype(np.int8)

        same = lambda index, low, high: (cases[index][0], like(cases[index][1], g, low, high))  # noqa: E731
        floats = g.normal(0.0, 2.0, (3, 2))
        return [same(0, -9, 9), same(1, -9, 9), ("softmax", g.choice(256, 3, replace=False).astype(np.uint8)),
                same(3, -9, 9), ("log_softmax", np.stack([wide_int8_row(3), like(cases[4][1][1], g, -9, 9)])),
                same(5, -3, 3),
                (*same(6, -9, 9), like(cases[6][2], g, 0, 1)),
                ("cross_entropy", like(cases[7][1], g), like(cases[7][2], g, 0, 1)),
                ("cross_entropy", np.stack([wide_int8_row(2), like(cases[8][1][1], g, -9, 9)]), like(cases[8][2], g, 0, 1)),
                (*same(9, -9, 9), like(cases[9][2], g, 0, 1)),
                ("cross_entropy", floats, like(cases[10][2], g, 0, 1)), ("cross_entropy", floats, like(cases[11][2], g))]

    for function, *args in either(0, cases, drawn):
        check(student, ref, function, *args)


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    z, target = either(0, (np.array([[1.0, 3.0, 2.0], [0.5, -1.0, 4.0]]), np.array([1, 2])),
                       lambda g: (g.normal(0.0, 2.0, (2, 3)), g.integers(0, 3, 2)))
    for function, args in (("softmax", (z,)), ("log_softmax", (z,)), ("cross_entropy", (z, target))):
        check(student, ref, function, *args, before=unchanged)
