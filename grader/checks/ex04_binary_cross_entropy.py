"""Hidden checks for ex04_binary_cross_entropy: clipped probabilities and the stable logits form."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import SHAPES, either, like, mismatched, rng, signed
from grader.checks.diagnosis import averaging_mistakes, dtype_mistakes, python_float, told_apart
from grader.checks.maths import floats
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, mistake, raises, unchanged
from grader.text import Text

BCE, LOGITS = "binary_cross_entropy", "binary_cross_entropy_with_logits"
# logaddexp(0, z) - y*z cancels for large |z|: correct formulas differ by ~1e-16 * |z| per element.
LARGE_ATOL = 1e-10


def clipped_bce(p, y, eps):
    """The loss written the natural way, in whatever dtype p and y have."""
    p = np.clip(p, eps, 1 - eps)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def other_eps(other, eps_given):
    """Clipping with eps = other instead: an ignored argument if eps was given, a wrong default if not."""
    if eps_given:
        return (f"looks like p was clipped with a fixed eps = {other:g}: use the eps argument",
                f"看起来截断时用了固定的 eps = {other:g}：请使用传入的 eps 参数")
    return (f"looks like p was clipped with eps = {other:g}: the default is eps=1e-12",
            f"看起来截断时用的是 eps = {other:g}：默认值应为 eps=1e-12")


def bce_mistakes(p, y, eps=None):
    """What the usual wrong formulas give on these probabilities (eps None: left to its default)."""
    eps_given, eps = eps is not None, 1e-12 if eps is None else eps
    kept_dtype = dtype_mistakes(lambda p, y: clipped_bce(p, y, eps), p, y)
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
            mistake(-np.mean(y * np.log(clipped) + (1 - y) * np.log(clipped)), "looks like log(p) in both terms: "
                    "the second term is (1 - y) * log(1 - p)", "看起来两项都用了 log(p)：第二项应为 (1 - y) * log(1 - p)"),
            mistake(-np.mean(y * np.log(1 - clipped) + (1 - y) * np.log(clipped)), "looks like the labels are "
                    "swapped: y multiplies log(p), the log-probability of class 1",
                    "看起来标签弄反了：y 应乘以 log(p)，即类别 1 的对数概率"),
            mistake(-np.mean(y * np.log(clipped)), "looks like only the y * log(p) term: the (1 - y) * log(1 - p) term "
                    "is what punishes a high p for a label 0", "看起来只有 y * log(p) 这一项：(1 - y) * log(1 - p) 这一项负责惩罚标签为 0 时过高的 p"),
            mistake(-np.mean(terms) / np.log(2), "looks like log base 2: use the natural log, np.log",
                    "看起来用的是以 2 为底的对数：应使用自然对数 np.log"),
            mistake(-np.mean(terms) / np.log(10), "looks like log base 10: use the natural log, np.log",
                    "看起来用的是以 10 为底的对数：应使用自然对数 np.log"),
            mistake(-np.mean(raw), "looks like p was not clipped: p = 0 or 1 gives log(0) = -inf (and 0 * -inf = nan); "
                    "clip p to [eps, 1 - eps] first", "看起来没有截断 p：p 为 0 或 1 时 log(0) = -inf（0 * -inf = nan）；请先把 p 截断到 [eps, 1 - eps]"),
            mistake(-np.mean(y * np.log(np.maximum(p, eps)) + (1 - y) * np.log(1 - np.maximum(p, eps))),
                    "looks like p was clipped only from below (np.maximum(p, eps)): p = 1 still gives log(1 - p) = "
                    "log(0); clip to [eps, 1 - eps]",
                    "看起来只从下方截断了 p（np.maximum(p, eps)）：p = 1 时 log(1 - p) 仍是 log(0)；应截断到 [eps, 1 - eps]"),
            mistake(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)),
                    "looks like eps was added inside the logs instead of clipping p to [eps, 1 - eps]",
                    "看起来是在对数里加了 eps，而不是把 p 截断到 [eps, 1 - eps]"),
            *[mistake(-np.mean(y * np.log(np.clip(p, other, 1 - other)) + (1 - y) * np.log(1 - np.clip(p, other, 1 - other))),
                      *other_eps(other, eps_given))
              for other in (1e-7, 1e-15, 1e-8, 1e-12) if other != eps],
            *averaging_mistakes(-terms, p, y),
            *kept_dtype,
        ]


def logits_mistakes(z, y):
    """What the usual wrong formulas give on these logits, each with the misconception it reveals."""
    # the stable forms, right in float64; the last two wrap around when -z or -|z| is taken in uint8 or int8
    kept_dtype = [*dtype_mistakes(lambda z, y: np.mean(np.logaddexp(0.0, z) - y * z), z, y),
                  *dtype_mistakes(lambda z, y: np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))), z, y),
                  *dtype_mistakes(lambda z, y: np.mean(np.logaddexp(0.0, -z) + (1 - y) * z), z, y)]
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
            mistake(np.mean(np.log(1 + np.exp(z)) - y * z), "looks like np.log(1 + np.exp(z)): exp(z) overflows to "
                    "inf for z > 709; np.logaddexp(0, z) computes log(1 + e^z) without overflow",
                    "看起来用的是 np.log(1 + np.exp(z))：z > 709 时 exp(z) 溢出为 inf；np.logaddexp(0, z) 计算 log(1 + e^z) 不会溢出"),
            mistake(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), "looks like sigmoid first, then the log "
                    "without clipping: sigmoid(40) is exactly 1.0 in float64, so log(1 - p) = log(0) = -inf; "
                    "compute np.logaddexp(0, z) - y * z instead",
                    "看起来是先算 sigmoid 再直接取对数：float64 中 sigmoid(40) 恰好是 1.0，log(1 - p) = log(0) = -inf；"
                    "请改用 np.logaddexp(0, z) - y * z"),
            *averaging_mistakes(terms, z, y),
            *kept_dtype,
        ]


def check(student, ref, function, first, y, *args, atol=1e-12, untouched=False, **kwargs):
    """Compare one call with the reference, naming the known mistake that gives the same value; returns the call.

    With `untouched`, first check that the call left its inputs alone.
    """
    got = student.call(function, first, y, *args, **kwargs)
    if untouched:
        unchanged(got)
    expected = ref.call(function, first, y, *args, **kwargs)
    def mistakes():
        if function == BCE:
            return bce_mistakes(first, y, kwargs.get("eps", args[0] if args else None))
        return logits_mistakes(first, y)

    close(got, expected, atol=atol, mistakes=told_apart(expected, mistakes, atol=atol))
    return got


def random_probabilities(seed):
    generator = rng(seed)
    for index, shape in enumerate(SHAPES):
        p = generator.uniform(0.001, 0.999, shape)
        labels = generator.integers(0, 2, shape).astype(np.float64)
        if index % 2:  # soft labels: y is itself a probability
            labels = generator.uniform(0.0, 1.0, shape)
        yield p, labels


def hard_labels(g, size):
    """Labels 0.0 or 1.0, drawn for a held-out case."""
    return g.integers(0, 2, size).astype(np.float64).tolist()


@pytest.mark.held_out
def test_worked_example(student, ref):
    # -(log 0.9 + log(1 - 0.2)) / 2 = 0.164252...
    public = [([0.9, 0.2], [1.0, 0.0]), ([0.5], [1.0]), ([0.0001, 0.99, 0.3], [1.0, 1.0, 0.0])]
    # held out: the same sizes, p away from 0 and 1 but for the confidently wrong p ~ 1e-4 of a label 1
    for p, y in either(0, public, lambda g: [
            (g.uniform(0.05, 0.95, 2).tolist(), hard_labels(g, 2)),
            (g.uniform(0.05, 0.95, 1).tolist(), hard_labels(g, 1)),
            ([10 ** -g.uniform(3.0, 5.0), g.uniform(0.9, 0.999), g.uniform(0.05, 0.95)], [1.0, 1.0, 0.0])]):
        check(student, ref, BCE, p, y)


@pytest.mark.held_out
def test_random_probabilities(student, ref):
    for p, y in random_probabilities(seed=4):
        check(student, ref, BCE, p, y)


@pytest.mark.held_out
def test_clips_zero_and_one(student, ref):
    # p of exactly 0 or 1 is clipped to [eps, 1 - eps] before the log: log(0) is -inf
    cases = [([0.0, 1.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0]), ([1.0, 0.5], [0.0, 1.0]), ([0.0], [0.3]),
             ([1e-300, 1.0 - 1e-17], [1.0, 0.0])]

    def drawn(g):
        """The same exact 0s and 1s and labels; the values between, and p's within eps of 0 or 1, drawn; one more
        ordinary element after each case."""
        cases_drawn = [([0.0, 1.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0]), ([1.0, g.uniform(0.05, 0.95)], [0.0, 1.0]),
                       ([0.0], [g.uniform(0.05, 0.95)]),
                       ([10 ** -g.uniform(13.0, 300.0), 1.0 - 10 ** -g.uniform(13.0, 15.5)], [1.0, 0.0])]
        return [(p + [g.uniform(0.05, 0.95)], y + [g.uniform(0.0, 1.0)]) for p, y in cases_drawn]

    for p, y in either(0, cases, drawn):
        check(student, ref, BCE, p, y)


@pytest.mark.held_out
def test_custom_eps(student, ref):
    def drawn(g):
        """Each eps drawn near its public value, with p's below eps and above 1 - eps to clip, and one between."""
        small, tiny, large = 10 ** -g.uniform(2.5, 3.5), 10 ** -g.uniform(6.0, 9.0), g.uniform(0.05, 0.2)
        return [([0.0, 1.0, g.uniform(0.1, 0.9) * small, g.uniform(0.05, 0.95)], small),
                ([0.0, 1.0, g.uniform(0.05, 0.95)], tiny),
                ([g.uniform(0.2, 0.9) * large, 1.0 - g.uniform(0.2, 0.9) * large, g.uniform(0.3, 0.7)], large)]

    (p1, eps1), (p2, eps2), (p3, eps3) = either(0, [([0.0, 1.0, 0.0005, 0.3], 1e-3), ([0.0, 1.0, 0.5], 1e-7),
                                                    ([0.05, 0.97, 0.5], 0.1)], drawn)
    check(student, ref, BCE, p1, [1.0, 0.0, 1.0, 0.0], eps1)  # eps given by position
    check(student, ref, BCE, p2, [1.0, 1.0, 0.0], eps=eps2)
    check(student, ref, BCE, p3, [1.0, 0.0, 1.0], eps=eps3)


