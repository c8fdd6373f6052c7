"""Hidden checks for ex03_huber: quadratic up to delta, linear beyond, averaged."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import either, int_pair, like, mismatched, pairs, signed
from grader.checks.diagnosis import averaging_mistakes, dtype_mistakes, python_float, told_apart
from grader.checks.maths import floats
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import close, mistake, raises, unchanged
from grader.text import Text


def huber_terms(size, delta):
    """Each element's Huber loss from its absolute error, in whatever dtype `size` has."""
    return np.where(size <= delta, 0.5 * size**2, delta * (size - 0.5 * delta))


def huber_mistakes(y_pred, y_true, delta=1.0):
    """What the usual wrong formulas give on these inputs, each with the misconception it reveals."""
    y_pred_64, y_true_64 = floats(y_pred, y_true)
    error = y_pred_64 - y_true_64
    size = np.abs(error)
    inside = size <= delta
    with np.errstate(all="ignore"):
        found = [
            mistake(np.sum(huber_terms(size, delta)), "looks like the sum over the elements, not the mean (divide by n)",
                    "看起来是对元素求和，而不是平均（需要除以 n）"),
            mistake(np.mean(np.where(inside, 0.5 * size**2, delta * size)),
                    "looks like the linear piece is delta * |e| without the shift: it must be delta * (|e| - 0.5 * "
                    "delta) so that both pieces meet at |e| = delta",
                    "看起来线性段是 delta * |e|，少了平移：应为 delta * (|e| - 0.5 * delta)，两段才能在 |e| = delta 处相接"),
            mistake(np.mean(np.where(error <= delta, 0.5 * size**2, delta * (size - 0.5 * delta))),
                    "looks like the test used e instead of |e|: large negative errors were treated as small",
                    "看起来判断时用的是 e 而不是 |e|：很大的负误差被当成了小误差"),
            mistake(np.mean(np.where(inside, 0.5 * size**2, delta * (error - 0.5 * delta))),
                    "looks like the linear piece used e instead of |e|: a large negative error lowered the loss",
                    "看起来线性段用的是 e 而不是 |e|：很大的负误差反而降低了损失"),
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
            mistake(np.mean(huber_terms(size, 1.0)),
                    "looks like delta was ignored (always 1.0): use the delta argument",
                    "看起来忽略了 delta（总是 1.0）：请使用传入的 delta 参数"),
            mistake(np.mean(delta**2 * (np.sqrt(1 + (error / delta) ** 2) - 1)),
                    "looks like the pseudo-Huber loss delta**2 * (sqrt(1 + (e / delta)**2) - 1): this exercise "
                    "asks for the exact Huber loss, 0.5 * e**2 up to delta and linear beyond",
                    "看起来是伪 Huber 损失 delta**2 * (sqrt(1 + (e / delta)**2) - 1)：本练习要求精确的 Huber 损失，"
                    "delta 以内是 0.5 * e**2，之外是线性的"),
        ]
        if inside.any() and not inside.all():
            found.append(mistake(np.mean(0.5 * size[inside] ** 2) + np.mean(delta * (size[~inside] - 0.5 * delta)),
                                 "looks like each piece was averaged over its own elements and the two means added: "
                                 "compute every element's loss, then take one mean over all n",
                                 "看起来两段各自对自己的元素求平均后再相加：应先算出每个元素的损失，再对全部 n 个元素求一次平均"))
    found += averaging_mistakes(huber_terms(size, delta), y_pred, y_true)
    return found + dtype_mistakes(lambda a, b: np.mean(huber_terms(np.abs(a - b), delta)), y_pred, y_true)


def other_defaults(y_pred, y_true):
    """A call without delta, answered with another default: scikit-learn's HuberRegressor epsilon 1.35, or a guess."""
    size = np.abs(np.subtract(*floats(y_pred, y_true)))
    return [mistake(np.mean(huber_terms(size, other)), f"looks like the default delta is {other}: the default is "
                    "delta=1.0", f"看起来默认的 delta 是 {other}：默认值应为 delta=1.0") for other in (1.35, 0.5, 2.0)]


def check_huber(student, ref, y_pred, y_true, *args, untouched=False, **kwargs):
    """Compare one call with the reference (after checking that it left its inputs alone, if `untouched`)."""
    delta = kwargs.get("delta", args[0] if args else None)
    got = student.call("huber", y_pred, y_true, *args, **kwargs)
    if untouched:
        unchanged(got)
    expected = ref.call("huber", y_pred, y_true, *args, **kwargs)
    def mistakes():
        if delta is None:
            return huber_mistakes(y_pred, y_true) + other_defaults(y_pred, y_true)
        return huber_mistakes(y_pred, y_true, delta)

    close(got, expected, mistakes=told_apart(expected, mistakes))
    return got


