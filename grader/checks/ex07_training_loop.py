"""Hidden checks for ex07_training_loop: full-batch gradient descent on the MSE and on the BCE with logits."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import either, like, rng
from grader.checks.diagnosis import told_apart
from grader.checks.maths import sigmoid
from grader.expect import Deferred, close, fail, mistake, raises, unchanged
from grader.show import show
from grader.student import CheckFailed, describe_type
from grader.text import Text

LINEAR, LOGISTIC = "fit_linear_regression", "fit_logistic_regression"
# Correct implementations sum in different orders; over a hundred epochs that drifts by ~1e-14.
RTOL, ATOL = 1e-8, 1e-12


def _loss(function, z, y):
    if function == LINEAR:
        return float(np.mean((z - y) ** 2))
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _clipped(eps):
    def loss(function, z, y):
        q = np.clip(sigmoid(z), eps, 1 - eps)
        return float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))
    return loss


# The logistic loss written in ways that fail for large logits: (the curve's loss function, what it says).
UNSTABLE_LOSSES = [
    (lambda function, z, y: float(np.mean(np.log(1 + np.exp(z)) - y * z)), Text(
        en="looks like log(1 + exp(z)) computed as written: exp(z) overflows to inf for z > 709; use "
           "np.logaddexp(0, z)",
        zh="看起来直接计算了 log(1 + exp(z))：z > 709 时 exp(z) 溢出成 inf；请用 np.logaddexp(0, z)")),
    (lambda function, z, y: float(np.mean(y * np.log(1 + np.exp(-z)) + (1 - y) * np.log(1 + np.exp(z)))), Text(
        en="looks like y log(1 + exp(-z)) + (1 - y) log(1 + exp(z)) as written: exp overflows to inf and 0 * inf is "
           "nan; use np.logaddexp(0, z) - y * z",
        zh="看起来直接计算了 y log(1 + exp(-z)) + (1 - y) log(1 + exp(z))：exp 溢出成 inf，0 * inf 是 nan；"
           "请用 np.logaddexp(0, z) - y * z")),
    *((_clipped(eps), Text(
        en=f"looks like the probabilities were clipped to [{eps:g}, 1 - {eps:g}]: a confidently wrong logit of -1e4 "
           f"costs 1e4, not -log({eps:g}) = {-np.log(eps):.1f}; compute the loss from the logits, "
           "np.logaddexp(0, z) - y * z",
        zh=f"看起来把概率截断到了 [{eps:g}, 1 - {eps:g}]：一个非常自信却错误的 logit -1e4 的代价是 1e4，"
           f"而不是 -log({eps:g}) = {-np.log(eps):.1f}；请直接用 logits 计算损失，np.logaddexp(0, z) - y * z"))
      for eps in (1e-7, 1e-12, 1e-15)),
]


def descend(function, X, y, lr, epochs, *, bias=True, after=False, sequential=False, loss=_loss):
    """Our own gradient descent with one deliberate deviation, to recognise what a student did."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []

    def residual(w, b):  # d(loss)/d(prediction) times n
        z = X @ w + b
        return 2.0 * (z - y) if function == LINEAR else sigmoid(z) - y

    with np.errstate(all="ignore"):
        for _ in range(epochs):
            if not after:
                losses.append(loss(function, X @ w + b, y))
            r = residual(w, b)
            w = w - lr * (X.T @ r) / n
            if sequential:
                r = residual(w, b)
            if bias:
                b = b - lr * float(np.mean(r))
            if after:
                losses.append(loss(function, X @ w + b, y))
    return w, b, np.array(losses)


