"""Hidden checks for ex05_cross_entropy: softmax, log_softmax and the mean cross-entropy, all stable."""

from __future__ import annotations

import numpy as np

from grader.checks.cases import rng
from grader.expect import close, finite, mistake, raises, unchanged
from grader.text import Text

STABLE = Text(en="subtract each row's maximum before np.exp (the log-sum-exp trick): exp(1000) overflows to inf",
              zh="在 np.exp 之前先减去每行的最大值（log-sum-exp 技巧）：exp(1000) 会溢出成 inf")
# log_softmax(z) = z - logsumexp(z) cancels for logits of 1e4: correct formulas differ by ~1e-16 * |z|.
LARGE_ATOL = 1e-8


def _exp_ratio(z, axis):
    with np.errstate(all="ignore"):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)


def softmax_mistakes(z):
    z = np.asarray(z, dtype=np.float64)
    found = []
    with np.errstate(all="ignore"):
        if z.ndim >= 2:
            found.append(mistake(_exp_ratio(z, 0), "looks like the softmax was taken over axis 0 (down the columns): "
                                 "normalise each row, over the last axis (axis=-1)",
                                 "看起来 softmax 是沿 axis 0（按列）计算的：应对每一行、沿最后一个轴（axis=-1）归一化"))
            found.append(mistake(np.exp(z) / np.sum(np.exp(z)), "looks like the whole array was normalised at once: "
                                 "each row must sum to 1 (axis=-1, keepdims=True)",
                                 "看起来是把整个数组一起归一化了：每一行都应和为 1（axis=-1, keepdims=True）"))
        found.append(mistake(np.exp(z), "looks like exp(z) without dividing by the row's sum",
                             "看起来只算了 exp(z)，没有除以每行的和"))
        found.append(mistake(np.exp(z) / np.sum(z, axis=-1, keepdims=True),
                             "looks like exp(z) divided by the sum of z: the denominator is the sum of exp(z), so that "
                             "every row sums to 1", "看起来是 exp(z) 除以 z 的和：分母应是 exp(z) 的和，每一行才会和为 1"))
    return found


def log_softmax_mistakes(z):
    z = np.asarray(z, dtype=np.float64)
    top = np.max(z, axis=-1, keepdims=True)
    found = [mistake(z - top, "looks like z - max(z): the log of the sum of exp(z - max) is missing",
                     "看起来是 z - max(z)：少了 log(sum(exp(z - max))) 这一项")]
    with np.errstate(all="ignore"):
        found.append(mistake(z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True)),
                             "looks like z - log(sum(exp(z))) without subtracting the maximum: exp overflows",
                             "看起来是 z - log(sum(exp(z)))，没有先减去最大值：exp 会溢出"))
        found.append(mistake(np.log(_exp_ratio(z, -1)), "looks like np.log(softmax(z)): probabilities that underflow "
                             "to 0 give -inf; use z - m - log(sum(exp(z - m)))",
                             "看起来是 np.log(softmax(z))：下溢成 0 的概率会得到 -inf；请用 z - m - log(sum(exp(z - m)))"))
        if z.ndim >= 2:
            found.append(mistake(z - np.max(z, axis=0, keepdims=True)
                                 - np.log(np.sum(np.exp(z - np.max(z, axis=0, keepdims=True)), axis=0, keepdims=True)),
                                 "looks like the log_softmax was taken over axis 0: use the last axis (axis=-1)",
                                 "看起来 log_softmax 是沿 axis 0 计算的：应沿最后一个轴（axis=-1）"))
    return found


def cross_entropy_mistakes(logits, target):
    logits = np.asarray(logits, dtype=np.float64)
    target = np.asarray(target).astype(np.int64)
    n, classes = logits.shape
    top = np.max(logits, axis=1, keepdims=True)
    log_probs = logits - top - np.log(np.sum(np.exp(logits - top), axis=1, keepdims=True))
    picked = log_probs[np.arange(n), target]
    with np.errstate(all="ignore"):
        return [
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
            mistake(-np.mean(logits[np.arange(n), target]), "looks like -z[target] alone: add the log-sum-exp of the row "
                    "(the log of the softmax's denominator), CE = logsumexp(z) - z[target]",
                    "看起来只取了 -z[target]：还要加上这一行的 log-sum-exp（softmax 分母的对数），CE = logsumexp(z) - z[target]"),
        ]