@pytest.mark.held_out
def test_out_of_range_raises(student, ref):
    why_p = Text(en="p is a probability: a value outside [0, 1] is a bug upstream; check the range before "
                    "clipping, which would hide it",
                 zh="p 是概率：超出 [0, 1] 说明上游有错误；请在截断之前检查范围，否则截断会把它掩盖掉")
    why_y = Text(en="labels are probabilities too (0/1, or soft labels in between): reject values outside [0, 1]",
                 zh="标签也是概率（0/1 或介于两者之间的软标签）：超出 [0, 1] 的值要报错")
    cases = [([0.5, 1.2], [1.0, 0.0], why_p), ([-0.1, 0.5], [1.0, 0.0], why_p), ([0.5, 0.5], [2.0, 0.0], why_y),
             ([0.5, 0.5], [1.0, -1.0], why_y)]
    # held out: the same value out of range on the same side, by 0.01 to 1; the rest drawn inside [0, 1]
    for p, y, why in either(0, cases, lambda g: [
            ([g.uniform(0.05, 0.95), 1.0 + g.uniform(0.01, 1.0)], hard_labels(g, 2), why_p),
            ([-g.uniform(0.01, 1.0), g.uniform(0.05, 0.95)], hard_labels(g, 2), why_p),
            (g.uniform(0.05, 0.95, 2).tolist(), [1.0 + g.uniform(0.01, 1.0), g.uniform(0.0, 1.0)], why_y),
            (g.uniform(0.05, 0.95, 2).tolist(), [g.uniform(0.0, 1.0), -g.uniform(0.01, 1.0)], why_y)]):
        raises(student, "ValueError", BCE, p, y, why=why)