def small_error(g, delta):
    """The size of an error well within delta, for a held-out case (off the boundary between the pieces)."""
    return g.uniform(0.05, 0.9) * delta


def large_error(g, delta):
    """The size of an error well beyond delta, for a held-out case."""
    return g.uniform(1.2, 6.0) * delta


@pytest.mark.held_out
def test_worked_example(student, ref):
    # errors 0.5 (quadratic: 0.125) and -3 (linear: 1 * (3 - 0.5) = 2.5): mean 1.3125
    public = [([1.5, -1.0], [1.0, 2.0], 1.0), ([0.0, 0.0, 0.0], [0.5, -4.0, 10.0], 2.0), ([3.0], [0.0], 0.5)]

    def drawn(g):
        """The same sizes, pieces and signs: errors small and -large; -small, large and -large; large."""
        deltas = g.uniform(0.5, 2.0), g.uniform(1.0, 3.0), g.uniform(0.2, 1.0)
        y_true = g.uniform(-3.0, 3.0, 2)
        errors = np.array([small_error(g, deltas[0]), -large_error(g, deltas[0])])
        return [((y_true + errors).tolist(), y_true.tolist(), deltas[0]),
                ([0.0, 0.0, 0.0], [small_error(g, deltas[1]), -large_error(g, deltas[1]), large_error(g, deltas[1])],
                 deltas[1]),
                ([large_error(g, deltas[2])], [0.0], deltas[2])]

    for y_pred, y_true, delta in either(0, public, drawn):
        check_huber(student, ref, y_pred, y_true, delta=delta)


@pytest.mark.held_out
def test_random_arrays(student, ref):
    for (y_pred, y_true), delta in zip(pairs(seed=3), (1.0, 0.3, 2.5, 1.0, 0.7, 4.0)):
        check_huber(student, ref, y_pred, y_true, delta=delta)
    for y_pred, y_true in pairs(seed=33, shapes=[(9,), (4, 3)]):
        check_huber(student, ref, y_pred, y_true, 1.5)  # delta given by position


@pytest.mark.held_out
def test_boundary_and_continuity(student, ref):
    # at |e| = delta both pieces equal 0.5 * delta**2; just past it the loss must move on smoothly
    deltas = either(0, (1.0, 2.0, 0.25), lambda g: (g.uniform(0.5, 1.5), g.uniform(1.5, 4.0), g.uniform(0.05, 0.5)))
    small = either(1, 0.1, lambda g: g.uniform(0.05, 0.9))
    for delta in deltas:
        for offset in (0.0, 1e-3 * delta, -1e-3 * delta):
            errors = np.array([delta + offset, -(delta + offset), small * delta])
            check_huber(student, ref, errors, np.zeros(3), delta=delta)


@pytest.mark.held_out
def test_default_delta(student, ref):
    public = [([0.2, 3.0, -2.0], [0.0, 0.0, 0.0]), ([4.0], [1.5])]

    def drawn(g):
        """Errors inside and beyond every default a student might have guessed (0.5 to 2), so each gives its own value."""
        y_true = g.uniform(-3.0, 3.0, 4)
        errors = np.concatenate([signed(g, 0.05, 0.45, 1), signed(g, 2.2, 6.0, 3)])
        return [((y_true[:3] + errors[:3]).tolist(), y_true[:3].tolist()), ([y_true[3] + errors[3]], [y_true[3]])]

    for y_pred, y_true in either(0, public, drawn):
        check_huber(student, ref, y_pred, y_true)


@pytest.mark.held_out
def test_limits_match_mse_and_mae(student, ref):
    # delta = 1e6: every error is small, the loss is half the MSE; delta = 1e-3: every error is large,
    # the loss is delta * (MAE - 0.5 * delta)
    y_true = either(0, np.array([0.0, 1.0, -1.0, 0.1]), lambda g: g.uniform(-3.0, 3.0, 4))
    y_pred = either(1, np.array([0.3, -2.0, 5.0, 0.0]), lambda g: y_true + signed(g, 0.05, 6.0, 4))
    check_huber(student, ref, y_pred, y_true, delta=either(2, 1e6, lambda g: 10 ** g.uniform(5.0, 7.0)))
    check_huber(student, ref, y_pred, y_true, delta=either(3, 1e-3, lambda g: 10 ** -g.uniform(2.0, 4.0)))