def wrong_runs(function, X, y, lr, epochs):
    """(w, b, losses, misconception) for the usual mistakes, on these inputs."""
    n = len(X)
    run = lambda **kwargs: descend(function, X, y, kwargs.pop("lr", lr), epochs, **kwargs)  # noqa: E731
    runs = [
        (*run(bias=False), Text(
            en="b never moved from 0: the bias has its own gradient (2 * mean(error) for the MSE, mean(sigmoid(z) - y) "
               "for the BCE) and must be updated too",
            zh="b 一直是 0：偏置有自己的梯度（MSE 是 2 * mean(error)，BCE 是 mean(sigmoid(z) - y)），也必须更新")),
        (*run(after=True), Text(
            en="looks like each loss was recorded after its update: losses[k] must be the loss before update k "
               "(losses[0] is the loss of w = 0, b = 0)",
            zh="看起来每个损失都是在更新之后记录的：losses[k] 应是第 k 次更新之前的损失（losses[0] 是 w = 0、b = 0 时的损失）")),
        (*run(lr=-lr), Text(
            en="looks like gradient ascent: the loss grows; step against the gradient, w <- w - lr * grad",
            zh="看起来是梯度上升：损失越来越大；应沿梯度的反方向走，w <- w - lr * grad")),
        (*run(sequential=True), Text(
            en="looks like the bias step used the predictions after w had already moved: compute both gradients "
               "from the same predictions, then update w and b",
            zh="看起来更新 b 时用的是 w 更新之后的预测：两个梯度应来自同一次预测，然后再同时更新 w 和 b")),
    ]
    if n > 1:
        runs.append((*run(lr=lr * n), Text(
            en="looks like the gradient is a sum over the samples, not a mean: divide by n",
            zh="看起来梯度是对样本求和而不是求平均：需要除以 n")))
    if function == LINEAR:
        runs.append((*run(lr=lr / 2), Text(
            en="looks like the gradient of ½·MSE: the derivative of error² is 2·error, keep the factor 2",
            zh="看起来是 ½·MSE 的梯度：error² 的导数是 2·error，不要丢掉系数 2")))
    else:
        runs.append((*run(lr=2 * lr), Text(
            en="looks like a factor 2 in the gradient: that belongs to the MSE; the BCE-with-logits gradient is "
               "(sigmoid(z) - y) / n",
            zh="看起来梯度多了系数 2：那是 MSE 的；带 logits 的 BCE 梯度是 (sigmoid(z) - y) / n")))
        runs.extend((*run(loss=loss), text) for loss, text in UNSTABLE_LOSSES)
    return runs


def compare_fits(student, ref, function, cases, *, rtol=RTOL, atol=ATOL, types=False):
    """Fit every (X, y, lr, epochs) case in one round trip and compare w, b and losses with the reference."""
    results = student.call_many(function, [((X, y), {"lr": lr, "epochs": epochs}) for X, y, lr, epochs in cases])
    for got, (X, y, lr, epochs) in zip(results, cases):
        _, b, _ = check_fit(got, ref.call(function, X, y, lr=lr, epochs=epochs), function, X, y, lr, epochs,
                            rtol=rtol, atol=atol)
        if types:
            python_float(b)


def python_float(got):
    """b must be a float: a Python float or numpy's float64 (a subclass of it), not an array."""
    if not isinstance(got.value, float):
        raise fail(f"{got.call} returned {describe_type(got.value)}, expected a Python float: return float(b)",
                   f"{got.call} 返回了 {describe_type(got.value)}，应为 Python float：请返回 float(b)")


def check_fit(got, expected, function, X, y, lr, epochs, *, rtol=RTOL, atol=ATOL):
    """Compare one returned (w, b, losses) with the reference's, naming a known mistake when one matches."""
    w_ref, b_ref, losses_ref = expected
    losses_ref = np.asarray(losses_ref, dtype=np.float64)
    w, b, losses = got.parts(3)
    wrong = []  # simulated only when something differs: grading a correct file stays fast

    def named(part, right):
        if not wrong:
            wrong.extend(wrong_runs(function, X, y, lr, epochs))
            wrong.append((w_ref, b_ref, losses_ref * len(X), Text(
                en="the losses look like sums over the samples, not means",
                zh="损失看起来是对样本求和，而不是求平均")))
        return told_apart(right, [mistake(run[part], run[3].en, run[3].zh) for run in wrong])

    values = losses.sequence()
    if len(values) != epochs:  # first: a run of another length explains every other difference
        extra_en, extra_zh = "", ""
        if len(values) == epochs + 1:
            extra_en, extra_zh = ": did you also record the loss after the last update?", "：是否在最后一次更新之后又记录了一次损失？"
        raise fail(f"{losses.call} holds {len(values)} losses, expected {epochs} (one per epoch){extra_en}",
                   f"{losses.call} 有 {len(values)} 个损失，应为 {epochs} 个（每轮一个）{extra_zh}")
    for returned, value, part in ((w, w_ref, 0), (b, b_ref, 1)):
        try:
            close(returned, value, rtol=rtol, atol=atol)
        except CheckFailed:
            close(returned, value, rtol=rtol, atol=atol, mistakes=named(part, value))
    returned = losses.with_value(values)
    try:
        close(returned, losses_ref, rtol=rtol, atol=atol)
    except CheckFailed:
        close(returned, losses_ref, rtol=rtol, atol=atol, mistakes=named(2, losses_ref))
    return w, b, values


