"""Hidden checks for ex04_binary_cross_entropy: clipped probabilities and the stable logits form."""

from __future__ import annotations

import numpy as np

from grader.checks.cases import SHAPES, rng
from grader.checks.maths import floats
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, finite, mistake, raises, unchanged
from grader.text import Text

BCE, LOGITS = "binary_cross_entropy", "binary_cross_entropy_with_logits"
# logaddexp(0, z) - y*z cancels for large |z|: correct formulas differ by ~1e-16 * |z| per element.
LARGE_ATOL = 1e-10


def bce_mistakes(p, y, eps=1e-12):
    """What the usual wrong formulas give on these probabilities, each with the misconception it reveals."""
    p, y = floats(p, y)
    clipped = np.clip(p, eps, 1 - eps)
    with np.errstate(all="ignore"):
        terms = y * np.log(clipped) + (1 - y) * np.log(1 - clipped)
        raw = y * np.log(p) + (1 - y) * np.log(1 - p)
        return [
            mistake(np.mean(terms), "looks like the minus sign is missing: log p <= 0, so the loss must be "
                    "-(y log p + (1 - y) log(1 - p))", "看起来少了负号：log p <= 0，损失应为 -(y log p + (1 - y) log(1 - p))"),
            mistake(-np.sum(terms), "looks like the sum over the elements, not the mean (divide by n)",
                    "看起来是对元素求和，而不是平均（需要除以 n）"),
            mistake(-np.mean(y * np.log(clipped)), "looks like only the y * log(p) term: the (1 - y) * log(1 - p) term "
                    "is what punishes a high p for a label 0", "看起来只有 y * log(p) 这一项：(1 - y) * log(1 - p) 这一项负责惩罚标签为 0 时过高的 p"),
            mistake(-np.mean(terms) / np.log(2), "looks like log base 2: use the natural log, np.log",
                    "看起来用的是以 2 为底的对数：应使用自然对数 np.log"),
            mistake(-np.mean(terms) / np.log(10), "looks like log base 10: use the natural log, np.log",
                    "看起来用的是以 10 为底的对数：应使用自然对数 np.log"),
            mistake(-np.mean(raw), "looks like p was not clipped: p = 0 or 1 gives log(0) = -inf (and 0 * -inf = nan); "
                    "clip p to [eps, 1 - eps] first", "看起来没有截断 p：p 为 0 或 1 时 log(0) = -inf（0 * -inf = nan）；请先把 p 截断到 [eps, 1 - eps]"),
            mistake(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)),
                    "looks like eps was added inside the logs instead of clipping p to [eps, 1 - eps]",
                    "看起来是在对数里加了 eps，而不是把 p 截断到 [eps, 1 - eps]"),
            *[mistake(-np.mean(y * np.log(np.clip(p, other, 1 - other)) + (1 - y) * np.log(1 - np.clip(p, other, 1 - other))),
                      f"looks like p was clipped with a fixed eps = {other:g}: use the eps argument",
                      f"看起来截断时用了固定的 eps = {other:g}：请使用传入的 eps 参数")
              for other in (1e-7, 1e-15, 1e-8, 1e-12) if other != eps],
        ]


def logits_mistakes(z, y):
    """What the usual wrong formulas give on these logits, each with the misconception it reveals."""
    z, y = floats(z, y)
    with np.errstate(all="ignore"):
        terms = np.logaddexp(0.0, z) - y * z
        p = 1.0 / (1.0 + np.exp(-z))
        clipped = np.clip(p, 1e-12, 1 - 1e-12)
        return [
            mistake(np.sum(terms), "looks like the sum over the elements, not the mean (divide by n)",
                    "看起来是对元素求和，而不是平均（需要除以 n）"),
            mistake(-np.mean(terms), "looks like the sign is flipped: the loss is log(1 + e^z) - y z, never negative",
                    "看起来符号反了：损失是 log(1 + e^z) - y z，永远不为负"),
            mistake(np.mean(np.logaddexp(0.0, z) + y * z), "looks like + y z: the loss is log(1 + e^z) - y z",
                    "看起来是 + y z：损失应为 log(1 + e^z) - y z"),
            mistake(np.mean(np.logaddexp(0.0, -z) - y * z), "looks like log(1 + e^-z) - y z: that pairs the wrong "
                    "softplus with - y z; the loss is log(1 + e^z) - y z (or log(1 + e^-z) + (1 - y) z)",
                    "看起来是 log(1 + e^-z) - y z：应为 log(1 + e^z) - y z（或 log(1 + e^-z) + (1 - y) z）"),
            mistake(-np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)),
                    "looks like sigmoid first, then a clipped log: clipping throws away how wrong a large logit is "
                    "(z = 1e4 with y = 0 costs 1e4, not 27.6); compute np.logaddexp(0, z) - y * z instead",
                    "看起来是先算 sigmoid 再截断取对数：截断丢掉了大 logit 错得有多离谱的信息（z = 1e4、y = 0 的损失是 1e4，不是 27.6）；"
                    "请改用 np.logaddexp(0, z) - y * z"),
        ]