def check_softmax(student, ref, z, **options):
    got = student.call("softmax", z)
    return close(got, ref.call("softmax", z), mistakes=softmax_mistakes(z), **options)


def check_log_softmax(student, ref, z, **options):
    got = student.call("log_softmax", z)
    return close(got, ref.call("log_softmax", z), mistakes=log_softmax_mistakes(z), **options)


def check_cross_entropy(student, ref, logits, target, **options):
    got = student.call("cross_entropy", logits, target)
    return close(got, ref.call("cross_entropy", logits, target), mistakes=cross_entropy_mistakes(logits, target),
                 **options)


def random_logits(seed, shapes=((1, 1), (1, 4), (3, 1), (5, 3), (8, 10), (32, 7))):
    generator = rng(seed)
    for n, classes in shapes:
        yield generator.normal(0.0, 3.0, (n, classes)), generator.integers(0, classes, n)


def test_softmax_worked_example(student, ref):
    # softmax([0, log 3]) = [1/4, 3/4]
    check_softmax(student, ref, np.array([0.0, np.log(3.0)]))
    check_softmax(student, ref, np.array([1.0, 2.0, 3.0]))
    check_softmax(student, ref, np.array([5.0]))


def test_softmax_rows(student, ref):
    generator = rng(51)
    for shape in ((4, 3), (2, 5), (3, 3), (2, 3, 4), (1, 6), (6, 1)):
        check_softmax(student, ref, generator.normal(0.0, 2.0, shape))


def test_softmax_large_logits(student, ref):
    cases = [np.array([1e4, 0.0, -1e4]), np.array([[1000.0, 1001.0], [-1000.0, -1002.0]]),
             np.array([[1e4, 1e4 - 1.0, 0.0], [-1e4, -1e4 + 2.0, -1e4 + 1.0]])]
    for z in cases:
        got = student.call("softmax", z)
        finite(got, got.array(shape=z.shape), STABLE)
        close(got, ref.call("softmax", z), mistakes=softmax_mistakes(z), hint=STABLE)


def test_log_softmax_matches(student, ref):
    generator = rng(52)
    check_log_softmax(student, ref, np.array([0.0, np.log(3.0)]))
    for shape in ((5,), (4, 3), (3, 3), (2, 3, 4), (6, 1)):
        check_log_softmax(student, ref, generator.normal(0.0, 2.0, shape))


def test_log_softmax_large_logits(student, ref):
    why = Text(en="compute z - m - log(sum(exp(z - m))) with m the row maximum: without subtracting m, exp(1e4) "
                  "overflows to inf; through np.log(softmax(z)), probabilities below 1e-308 become log(0) = -inf",
               zh="请计算 z - m - log(sum(exp(z - m)))（m 为行最大值）：不减去 m，exp(1e4) 会溢出成 inf；"
                  "若写成 np.log(softmax(z))，小于 1e-308 的概率会变成 log(0) = -inf")
    for z in (np.array([1e4, 0.0, -1e4]), np.array([[800.0, -800.0], [0.0, 2000.0]]),
              np.array([[-1e4, -1e4 + 3.0]])):
        got = student.call("log_softmax", z)
        finite(got, got.array(shape=z.shape), why)
        close(got, ref.call("log_softmax", z), atol=LARGE_ATOL, mistakes=log_softmax_mistakes(z), hint=why)


def test_cross_entropy_worked_example(student, ref):
    # uniform logits over C classes: the loss is log C whatever the target
    check_cross_entropy(student, ref, np.zeros((2, 4)), np.array([0, 3]))
    check_cross_entropy(student, ref, np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]), np.array([0, 2]))
    check_cross_entropy(student, ref, np.array([[np.log(9.0), 0.0]]), np.array([1]))  # p = 0.1: -log 0.1