def compare_fit(student, ref, function, X, y, lr, epochs, **options):
    compare_fits(student, ref, function, [(X, y, lr, epochs)], **options)


def linear_data(seed, n, d):
    generator = rng(seed)
    X = generator.normal(0.0, 1.0, (n, d))
    y = X @ generator.normal(0.0, 2.0, d) + generator.normal(0.0, 2.0) + generator.normal(0.0, 0.3, n)
    return X, y


def logistic_data(seed, n, d):
    generator = rng(seed)
    X = generator.normal(0.0, 1.0, (n, d))
    y = (X @ generator.normal(0.0, 2.0, d) + generator.normal(0.0, 1.0, n) > 0.3).astype(np.float64)
    return X, y


SHAPES = [(1, 1), (2, 1), (5, 3), (8, 2), (20, 4)]


def _whole(generator, low, high, shape):
    """Whole numbers as float64, as the worked examples use."""
    return generator.integers(low, high + 1, shape).astype(np.float64)


def _labels(generator, n):
    """n labels of 0.0 and 1.0 with both present (n >= 2): a worked example's kind of labels."""
    y = (generator.random(n) < 0.5).astype(np.float64)
    y[:2] = generator.permutation([0.0, 1.0])
    return generator.permutation(y)


def _like_cases(generator, cases, *, logistic=False):
    """The cases' shapes, learning rates and epochs with other features (|x| <= 2: every step stays stable at
    these learning rates) and targets."""
    return [(_whole(generator, -2, 2, np.shape(X)),
             _labels(generator, len(y)) if logistic else _whole(generator, -6, 6, np.shape(y)), lr, epochs)
            for X, y, lr, epochs in cases]


@pytest.mark.held_out
def test_linear_worked_example(student, ref):
    cases = [
        (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 3.0, 5.0, 7.0]), 0.1, 3),
        (np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]]), np.array([4.0, -2.0, 5.0]), 0.05, 60),
    ]
    compare_fits(student, ref, LINEAR, either(70, cases, lambda g: _like_cases(g, cases)), types=True)


@pytest.mark.held_out
def test_linear_random(student, ref):
    compare_fits(student, ref, LINEAR, [(*linear_data(seed, n, d), 0.05, 60) for seed, (n, d) in enumerate(SHAPES)])


@pytest.mark.held_out
def test_logistic_worked_example(student, ref):
    cases = [
        (np.array([[-2.0], [-1.0], [1.0], [2.0]]), np.array([0.0, 0.0, 1.0, 1.0]), 0.5, 3),
        (np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0], [-1.0, 0.5]]), np.array([1.0, 0.0, 1.0, 0.0]), 0.3, 60),
    ]
    compare_fits(student, ref, LOGISTIC, either(71, cases, lambda g: _like_cases(g, cases, logistic=True)),
                 types=True)


@pytest.mark.held_out
def test_logistic_random(student, ref):
    cases = [(*logistic_data(seed + 10, n, d), 0.5, 60) for seed, (n, d) in enumerate(SHAPES)]
    # soft labels are allowed: y is a probability
    cases.append((np.array([[0.5, -1.0], [1.5, 0.0], [-1.0, 2.0]]), np.array([0.2, 0.9, 0.5]), 0.5, 40))
    compare_fits(student, ref, LOGISTIC, cases)


def first_loss_mistakes(function, X, y, first):
    """What losses[0] is under the usual mistakes about it, on these inputs."""
    after = descend(function, X, y, 0.1, 1, after=True)[2][:1]
    found = [mistake(after, "looks like the loss after the first update: losses[0] is the loss before any update, "
                     "at w = 0 and b = 0", "看起来是第一次更新之后的损失：losses[0] 应是任何更新之前（w = 0、b = 0）的损失"),
             mistake(first * len(X), "looks like a sum over the samples, not a mean",
                     "看起来是对样本求和，而不是求平均")]
    if function == LINEAR:
        found.append(mistake(first / 2, "looks like ½·MSE: the loss is mean(error ** 2) without the ½",
                             "看起来是 ½·MSE：损失是 mean(error ** 2)，没有 ½"))
    return told_apart(first, found)