@pytest.mark.held_out
def test_logits_worked_example(student, ref):
    # z = 0 means p = 0.5 whatever the label: log 2 = 0.693147...
    public = [([0.0], [1.0]), ([2.0, -1.0, 0.5], [1.0, 0.0, 0.0]), ([3.0, -3.0], [0.0, 0.0])]
    # held out: z = 0 with a soft label (still log 2), mixed logits, and a pair +a, -a with one label for both
    for z, y in either(0, public, lambda g: [
            ([0.0], [g.uniform(0.0, 1.0)]), (signed(g, 0.2, 4.0, 3).tolist(), hard_labels(g, 3)),
            ((g.uniform(0.5, 5.0) * np.array([1.0, -1.0])).tolist(), hard_labels(g, 1) * 2)]):
        check(student, ref, LOGITS, z, y)


@pytest.mark.held_out
def test_logits_random(student, ref):
    generator = rng(44)
    for index, shape in enumerate(SHAPES):
        z = generator.normal(0.0, 4.0, shape)
        y = generator.uniform(0.0, 1.0, shape) if index % 2 else generator.integers(0, 2, shape).astype(np.float64)
        loss = check(student, ref, LOGITS, z, y).value
        # the same loss as the probability form on the same examples
        p = np.clip(1.0 / (1.0 + np.exp(-z)), 1e-12, 1 - 1e-12)
        close(student.call(BCE, p, y), loss, rtol=1e-6, mistakes=told_apart(loss, lambda: bce_mistakes(p, y), rtol=1e-6))