def check(student, ref, function, first, y, *args, hint=None, atol=1e-12, **kwargs):
    got = student.call(function, first, y, *args, **kwargs)
    expected = ref.call(function, first, y, *args, **kwargs)
    if function == BCE:
        mistakes = bce_mistakes(first, y, kwargs.get("eps", args[0] if args else 1e-12))
    else:
        mistakes = logits_mistakes(first, y)
    return close(got, expected, atol=atol, mistakes=mistakes, hint=hint)


def random_probabilities(seed):
    generator = rng(seed)
    for index, shape in enumerate(SHAPES):
        p = generator.uniform(0.001, 0.999, shape)
        labels = generator.integers(0, 2, shape).astype(np.float64)
        if index % 2:  # soft labels: y is itself a probability
            labels = generator.uniform(0.0, 1.0, shape)
        yield p, labels


def test_worked_example(student, ref):
    # -(log 0.9 + log(1 - 0.2)) / 2 = 0.164252...
    check(student, ref, BCE, [0.9, 0.2], [1.0, 0.0])
    check(student, ref, BCE, [0.5], [1.0])
    check(student, ref, BCE, [0.0001, 0.99, 0.3], [1.0, 1.0, 0.0])


def test_random_probabilities(student, ref):
    for p, y in random_probabilities(seed=4):
        check(student, ref, BCE, p, y)


def test_clips_zero_and_one(student, ref):
    why = Text(en="p of exactly 0 or 1 must be clipped to [eps, 1 - eps] before the log: log(0) is -inf",
               zh="p 恰好为 0 或 1 时，取对数之前必须截断到 [eps, 1 - eps]：log(0) 是 -inf")
    cases = [([0.0, 1.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0]), ([1.0, 0.5], [0.0, 1.0]), ([0.0], [0.3]),
             ([1e-300, 1.0 - 1e-17], [1.0, 0.0])]
    for p, y in cases:
        got = student.call(BCE, p, y)
        finite(got, got.scalar(), why)
        close(got, ref.call(BCE, p, y), mistakes=bce_mistakes(p, y), hint=why)


def test_custom_eps(student, ref):
    why = Text(en="clip with the eps argument, not a constant of your own", zh="请用传入的 eps 参数截断，而不是自己写死的常数")
    check(student, ref, BCE, [0.0, 1.0, 0.0005, 0.3], [1.0, 0.0, 1.0, 0.0], 1e-3, hint=why)
    check(student, ref, BCE, [0.0, 1.0, 0.5], [1.0, 1.0, 0.0], eps=1e-7, hint=why)


def test_out_of_range_raises(student, ref):
    why_p = Text(en="p is a probability: a value outside [0, 1] is a bug upstream and must not be clipped away silently",
                 zh="p 是概率：超出 [0, 1] 说明上游有错误，不能被悄悄截断掉")
    why_y = Text(en="labels are probabilities too (0/1, or soft labels in between): reject values outside [0, 1]",
                 zh="标签也是概率（0/1 或介于两者之间的软标签）：超出 [0, 1] 的值要报错")
    raises(student, "ValueError", BCE, [0.5, 1.2], [1.0, 0.0], why=why_p)
    raises(student, "ValueError", BCE, [-0.1, 0.5], [1.0, 0.0], why=why_p)
    raises(student, "ValueError", BCE, [0.5, 0.5], [2.0, 0.0], why=why_y)
    raises(student, "ValueError", BCE, [0.5, 0.5], [1.0, -1.0], why=why_y)


def test_logits_worked_example(student, ref):
    # z = 0 means p = 0.5 whatever the label: log 2 = 0.693147...
    check(student, ref, LOGITS, [0.0], [1.0])
    check(student, ref, LOGITS, [2.0, -1.0, 0.5], [1.0, 0.0, 0.0])
    check(student, ref, LOGITS, [3.0, -3.0], [0.0, 0.0])