@pytest.mark.held_out
def test_first_loss_before_update(student, ref):
    X, y, ones, zeros = either(72, (
        np.array([[1.0, -1.0], [2.0, 0.5], [0.0, 3.0]]), np.array([2.0, -1.0, 4.0]), np.array([1.0, 0.0, 1.0]),
        np.array([0.0, 1.0, 1.0])), lambda g: (
        # |x| <= 1.5: 500 steps of lr = 0.1 stay stable; labels of both kinds
        g.uniform(-1.5, 1.5, (3, 2)), g.uniform(-5.0, 5.0, 3), _labels(g, 3), _labels(g, 3)))
    # before any update, w = 0 and b = 0: the MSE is mean(y ** 2), and the BCE is log 2 (every p is 0.5)
    for function, labels, first in ((LINEAR, y, float(np.mean(y**2))), (LOGISTIC, ones, float(np.log(2.0)))):
        for epochs in (1, 4):
            got = student.call(function, X, labels, lr=0.1, epochs=epochs)
            _, _, losses = got.parts(3)
            values = losses.sequence()
            if len(values) != epochs:
                raise fail(f"{losses.call} holds {len(values)} losses, expected {epochs} (one per epoch, each "
                           "recorded before its update)",
                           f"{losses.call} 有 {len(values)} 个损失，应为 {epochs} 个（每轮一个，在更新之前记录）")
            close(losses.with_value(values[:1], "[:1]"), np.array([first]), rtol=1e-12,
                  mistakes=Deferred(lambda: first_loss_mistakes(function, X, labels, np.array([first]))))
    for function, labels in ((LINEAR, y), (LOGISTIC, zeros)):
        got = student.call(function, X, labels)
        _, _, losses = got.parts(3)
        count = len(losses.sequence())
        if count != 500:
            raise fail(f"{losses.call} holds {count} losses, expected 500: the defaults are lr=0.1, epochs=500",
                       f"{losses.call} 有 {count} 个损失，应为 500：默认参数是 lr=0.1、epochs=500")
        try:
            check_fit(got, ref.call(function, X, labels), function, X, labels, 0.1, 500)
        except CheckFailed:
            given = student.call(function, X, labels, lr=0.1, epochs=500)
            check_fit(given, ref.call(function, X, labels, lr=0.1, epochs=500), function, X, labels, 0.1, 500)
            raise fail(f"{function}(X, y) and {function}(X, y, lr=0.1, epochs=500) returned different fits: the "
                       "default learning rate is lr=0.1",
                       f"{function}(X, y) 与 {function}(X, y, lr=0.1, epochs=500) 的结果不同：默认学习率是 lr=0.1") from None


def _biased(generator):
    """Data that only a bias fits: a linear target far from 0 around centred x, three labels of one kind in four."""
    x = generator.uniform(-1.0, 1.0, 3)
    offset = generator.uniform(3.0, 8.0) * generator.choice([-1.0, 1.0])
    labels = np.full(4, generator.choice([0.0, 1.0]))
    labels[generator.integers(0, 4)] = 1.0 - labels[0]
    return [(LINEAR, (x - x.mean())[:, None], offset + x + generator.normal(0.0, 0.3, 3)),
            (LOGISTIC, generator.permutation([-1.0, 1.0, -1.0, 1.0])[:, None], labels)]


