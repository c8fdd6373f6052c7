"""Hidden checks for ex07_training_loop: full-batch gradient descent on the MSE and on the BCE with logits."""

from __future__ import annotations

import numpy as np

from grader.checks.cases import rng
from grader.checks.maths import sigmoid
from grader.expect import close, fail, finite, mistake, raises, unchanged
from grader.show import show
from grader.student import CheckFailed, Returned
from grader.text import Text

LINEAR, LOGISTIC = "fit_linear_regression", "fit_logistic_regression"
# Correct implementations sum in different orders; over a hundred epochs that drifts by ~1e-14.
RTOL, ATOL = 1e-8, 1e-12


def _loss(function, z, y):
    if function == LINEAR:
        return float(np.mean((z - y) ** 2))
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def descend(function, X, y, lr, epochs, *, bias=True, after=False, sequential=False):
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
                losses.append(_loss(function, X @ w + b, y))
            r = residual(w, b)
            w = w - lr * (X.T @ r) / n
            if sequential:
                r = residual(w, b)
            if bias:
                b = b - lr * float(np.mean(r))
            if after:
                losses.append(_loss(function, X @ w + b, y))
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
    return runs


def compare_fits(student, ref, function, cases, *, rtol=RTOL, atol=ATOL, hint=None):
    """Fit every (X, y, lr, epochs) case in one round trip and compare w, b and losses with the reference."""
    results = student.call_many(function, [((X, y), {"lr": lr, "epochs": epochs}) for X, y, lr, epochs in cases])
    for got, (X, y, lr, epochs) in zip(results, cases):
        check_fit(got, ref.call(function, X, y, lr=lr, epochs=epochs), function, X, y, lr, epochs,
                  rtol=rtol, atol=atol, hint=hint)


def check_fit(got, expected, function, X, y, lr, epochs, *, rtol=RTOL, atol=ATOL, hint=None, loss_hint=None):
    """Compare one returned (w, b, losses) with the reference's, naming a known mistake when one matches."""
    w_ref, b_ref, losses_ref = expected
    losses_ref = np.asarray(losses_ref, dtype=np.float64)
    w, b, losses = got.parts(3)
    wrong = []  # simulated only when something differs: grading a correct file stays fast

    def named(part):
        if not wrong:
            wrong.extend(wrong_runs(function, X, y, lr, epochs))
            wrong.append((w_ref, b_ref, losses_ref * len(X), Text(
                en="the losses look like sums over the samples, not means",
                zh="损失看起来是对样本求和，而不是求平均")))
        return [mistake(run[part], run[3].en, run[3].zh) for run in wrong]

    for returned, value, part in ((w, w_ref, 0), (b, b_ref, 1)):
        try:
            close(returned, value, rtol=rtol, atol=atol, hint=hint)
        except CheckFailed:
            close(returned, value, rtol=rtol, atol=atol, hint=hint, mistakes=named(part))
    values = losses.sequence()
    if len(values) != epochs:
        extra_en, extra_zh = "", ""
        if len(values) == epochs + 1:
            extra_en, extra_zh = ": did you also record the loss after the last update?", "：是否在最后一次更新之后又记录了一次损失？"
        raise fail(f"{losses.call} holds {len(values)} losses, expected {epochs} (one per epoch){extra_en}",
                   f"{losses.call} 有 {len(values)} 个损失，应为 {epochs} 个（每轮一个）{extra_zh}")
    returned = Returned(values, losses.call)
    try:
        close(returned, losses_ref, rtol=rtol, atol=atol, hint=loss_hint or hint)
    except CheckFailed:
        close(returned, losses_ref, rtol=rtol, atol=atol, hint=loss_hint or hint, mistakes=named(2))
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


def test_linear_worked_example(student, ref):
    compare_fits(student, ref, LINEAR, [
        (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 3.0, 5.0, 7.0]), 0.1, 3),
        (np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]]), np.array([4.0, -2.0, 5.0]), 0.05, 60),
    ])


def test_linear_random(student, ref):
    compare_fits(student, ref, LINEAR, [(*linear_data(seed, n, d), 0.05, 60) for seed, (n, d) in enumerate(SHAPES)])


def test_logistic_worked_example(student, ref):
    compare_fits(student, ref, LOGISTIC, [
        (np.array([[-2.0], [-1.0], [1.0], [2.0]]), np.array([0.0, 0.0, 1.0, 1.0]), 0.5, 3),
        (np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0], [-1.0, 0.5]]), np.array([1.0, 0.0, 1.0, 0.0]), 0.3, 60),
    ])


def test_logistic_random(student, ref):
    cases = [(*logistic_data(seed + 10, n, d), 0.5, 60) for seed, (n, d) in enumerate(SHAPES)]
    # soft labels are allowed: y is a probability
    cases.append((np.array([[0.5, -1.0], [1.5, 0.0], [-1.0, 2.0]]), np.array([0.2, 0.9, 0.5]), 0.5, 40))
    compare_fits(student, ref, LOGISTIC, cases)