@pytest.mark.held_out
def test_array_likes_and_ints(student, ref):
    cases = [
        (([1, 2, 3, 4], [2, 2, 2, 0]), {}),
        (((0.5, -1.5), (1.0, 1.0)), {"delta": 1}),
        ((np.array([3, -1, 4], dtype=np.int64), np.array([1, 5, 9], dtype=np.int64)), {"delta": 2}),
        # uint8 wraps around (1 - 4 = 253), int8 stops at 127, int16 squares overflow past 32767
        ((np.array([1, 9], dtype=np.uint8), np.array([4, 0], dtype=np.uint8)), {}),
        ((np.array([100, -100, 3], dtype=np.int8), np.array([-100, 27, 0], dtype=np.int8)), {"delta": 2.0}),
        ((np.array([300, -2], dtype=np.int16), np.array([0, 1], dtype=np.int16)), {"delta": 500.0}),
        (([0.9, 0.2, 3.0], np.array([True, False, False])), {"delta": 0.5}),
        ((np.array([0.1, 2.7], dtype=np.float32), [0.0, 0.0]), {}),
    ]

    def drawn(g):
        """The same kinds and edges: a negative uint8 difference, an int8 one past 127, an int16 one inside delta
        whose square passes 32767; an int delta stays an int."""
        like_pair = lambda index, low, high: tuple(like(value, g, low, high) for value in cases[index][0])  # noqa: E731
        return [(like_pair(0, -9, 9), {}),
                (like_pair(1, -3, 3), {"delta": like(1, g, 1, 3)}),
                (like_pair(2, -50, 50), {"delta": like(2, g, 1, 5)}),
                (int_pair(g, np.uint8, [-g.integers(1, 256), g.integers(0, 256)]), {}),
                (int_pair(g, np.int8, [g.integers(128, 256), -g.integers(128, 256), g.integers(-9, 10)]),
                 {"delta": g.uniform(1.0, 3.0)}),
                (int_pair(g, np.int16, [g.integers(182, 500), g.integers(-9, 10)]), {"delta": g.uniform(500.0, 1000.0)}),
                ((like(cases[6][0][0], g, 0, 3), like(cases[6][0][1], g)), {"delta": g.uniform(0.2, 1.0)}),
                ((like(cases[7][0][0], g, -3, 3), like(cases[7][0][1], g, -1, 1)), {})]

    for args, kwargs in either(0, cases, drawn):
        python_float(check_huber(student, ref, *args, **kwargs))


@pytest.mark.held_out
def test_invalid_delta_raises(student, ref):
    why = Text(en="delta is where the quadratic piece hands over to the linear one: it must be > 0",
               zh="delta 是二次段切换到线性段的位置：必须大于 0")
    y_pred = either(0, [1.0, 2.0], lambda g: like([1.0, 2.0], g, -9, 9))
    y_true = either(1, [0.0, 0.0], lambda g: like([0.0, 0.0], g, -9, 9))
    # held out: zero stays (the edge), the negative deltas are drawn
    for delta in either(2, (0.0, -1.0, -0.5), lambda g: (0.0, -g.uniform(0.5, 5.0), -g.uniform(0.01, 0.5))):
        raises(student, "ValueError", "huber", y_pred, y_true, delta=delta, why=why)


@pytest.mark.held_out
def test_shape_mismatch_raises(student, ref):
    why = SHAPES_DIFFER
    public = [(np.ones((3, 1)), np.zeros(3)), ([5.0], [1.0, 2.0, 3.0]), ([1.0, 2.0, 3.0], [1.0, 2.0])]
    # each pair in both orders: a mismatch must be refused whichever argument is the larger
    for first, second in either(0, public, lambda g: mismatched(g, "column", "single", "short")):
        raises(student, "ValueError", "huber", first, second, why=why)
        raises(student, "ValueError", "huber", second, first, why=why)


@pytest.mark.held_out
def test_empty_input_raises(student, ref):
    why = EMPTY_INPUT
    raises(student, "ValueError", "huber", [], [], why=why)
    columns = either(0, 2, lambda g: int(g.integers(3, 10)))
    raises(student, "ValueError", "huber", np.zeros((0, columns)), np.zeros((0, columns)),
           delta=either(1, 2.0, lambda g: g.uniform(0.5, 3.0)), why=why)


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    public = [(np.array([1.0, -2.0, 3.0]), np.array([3.0, 2.0, 1.5]), 1.0),
              (np.array([[0.5, -4.0]]), np.array([[0.0, 0.0]]), 2.0)]

    def drawn(g):
        """The same shapes and pieces with the same signs: errors -large, -large and large; small and -large."""
        deltas = g.uniform(0.5, 3.0, 2)
        y_true = g.uniform(-3.0, 3.0, 3)
        errors = np.array([-large_error(g, deltas[0]), -large_error(g, deltas[0]), large_error(g, deltas[0])])
        return [(y_true + errors, y_true, deltas[0]),
                (np.array([[small_error(g, deltas[1]), -large_error(g, deltas[1])]]), np.zeros((1, 2)), deltas[1])]

    for y_pred, y_true, delta in either(0, public, drawn):
        check_huber(student, ref, y_pred, y_true, delta=delta, untouched=True)