@pytest.mark.held_out
def test_bias_is_learned(student, ref):
    cases = either(73, [(LINEAR, np.array([[-1.0], [0.0], [1.0]]), np.array([4.0, 5.0, 6.0])),
                        (LOGISTIC, np.array([[-1.0], [1.0], [-1.0], [1.0]]), np.array([1.0, 1.0, 1.0, 0.0]))], _biased)
    for function, X, y in cases:
        got = student.call(function, X, y, lr=0.1, epochs=40)
        expected = ref.call(function, X, y, lr=0.1, epochs=40)
        _, b, _ = got.parts(3)
        if b.scalar() == 0.0:
            raise fail(f"{b.call} returned 0.0, expected {show(expected[1])}: the bias never moved from 0; it has "
                       "its own gradient (2 * mean(error) for the MSE, mean(sigmoid(z) - y) for the BCE) and must "
                       "be updated every epoch like w",
                       f"{b.call} 返回 0.0，应为 {show(expected[1])}：偏置一直没有离开 0；它有自己的梯度"
                       "（MSE 是 2 * mean(error)，BCE 是 mean(sigmoid(z) - y)），每轮都要像 w 一样更新")
        check_fit(got, expected, function, X, y, 0.1, 40)


def _confidently_wrong(generator):
    """Features of about 100 whose 4 steps of lr = 1 reach logits that are huge and wrong for some sample, as in
    the fixed case: clipping the probabilities must show in the losses (drawn again until it does)."""
    while True:
        X, y = _whole(generator, -100, 100, (5, 2)), _labels(generator, 5)
        right = descend(LOGISTIC, X, y, 1.0, 4)[2]
        if all(not np.allclose(descend(LOGISTIC, X, y, 1.0, 4, loss=loss)[2], right, rtol=1e-6)
               for loss, _ in UNSTABLE_LOSSES):
            return X, y


@pytest.mark.held_out
def test_large_logits_stay_finite(student, ref):
    X, y = either(74, (np.array([[100.0, 0.0], [-100.0, 50.0], [30.0, -80.0], [-20.0, -60.0], [10.0, 90.0]]),
                       np.array([1.0, 0.0, 1.0, 0.0, 0.0])), _confidently_wrong)
    got = student.call(LOGISTIC, X, y, lr=1.0, epochs=4)
    # logaddexp(0, z) - y*z loses up to ~1e-16 * |z| to cancellation, and |z| reaches ~3e3 here.
    check_fit(got, ref.call(LOGISTIC, X, y, lr=1.0, epochs=4), LOGISTIC, X, y, 1.0, 4, rtol=1e-9, atol=1e-9)


LINEAR_ARRAY_LIKES = [
    ([[0, 1], [1, 0], [2, 2]], [1, 2, 3], 0.1, 20),
    (np.array([[1], [2], [3], [4]], dtype=np.int64), (3, 5, 7, 9), 0.05, 20),
    (np.array([[0, 3], [1, 2], [2, 7]], dtype=np.uint8), np.array([5, -3, 1], dtype=np.int8), 0.01, 10),
    (np.array([[0.5, -1.0], [1.5, 2.0]], dtype=np.float32), np.array([1.0, 0.3], dtype=np.float32), 0.1, 10),
]
LOGISTIC_ARRAY_LIKES = [
    ([[0, 1], [1, 0], [2, 2], [-1, -1]], [0, 1, 1, 0], 0.5, 20),
    (np.array([[3, -1], [-2, 2]], dtype=np.int32), np.array([1, 0], dtype=np.int64), 0.5, 20),
    (np.array([[3, 1], [2, 2], [0, 5]], dtype=np.uint8), np.array([True, False, True]), 0.5, 20),
    (np.array([[-3, 1], [2, -2]], dtype=np.int16), np.array([1, 0], dtype=np.uint8), 0.5, 20),
]


def _same_kinds(generator, cases, logistic):
    """Each case's containers and dtypes (lists, tuples, small and unsigned ints, bools, float32) with other numbers
    in the spans of the fixed ones (so the learning rates stay stable); signed targets keep a negative value."""
    drawn = []
    for X, y, lr, epochs in cases:
        X_new = like(X, generator, np.min(X), np.max(X))
        if logistic:
            y_new = like(y, generator, 0, 1)
        else:
            y_new = like(y, generator, -9 if np.asarray(y).dtype.kind in "if" else None, 9)
        drawn.append((X_new, y_new, lr, epochs))
    return drawn


@pytest.mark.held_out
def test_array_likes_and_ints(student, ref):
    compare_fits(student, ref, LINEAR, either(75, LINEAR_ARRAY_LIKES,
                                              lambda g: _same_kinds(g, LINEAR_ARRAY_LIKES, False)))
    compare_fits(student, ref, LOGISTIC, either(76, LOGISTIC_ARRAY_LIKES,
                                                lambda g: _same_kinds(g, LOGISTIC_ARRAY_LIKES, True)))