def test_logits_random(student, ref):
    generator = rng(44)
    for index, shape in enumerate(SHAPES):
        z = generator.normal(0.0, 4.0, shape)
        y = generator.uniform(0.0, 1.0, shape) if index % 2 else generator.integers(0, 2, shape).astype(np.float64)
        got = check(student, ref, LOGITS, z, y)
        # the same loss as the probability form on the same examples
        p = np.clip(1.0 / (1.0 + np.exp(-z)), 1e-12, 1 - 1e-12)
        close(student.call(BCE, p, y), got, rtol=1e-6, mistakes=bce_mistakes(p, y))


def test_logits_stable_for_large_values(student, ref):
    why = Text(en="for large |z|, exp(z) overflows and sigmoid(z) rounds to exactly 0 or 1; compute "
                  "log(1 + e^z) as np.logaddexp(0, z), and never go through a clipped probability",
               zh="|z| 很大时 exp(z) 会溢出，sigmoid(z) 会被舍入成 0 或 1；请用 np.logaddexp(0, z) 计算 log(1 + e^z)，"
                  "不要经过截断后的概率")
    cases = [
        ([1e4, -1e4], [0.0, 1.0]),        # confidently wrong: the loss is 1e4
        ([1e4, -1e4], [1.0, 0.0]),        # confidently right: the loss is ~0
        ([800.0, -800.0, 0.0], [0.0, 1.0, 1.0]),
        ([40.0, 100.0], [0.0, 0.25]),
        ([1e4, 3.0, -2.0], [0.5, 1.0, 0.0]),
    ]
    for z, y in cases:
        got = student.call(LOGITS, z, y)
        with np.errstate(all="ignore"):
            finite(got, got.scalar(), why)
        close(got, ref.call(LOGITS, z, y), atol=LARGE_ATOL, mistakes=logits_mistakes(z, y), hint=why)


def test_logits_labels_out_of_range_raise(student, ref):
    why = Text(en="labels are probabilities (0/1, or soft labels in between): reject values outside [0, 1]",
               zh="标签是概率（0/1 或介于两者之间的软标签）：超出 [0, 1] 的值要报错")
    raises(student, "ValueError", LOGITS, [0.5, 1.0], [1.5, 0.0], why=why)
    raises(student, "ValueError", LOGITS, [0.5, 1.0], [1.0, -0.5], why=why)


def test_array_likes_and_ints(student, ref):
    hint = Text(en="convert the inputs with np.asarray(x, dtype=np.float64) first",
                zh="先用 np.asarray(x, dtype=np.float64) 转换输入")
    check(student, ref, BCE, [1, 0, 1], [1, 0, 0], hint=hint)
    check(student, ref, BCE, (0.25, 0.75), (0, 1), hint=hint)
    check(student, ref, BCE, np.array([[0.2, 0.6], [0.9, 0.4]], dtype=np.float32), np.array([[0, 1], [1, 0]]), hint=hint)
    check(student, ref, LOGITS, [0, 2, -3], [1, 0, 1], hint=hint)
    check(student, ref, LOGITS, np.array([[1, -1], [5, 0]], dtype=np.int32), np.array([[1, 0], [1, 1]], dtype=np.int64),
          hint=hint)


def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    for function, first in ((BCE, np.full((3, 1), 0.5)), (LOGITS, np.zeros((3, 1)))):
        raises(student, "ValueError", function, first, np.array([1.0, 0.0, 1.0]), why=why)
        raises(student, "ValueError", function, first[:2, 0], np.array([1.0, 0.0, 1.0]), why=why)


def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    for function in (BCE, LOGITS):
        raises(student, "ValueError", function, [], [], why=why)
        raises(student, "ValueError", function, np.zeros((0, 2)), np.zeros((0, 2)), why=why)


def test_inputs_unchanged(student, ref):
    p, y = np.array([0.0, 0.3, 1.0]), np.array([1.0, 0.0, 1.0])
    got = student.call(BCE, p, y)
    unchanged(got)
    close(got, ref.call(BCE, p, y), mistakes=bce_mistakes(p, y))
    z = np.array([-2.0, 0.5, 30.0])
    got = student.call(LOGITS, z, y)
    unchanged(got)
    close(got, ref.call(LOGITS, z, y), mistakes=logits_mistakes(z, y))