@pytest.mark.held_out
def test_logits_stable_for_large_values(student, ref):
    # for large |z|, exp(z) overflows and sigmoid(z) rounds to exactly 0 or 1
    cases = [
        ([1e4, -1e4], [0.0, 1.0]),        # confidently wrong: the loss is 1e4
        ([1e4, -1e4], [1.0, 0.0]),        # confidently right: the loss is ~0
        ([800.0, -800.0, 0.0], [0.0, 1.0, 1.0]),
        ([40.0, 100.0], [0.0, 0.25]),
        ([1e4, 3.0, -2.0], [0.5, 1.0, 0.0]),
    ]
    # held out: each logit up to twice as large (still past exp's overflow at 709, or where sigmoid is exactly 1), the
    # hard labels kept (confidently right or wrong), the soft ones drawn
    for z, y in either(0, cases, lambda g: [
            ((np.array(z) * g.uniform(1.0, 2.0, len(z))).tolist(),
             [g.uniform(0.05, 0.95) if 0 < label < 1 else label for label in y]) for z, y in cases]):
        check(student, ref, LOGITS, z, y, atol=LARGE_ATOL)


@pytest.mark.held_out
def test_logits_labels_out_of_range_raise(student, ref):
    why = Text(en="labels are probabilities (0/1, or soft labels in between): reject values outside [0, 1]",
               zh="标签是概率（0/1 或介于两者之间的软标签）：超出 [0, 1] 的值要报错")
    cases = [([0.5, 1.0], [1.5, 0.0]), ([0.5, 1.0], [1.0, -0.5])]
    # held out: the same label out of range on the same side, by 0.01 to 1
    for z, y in either(0, cases, lambda g: [
            (signed(g, 0.1, 3.0, 2).tolist(), [1.0 + g.uniform(0.01, 1.0), g.uniform(0.0, 1.0)]),
            (signed(g, 0.1, 3.0, 2).tolist(), [g.uniform(0.0, 1.0), -g.uniform(0.01, 1.0)])]):
        raises(student, "ValueError", LOGITS, z, y, why=why)