@pytest.mark.held_out
def test_shape_mismatch_raises(student, ref):
    why = Text(en="y of shape (n, 1) against predictions of shape (n,) broadcasts silently to (n, n); check that "
                  "y has shape (n,)",
               zh="形状 (n, 1) 的 y 与形状 (n,) 的预测会被静默广播成 (n, n)；请检查 y 的形状是 (n,)")
    # square X: with y of shape (3, 1) every broadcast in a careless loop silently succeeds
    X, labels = either(77, (np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, -1.0, 1.0]]), np.array([1.0, 0.0, 1.0])),
                       lambda g: (_whole(g, -2, 2, (3, 3)), _labels(g, 3)))
    cube = either(80, np.ones((3, 2, 2)), lambda g: g.uniform(-2.0, 2.0, (3, 2, 2)))
    two_d = Text(en="X must be a 2-D (n, d) array: one row of d features per sample",
                 zh="X 必须是二维 (n, d) 数组：每个样本一行 d 个特征")
    for function in (LINEAR, LOGISTIC):
        raises(student, "ValueError", function, X, labels[:, None], lr=0.1, epochs=3, why=why)
        raises(student, "ValueError", function, X, labels[:1], lr=0.1, epochs=3,
               why=Text(en="X has 3 rows but y has 1 target (numpy would broadcast it silently)",
                        zh="X 有 3 行，但 y 只有 1 个目标值（numpy 会静默广播）"))
        raises(student, "ValueError", function, X[:, 0], labels, lr=0.1, epochs=3, why=two_d)
        raises(student, "ValueError", function, cube, labels, lr=0.1, epochs=3, why=two_d)


@pytest.mark.held_out
def test_labels_validated(student, ref):
    why = Text(en="the labels of a logistic regression are probabilities: raise ValueError for any y outside [0, 1]",
               zh="逻辑回归的标签是概率：y 超出 [0, 1] 时请抛出 ValueError")
    X, above, below, whole, inside = either(78, (np.array([[1.0, 0.5], [-1.0, 2.0], [0.3, -0.7]]), 1.5, -0.5, 2.0, 0.0),
                                            lambda g: (g.uniform(-2.0, 2.0, (3, 2)), float(g.uniform(1.01, 3.0)),
                                                       -float(g.uniform(0.01, 2.0)), float(g.integers(2, 5)),
                                                       float(g.integers(0, 2))))
    raises(student, "ValueError", LOGISTIC, X, np.array([inside, above, 1.0]), lr=0.1, epochs=3, why=why)
    raises(student, "ValueError", LOGISTIC, X, np.array([1.0, below, inside]), lr=0.1, epochs=3, why=why)
    raises(student, "ValueError", LOGISTIC, X, np.array([1.0, whole, 0.0]), lr=0.1, epochs=3, why=why)
    # 0 and 1 themselves are labels
    compare_fit(student, ref, LOGISTIC, X, np.array([0.0, 1.0, 1.0]), 0.1, 3)


@pytest.mark.held_out
def test_empty_input_raises(student, ref):
    why = Text(en="there is no loss to average over zero samples", zh="零个样本无法求平均损失")
    columns, rows = either(79, (2, 3), lambda g: (int(g.integers(1, 5)), int(g.integers(1, 6))))
    for function in (LINEAR, LOGISTIC):
        raises(student, "ValueError", function, np.zeros((0, columns)), np.zeros(0), lr=0.1, epochs=3, why=why)
        raises(student, "ValueError", function, np.zeros((rows, 0)), np.zeros(rows), lr=0.1, epochs=3,
               why=Text(en="X of shape (n, 0) holds no features at all: it is empty too",
                        zh="形状为 (n, 0) 的 X 没有任何特征：它也是空输入"))


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    X, y = linear_data(7, 6, 2)
    for function, labels in ((LINEAR, y), (LOGISTIC, (y > 0).astype(np.float64))):
        got = student.call(function, X, labels, lr=0.1, epochs=5)
        unchanged(got)
        check_fit(got, ref.call(function, X, labels, lr=0.1, epochs=5), function, X, labels, 0.1, 5)