def test_cross_entropy_random(student, ref):
    for logits, target in random_logits(seed=53):
        check_cross_entropy(student, ref, logits, target)


def test_cross_entropy_large_logits(student, ref):
    cases = [
        (np.array([[1e4, 0.0, -1e4], [0.0, 1e4, 0.0]]), np.array([2, 1])),  # one confidently wrong: 2e4 / 2
        (np.array([[1e4, -1e4]]), np.array([0])),                          # confidently right: ~0
        (np.array([[-1e4, -1e4 + 1.0], [500.0, 800.0]]), np.array([0, 0])),
    ]
    for logits, target in cases:
        got = student.call("cross_entropy", logits, target)
        finite(got, got.scalar(), STABLE)
        close(got, ref.call("cross_entropy", logits, target), atol=LARGE_ATOL,
              mistakes=cross_entropy_mistakes(logits, target), hint=STABLE)


def test_targets_validated(student, ref):
    logits = np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 0.3]])
    why_range = Text(en="a class id must lie in [0, C): raise ValueError yourself (numpy would raise IndexError for 3, "
                        "and silently wrap -1 to the last class)",
                     zh="类别编号必须在 [0, C) 内：请自己抛出 ValueError（numpy 对 3 会抛 IndexError，对 -1 则会悄悄取最后一类）")
    raises(student, "ValueError", "cross_entropy", logits, np.array([0, 3]), why=why_range)
    raises(student, "ValueError", "cross_entropy", logits, np.array([-1, 0]), why=why_range)
    # Python lists of ints are valid class ids (the contract leaves float ids open: not checked either way)
    check_cross_entropy(student, ref, logits.tolist(), [1, 2])


def test_shapes_validated(student, ref):
    why_target = Text(en="target must hold one class id per row, shape (N,): (N, 1) would broadcast silently",
                      zh="target 应为每行一个类别编号，形状 (N,)：(N, 1) 会被静默广播")
    raises(student, "ValueError", "cross_entropy", np.zeros((3, 2)), np.zeros((3, 1), dtype=np.int64), why=why_target)
    raises(student, "ValueError", "cross_entropy", np.zeros((3, 2)), np.array([0, 1]), why=why_target)
    why_logits = Text(en="logits must be a 2-D (N, C) array, one row of scores per example",
                      zh="logits 必须是二维 (N, C) 数组，每个样本一行分数")
    raises(student, "ValueError", "cross_entropy", np.zeros(3), np.array([0, 1, 2]), why=why_logits)
    why_empty = Text(en="there is no mean over zero examples, and no softmax over zero classes",
                     zh="零个样本没有平均值，零个类别也没有 softmax")
    raises(student, "ValueError", "cross_entropy", np.zeros((0, 3)), np.zeros(0, dtype=np.int64), why=why_empty)
    raises(student, "ValueError", "softmax", np.zeros(0), why=why_empty)
    raises(student, "ValueError", "log_softmax", np.zeros((2, 0)), why=why_empty)


def test_array_likes_and_ints(student, ref):
    hint = Text(en="convert with np.asarray(z, dtype=np.float64) first: int arrays cannot hold the probabilities",
                zh="先用 np.asarray(z, dtype=np.float64) 转换：整数数组装不下概率")
    check_softmax(student, ref, [1, 2, 3], hint=hint)
    check_softmax(student, ref, np.array([[1, 0], [0, 1]], dtype=np.int64), hint=hint)
    check_log_softmax(student, ref, (0, 1, 2), hint=hint)
    check_cross_entropy(student, ref, [[1, 2], [3, 0]], np.array([1, 0], dtype=np.int32), hint=hint)


def test_inputs_unchanged(student, ref):
    z = np.array([[1.0, 3.0, 2.0], [0.5, -1.0, 4.0]])
    target = np.array([1, 2])
    for function, args in (("softmax", (z,)), ("log_softmax", (z,)), ("cross_entropy", (z, target))):
        got = student.call(function, *args)
        unchanged(got)
        close(got, ref.call(function, *args))