def test_first_loss_before_update(student, ref):
    why_linear = Text(en="losses[0] is the loss before any update, at w = 0 and b = 0: mean(y ** 2)",
                      zh="losses[0] 是任何更新之前（w = 0、b = 0）的损失：mean(y ** 2)")
    why_logistic = Text(en="losses[0] is the loss before any update: at w = 0 every p is 0.5, so the BCE is log 2",
                        zh="losses[0] 是任何更新之前的损失：w = 0 时所有 p 都是 0.5，所以 BCE 是 log 2")
    X, y = np.array([[1.0, -1.0], [2.0, 0.5], [0.0, 3.0]]), np.array([2.0, -1.0, 4.0])
    for function, labels, first, why in ((LINEAR, y, float(np.mean(y**2)), why_linear),
                                         (LOGISTIC, np.array([1.0, 0.0, 1.0]), float(np.log(2.0)), why_logistic)):
        for epochs in (1, 4):
            got = student.call(function, X, labels, lr=0.1, epochs=epochs)
            _, _, losses = got.parts(3)
            values = losses.sequence()
            if len(values) != epochs:
                raise fail(f"{losses.call} holds {len(values)} losses, expected {epochs} (one per epoch, each "
                           "recorded before its update)",
                           f"{losses.call} 有 {len(values)} 个损失，应为 {epochs} 个（每轮一个，在更新之前记录）")
            close(Returned(values[:1], losses.call + "[:1]"), np.array([first]), rtol=1e-12, hint=why)
    for function, labels in ((LINEAR, y), (LOGISTIC, np.array([0.0, 1.0, 1.0]))):
        _, _, losses = student.call(function, X, labels).parts(3)
        count = len(losses.sequence())
        if count != 500:
            raise fail(f"{losses.call} holds {count} losses, expected 500: the defaults are lr=0.1, epochs=500",
                       f"{losses.call} 有 {count} 个损失，应为 500：默认参数是 lr=0.1、epochs=500")


def test_bias_is_learned(student, ref):
    cases = [(LINEAR, np.array([[-1.0], [0.0], [1.0]]), np.array([4.0, 5.0, 6.0])),
             (LOGISTIC, np.array([[-1.0], [1.0], [-1.0], [1.0]]), np.array([1.0, 1.0, 1.0, 0.0]))]
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


def test_large_logits_stay_finite(student, ref):
    X = np.array([[100.0, 0.0], [-100.0, 50.0], [30.0, -80.0], [-20.0, -60.0], [10.0, 90.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.0])
    why = Text(en="log(1 + exp(z)) overflows for large z: use np.logaddexp(0, z), and do not clip probabilities",
               zh="z 很大时 log(1 + exp(z)) 会溢出：请用 np.logaddexp(0, z)，也不要截断概率")
    got = student.call(LOGISTIC, X, y, lr=1.0, epochs=4)
    _, _, losses = got.parts(3)
    finite(losses, losses.sequence(), why)
    # logaddexp(0, z) - y*z loses up to ~1e-16 * |z| to cancellation, and |z| reaches ~3e3 here.
    check_fit(got, ref.call(LOGISTIC, X, y, lr=1.0, epochs=4), LOGISTIC, X, y, 1.0, 4, rtol=1e-9, atol=1e-9,
              loss_hint=why)


def test_array_likes_and_ints(student, ref):
    hint = Text(en="convert X and y with np.asarray(..., dtype=np.float64) first",
                zh="先用 np.asarray(..., dtype=np.float64) 转换 X 和 y")
    compare_fits(student, ref, LINEAR, [
        ([[0, 1], [1, 0], [2, 2]], [1, 2, 3], 0.1, 20),
        (np.array([[1], [2], [3], [4]], dtype=np.int64), (3, 5, 7, 9), 0.05, 20),
    ], hint=hint)
    compare_fits(student, ref, LOGISTIC, [
        ([[0, 1], [1, 0], [2, 2], [-1, -1]], [0, 1, 1, 0], 0.5, 20),
        (np.array([[3, -1], [-2, 2]], dtype=np.int32), np.array([1, 0], dtype=np.int64), 0.5, 20),
    ], hint=hint)


def test_shape_mismatch_raises(student, ref):
    why = Text(en="y of shape (n, 1) against predictions of shape (n,) broadcasts silently to (n, n); check that "
                  "y has shape (n,)",
               zh="形状 (n, 1) 的 y 与形状 (n,) 的预测会被静默广播成 (n, n)；请检查 y 的形状是 (n,)")
    # square X: with y of shape (3, 1) every broadcast in a careless loop silently succeeds
    X = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, -1.0, 1.0]])
    for function in (LINEAR, LOGISTIC):
        raises(student, "ValueError", function, X, np.array([[1.0], [0.0], [1.0]]), lr=0.1, epochs=3, why=why)
        raises(student, "ValueError", function, X, np.array([1.0]), lr=0.1, epochs=3,
               why=Text(en="X has 3 rows but y has 1 target (numpy would broadcast it silently)",
                        zh="X 有 3 行，但 y 只有 1 个目标值（numpy 会静默广播）"))


def test_empty_input_raises(student, ref):
    why = Text(en="there is no loss to average over zero samples", zh="零个样本无法求平均损失")
    for function in (LINEAR, LOGISTIC):
        raises(student, "ValueError", function, np.zeros((0, 2)), np.zeros(0), lr=0.1, epochs=3, why=why)


def test_inputs_unchanged(student, ref):
    X, y = linear_data(7, 6, 2)
    for function, labels in ((LINEAR, y), (LOGISTIC, (y > 0).astype(np.float64))):
        got = student.call(function, X, labels, lr=0.1, epochs=5)
        unchanged(got)
        check_fit(got, ref.call(function, X, labels, lr=0.1, epochs=5), function, X, labels, 0.1, 5)