@pytest.mark.held_out
def test_array_likes_and_ints(student, ref):
    cases = [
        (BCE, [1, 0, 1], [1, 0, 0]),
        (BCE, (0.25, 0.75), (0, 1)),
        (BCE, np.array([[0.2, 0.6], [0.9, 0.4]], dtype=np.float32), np.array([[0, 1], [1, 0]])),
        (BCE, np.array([1, 0, 1], dtype=np.uint8), np.array([1, 1, 0], dtype=np.uint8)),
        (BCE, [0.9, 0.2, 0.6], np.array([True, False, False])),  # bool labels
        (LOGITS, [0, 2, -3], [1, 0, 1]),
        (LOGITS, np.array([[1, -1], [5, 0]], dtype=np.int32), np.array([[1, 0], [1, 1]], dtype=np.int64)),
        # -z and -|z| wrap around in uint8 (-3 = 253) and int8 (-(-128) = -128)
        (LOGITS, np.array([0, 3, 200], dtype=np.uint8), np.array([1.0, 0.0, 1.0])),
        (LOGITS, np.array([-128, 5, 127], dtype=np.int8), np.array([1.0, 0.0, 0.0])),
        (LOGITS, np.array([0.5, -2.5], dtype=np.float32), np.array([True, False])),
    ]

    def drawn(g):
        """The same functions, kinds and dtypes; p's and labels of 0/1 stay 0/1 integers, uint8 logits stay positive
        (so that -z wraps) and the int8 ones keep a -128 (whose negation wraps)."""
        same = lambda index, low, high: (cases[index][0], like(cases[index][1], g, low, high),  # noqa: E731
                                         like(cases[index][2], g, 0, 1))
        int8_logits = g.permutation(np.array([-128, *g.integers(-127, 128, 2)], dtype=np.int8))
        return [same(0, 0, 1), same(1, 0.05, 0.95), same(2, 0.05, 0.95), same(3, 0, 1),
                (BCE, like(cases[4][1], g, 0.05, 0.95), like(cases[4][2], g)),
                same(5, -9, 9), same(6, -9, 9),
                (LOGITS, like(cases[7][1], g, 1, 255), np.array(hard_labels(g, 3))),
                (LOGITS, int8_logits, np.array(hard_labels(g, 3))),
                (LOGITS, like(cases[9][1], g, -4, 4), like(cases[9][2], g))]

    for function, first, y in either(0, cases, drawn):
        python_float(check(student, ref, function, first, y))


@pytest.mark.held_out
def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    labels = np.array([1.0, 0.0, 1.0])
    for index, (function, first) in enumerate(((BCE, np.full((3, 1), 0.5)), (LOGITS, np.zeros((3, 1))))):
        public = [(first, labels), (first[:2, 0], labels), (first[:1, 0], labels)]
        # each pair in both orders (every value is in [0, 1]): refused whichever argument is the larger
        for a, b in either(index, public, lambda g: mismatched(g, "column", "short", "single")):
            raises(student, "ValueError", function, a, b, why=why)
            raises(student, "ValueError", function, b, a, why=why)


@pytest.mark.held_out
def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    for index, function in enumerate((BCE, LOGITS)):
        raises(student, "ValueError", function, [], [], why=why)
        columns = either(index, 2, lambda g: int(g.integers(3, 10)))
        raises(student, "ValueError", function, np.zeros((0, columns)), np.zeros((0, columns)), why=why)


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    public = (np.array([0.0, 0.3, 1.0]), np.array([1.0, 0.0, 1.0]), np.array([-2.0, 0.5, 30.0]),
              np.array([[1.0, 0.25]]), np.array([[0.0, 1.0]]), 1e-3)
    # held out: p keeps an exact 0 and 1 (which clipping in place would overwrite), a logit stays large
    p, y, z, p_2d, y_2d, eps = either(0, public, lambda g: (
        np.array([0.0, g.uniform(0.05, 0.95), 1.0]), np.array(hard_labels(g, 3)),
        np.array([*signed(g, 0.1, 4.0, 2), g.uniform(20.0, 40.0)]), np.array([[1.0, g.uniform(0.05, 0.95)]]),
        np.array([hard_labels(g, 2)]), 10 ** -g.uniform(2.0, 4.0)))
    check(student, ref, BCE, p, y, untouched=True)
    check(student, ref, LOGITS, z, y, untouched=True)
    check(student, ref, BCE, p_2d, y_2d, eps=eps, untouched=True)
