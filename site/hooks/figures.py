"""The notes' figures, computed with the reference solutions so that they always show what the exercises compute.

Each figure is drawn twice, with Chinese labels for the Chinese pages (NAME-zh.svg) and English ones for the English
pages (NAME-en.svg): a draw function gets `say(en, zh)`, which returns the label in the language being drawn."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from generated import write_if_changed
from grader.paths import PACKAGE_DIR
from grader.reference import Reference

SOLUTIONS = PACKAGE_DIR.parent / "solutions"
TEXT = ("the loss is the map and the optimizer the driver; the gradient says which way to go. "
        "cross entropy measures surprise: the less likely the right answer, the larger the loss. ") * 3


def _svg(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


# Matplotlib falls back to the next family for glyphs the first lacks: Latin and maths from DejaVu Sans, Chinese from
# the first CJK font installed (site/install-browser.sh installs WenQuanYi Micro Hei). SVG text is written as paths,
# so readers need no font.
CJK_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC")


def cjk_font() -> str:
    """The first CJK font installed; without one the Chinese labels would be boxes, so the build stops."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FAMILIES:
        if name in installed:
            return name
    raise RuntimeError("the Chinese figures need a CJK font (apt-get install fonts-wqy-microhei); "
                       f"none of {', '.join(CJK_FAMILIES)} is installed")


def regression_losses(ref, plt, say):
    mse, mae, huber = (ref.module(name) for name in ("ex01_mse", "ex02_mae", "ex03_huber"))
    grads = ref.module("ex06_gradients")
    errors = np.linspace(-3, 3, 241)
    zero = np.zeros(1)
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(errors, [mse.mse([e], zero) for e in errors], label="MSE: e²")
    left.plot(errors, [mae.mae([e], zero) for e in errors], label="MAE: |e|")
    left.plot(errors, [huber.huber([e], zero, 1.0) for e in errors], label="Huber, δ = 1")
    left.set(xlabel=say("error e", "误差 e"), ylabel=say("loss", "损失"), ylim=(0, 4))
    right.plot(errors, [grads.mse_grad([e], zero)[0] for e in errors], label="MSE: 2e")
    right.plot(errors, [grads.mae_grad([e], zero)[0] for e in errors], label="MAE: sign(e)")
    right.plot(errors, [grads.huber_grad([e], zero, 1.0)[0] for e in errors], label="Huber: clip(e, -1, 1)")
    right.set(xlabel=say("error e", "误差 e"), ylabel=say("gradient", "梯度"))
    for axis in (left, right):
        axis.axvline(0, color="grey", linewidth=0.5)
        axis.legend(fontsize=8)
    return figure


def neg_log(ref, plt, say):
    p = np.linspace(0.0001, 1, 400)
    figure, axis = plt.subplots(figsize=(5, 3.2))
    axis.plot(p, -np.log(p))
    for value in (0.0001, 0.5, 0.99):
        axis.annotate(f"p = {value:g}: {-np.log(value):.2f}", (value, -np.log(value)), textcoords="offset points",
                      xytext=(8, 6), fontsize=8)
    axis.set(xlabel=say("probability p of the right answer", "给正确答案的概率 p"), ylabel="-log p", ylim=(0, 10))
    return figure


def training_curves(ref, plt, say):
    loops = ref.module("ex07_training_loop")
    generator = np.random.default_rng(7)
    X = generator.normal(size=(100, 3))
    y_linear = X @ np.array([1.5, -2.0, 0.5]) + 0.7 + generator.normal(0, 0.3, 100)
    y_logistic = (X @ np.array([2.0, -1.0, 1.0]) + generator.normal(0, 0.5, 100) > 0).astype(float)
    _, _, linear = loops.fit_linear_regression(X, y_linear, lr=0.05, epochs=150)
    _, _, logistic = loops.fit_logistic_regression(X, y_logistic, lr=0.5, epochs=150)
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
    left.plot(linear)
    left.set(title=say("linear regression (MSE)", "线性回归（MSE）"), xlabel=say("epoch", "轮数"),
             ylabel=say("loss", "损失"), yscale="log")
    right.plot(logistic)
    right.set(title=say("logistic regression (BCE)", "逻辑回归（二元交叉熵）"), xlabel=say("epoch", "轮数"),
              ylabel=say("loss", "损失"))
    return figure


def overfitting(ref, plt, say):
    split = ref.module("ex08_overfitting").train_test_split
    mse = ref.module("ex01_mse").mse
    generator = np.random.default_rng(3)
    x = np.sort(generator.uniform(-1, 1, 30))
    y = np.sin(3 * x) + generator.normal(0, 0.2, 30)
    x_train, x_val, y_train, y_val = split(x[:, None], y, test_size=0.3, seed=1)
    degrees = list(range(1, 16))
    train, validation = [], []
    for degree in degrees:
        coefficients = np.polynomial.polynomial.polyfit(x_train[:, 0], y_train, degree)
        train.append(mse(np.polynomial.polynomial.polyval(x_train[:, 0], coefficients), y_train))
        validation.append(mse(np.polynomial.polynomial.polyval(x_val[:, 0], coefficients), y_val))
    figure, axis = plt.subplots(figsize=(5.5, 3.2))
    axis.plot(degrees, train, marker="o", label=say("training loss", "训练损失"))
    axis.plot(degrees, validation, marker="o", label=say("validation loss", "验证损失"))
    axis.set(xlabel=say("polynomial degree (model complexity)", "多项式次数（模型复杂度）"), ylabel="MSE", yscale="log")
    axis.legend(fontsize=8)
    return figure


def bigram_loss(ref, plt, say):
    model = ref.module("ex09_language_model")
    vocab = model.build_vocab(TEXT)
    tokens = model.encode(TEXT, vocab)
    _, losses = model.train_bigram(tokens, len(vocab), lr=5.0, epochs=200)
    figure, axis = plt.subplots(figsize=(5.5, 3.2))
    axis.plot(losses, label=say("cross-entropy", "交叉熵"))
    axis.axhline(np.log(len(vocab)), color="grey", linestyle="--", linewidth=0.8,
                 label=say(f"uniform guess: log {len(vocab)}", f"均匀瞎猜：log {len(vocab)}"))
    axis.set(xlabel=say("epoch", "轮数"), ylabel=say("loss (nats)", "损失（nats，自然对数）"))
    axis.legend(fontsize=8)
    return figure


# name -> draw(ref, plt, say): written as NAME-zh.svg and NAME-en.svg
BILINGUAL = {"regression-losses": regression_losses, "neg-log": neg_log, "training-curves": training_curves,
             "overfitting": overfitting, "bigram-loss": bigram_loss}
LANGS = ("zh", "en")
# file name -> draw(ref, plt): one file, labelled in one language
FIGURES = {}


# ---- the deeper notes (probability.md, backprop.md)


def where_losses_come_from(ref, plt, say):
    mse, mae = ref.module("ex01_mse").mse, ref.module("ex02_mae").mae
    y = np.array([1.0, 2.0, 3.0, 4.0, 15.0])  # the notes' worked numbers: mean 5, median 3
    c = np.linspace(0, 16, 321)
    figure, (first, second, third) = plt.subplots(1, 3, figsize=(10.5, 3.2))
    panels = ((first, mse, say("MSE(c): lowest at the mean", "MSE(c)：最低点在均值"), y.mean(), "C0", say("mean", "均值")),
              (second, mae, say("MAE(c): lowest at the median", "MAE(c)：最低点在中位数"), np.median(y), "C1",
               say("median", "中位数")))
    for axis, loss, label, best, color, name in panels:
        values = [loss(np.full_like(y, value), y) for value in c]
        axis.plot(c, values, color=color, label=label)
        axis.axvline(best, color=color, linestyle="--", linewidth=0.8)
        axis.annotate(f"{name} c = {best:g}", (best, max(values) * 0.45), xytext=(5, 0), textcoords="offset points",
                      fontsize=8)
        axis.plot(y, np.zeros_like(y), "k|", markersize=12, clip_on=False, label=say("data", "数据") + ": 1, 2, 3, 4, 15")
        axis.set(xlabel=say("constant prediction c", "常数预测 c"), ylabel=say("loss", "损失"))
        axis.legend(fontsize=8, loc="upper center")
    first.set_ylim(0, 150)
    second.set_ylim(0, 18)
    residual = np.linspace(-4, 4, 321)
    third.plot(residual, 0.5 * np.log(2 * np.pi) + residual**2 / 2, color="C0",
               label=say("Gaussian, σ = 1: a parabola (MSE)", "高斯噪声 σ = 1：抛物线（MSE）"))
    third.plot(residual, np.log(2.0) + np.abs(residual), color="C1",
               label=say("Laplace, b = 1: a V (MAE)", "拉普拉斯噪声 b = 1：V 形（MAE）"))
    third.set(xlabel=say("error y − ŷ", "误差 y − ŷ"), ylim=(0, 11),
              ylabel=say("−log density (negative log-likelihood)", "−log 密度（负对数似然）"))
    third.legend(fontsize=8, loc="upper center")
    figure.tight_layout()
    return figure


def sigmoid_mse_gradients(ref, plt, say):
    bce = ref.module("ex04_binary_cross_entropy").binary_cross_entropy_with_logits
    grads, mse = ref.module("ex06_gradients"), ref.module("ex01_mse").mse
    z = np.linspace(-10, 6, 321)
    ones = np.ones(1)
    p = 0.5 * (1.0 + np.tanh(0.5 * z))
    # the chain rule through the sigmoid: dMSE/dp (the reference's mse_grad, n = 1) times sigma'(z) = p(1 - p)
    grad_mse = [grads.mse_grad([q], ones)[0] * q * (1 - q) for q in p]
    grad_bce = [grads.bce_with_logits_grad([value], ones)[0] for value in z]
    logit = say("logit z (true label y = 1)", "logit z（真实标签 y = 1）")
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(z, [mse([q], ones) for q in p], label=say("sigmoid + MSE: (p − y)²", "sigmoid + MSE：(p − y)²"))
    left.plot(z, [bce([value], ones) for value in z],
              label=say("BCE (logits): log(1 + e^z) − yz", "BCE（logits）：log(1 + e^z) − yz"))
    left.set(xlabel=logit, ylabel=say("loss", "损失"), ylim=(0, 6))
    right.plot(z, grad_mse, label=say("sigmoid + MSE: 2(p − y)·p(1 − p)", "sigmoid + MSE：2(p − y)·p(1 − p)"))
    right.plot(z, grad_bce, label=say("BCE (logits): p − y", "BCE（logits）：p − y"))
    right.axvspan(-10, -4, color="grey", alpha=0.12)
    right.text(-7, -0.55, say("confidently wrong:\nthe MSE gradient is ~0", "自信地答错：\nMSE 的梯度几乎为 0"),
               ha="center", fontsize=8)
    right.set(xlabel=logit, ylabel=say("gradient with respect to z", "对 z 的梯度"), ylim=(-1.1, 0.1))
    left.legend(fontsize=8, loc="upper right")
    right.legend(fontsize=8, loc="lower right")
    for axis in (left, right):
        axis.axvline(0, color="grey", linewidth=0.5)
    return figure


def backprop_graph(ref, plt, say):
    mse, mse_grad = ref.module("ex01_mse").mse, ref.module("ex06_gradients").mse_grad
    X, y = np.array([[1.0, 2.0], [2.0, 0.0]]), np.array([1.0, 3.5])  # the notes' worked numbers
    w, b = np.array([1.0, 0.0]), 0.5
    y_hat = X @ w + b
    upstream = mse_grad(y_hat, y)
    grad_w, grad_b = X.T @ upstream, upstream.sum()

    def vector(values):
        return "[" + ", ".join(f"{value:g}" for value in values) + "]"

    nodes = [  # (x position, the node, its value on the way forward, its gradient on the way back)
        (0.1, r"$w,\ b$", f"w = {vector(w)}\nb = {b:g}",
         f"∂L/∂w = Xᵀ·∂L/∂ŷ = {vector(grad_w)}\n∂L/∂b = Σ ∂L/∂ŷᵢ = {grad_b:g}"),
        (0.42, r"$\hat y = Xw + b$", f"X = {X.astype(int).tolist()}\nŷ = {vector(y_hat)}",
         f"∂L/∂ŷ = (2/n)(ŷ − y)\n= {vector(upstream)}"),
        (0.74, r"$L = \mathrm{MSE}(\hat y, y)$", f"y = {vector(y)}\nL = {mse(y_hat, y):g}", "∂L/∂L = 1"),
    ]
    figure, axis = plt.subplots(figsize=(9, 2.8))
    axis.set(xlim=(-0.05, 0.95), ylim=(0, 1))
    axis.axis("off")
    for x, name, value, gradient in nodes:
        axis.text(x, 0.62, name, ha="center", va="center", fontsize=11,
                  bbox={"boxstyle": "round,pad=0.5", "facecolor": "#e8eaf6", "edgecolor": "#3f51b5"})
        axis.text(x, 0.92, value, ha="center", va="center", fontsize=8)
        axis.text(x, 0.2, gradient, ha="center", va="center", fontsize=8, color="#bf360c")
    for (start, *_), (end, *_) in zip(nodes, nodes[1:]):
        axis.annotate("", xy=(end - 0.1, 0.66), xytext=(start + 0.1, 0.66),
                      arrowprops={"arrowstyle": "->", "color": "#3f51b5"})
        axis.annotate("", xy=(start + 0.1, 0.42), xytext=(end - 0.1, 0.42),
                      arrowprops={"arrowstyle": "->", "color": "#bf360c"})
    axis.text(0.9, 0.75, say("forward: values", "前向：数值") + " →", ha="left", va="center", fontsize=8,
              color="#3f51b5")
    axis.text(0.9, 0.3, "← " + say("backward: gradients", "反向：梯度"), ha="left", va="center", fontsize=8,
              color="#bf360c")
    return figure


BILINGUAL.update({"where-losses-come-from": where_losses_come_from, "sigmoid-mse-gradients": sigmoid_mse_gradients,
                  "backprop-graph": backprop_graph})


def validation_curve_figure(ref, plt, say):
    """ex08's validation curve from the reference: the training MSE falls to ~0 at degree n_train - 1, the validation MSE
    climbs; on the left, three of the fitted polynomials."""
    ex08 = ref.module("ex08_overfitting")
    generator = np.random.default_rng(12)
    x_train = np.sort(generator.uniform(-1, 1, 12))
    y_train = np.sin(3 * x_train) + generator.normal(0, 0.2, 12)
    x_val = generator.uniform(x_train.min(), x_train.max(), 200)  # between the training points: no extrapolation
    y_val = np.sin(3 * x_val) + generator.normal(0, 0.2, 200)
    degrees = np.arange(len(x_train))
    train, val = ex08.validation_curve(x_train, y_train, x_val, y_val, degrees)
    floor = 1e-4  # the training MSE at degree n_train - 1 is ~1e-28: drawn at the floor, labelled as ~0
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    grid = np.linspace(x_train.min(), x_train.max(), 400)
    left.plot(x_train, y_train, "o", color="black", markersize=4, label=say("training points", "训练点"))
    for degree in (1, 3, len(x_train) - 1):
        w = ex08.fit_polynomial(x_train, y_train, degree)
        left.plot(grid, ex08.polynomial_features(grid, degree) @ w, label=say(f"degree {degree}", f"{degree} 次"))
    left.set(xlabel="x", ylabel="y", ylim=(-2.5, 2.5), title=say("polynomial fits", "多项式拟合"))
    left.legend(fontsize=8)
    right.plot(degrees, np.maximum(train, floor), marker="o", label=say("training MSE", "训练 MSE"))
    right.plot(degrees, val, marker="o", label=say("validation MSE", "验证 MSE"))
    best = int(np.argmin(val))
    right.annotate(say(f"best on validation: degree {best}", f"验证集上最好：{best} 次"), (best, val[best]),
                   textcoords="offset points", xytext=(-10, -22), fontsize=8)
    right.annotate(say(f"degree n_train − 1 = {degrees[-1]}: training MSE ≈ 0",
                       f"{degrees[-1]} 次（n_train − 1）：训练 MSE ≈ 0"),
                   (degrees[-1], floor), textcoords="offset points", xytext=(-150, 8), fontsize=8)
    right.set(xlabel=say("polynomial degree", "多项式次数"), ylabel="MSE", yscale="log",
              title=say("validation curve", "验证曲线"))
    right.legend(fontsize=8, loc="upper left")
    return figure


BILINGUAL["validation-curve"] = validation_curve_figure


def write_figures(folder: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "loss-compass", "font.size": 9,
                         "font.family": ["DejaVu Sans", cjk_font()], "axes.unicode_minus": False})
    ref = Reference(SOLUTIONS)
    for name, draw in BILINGUAL.items():
        for lang in LANGS:
            figure = draw(ref, plt, lambda en, zh, lang=lang: zh if lang == "zh" else en)
            write_if_changed(folder / f"{name}-{lang}.svg", _svg(figure))
            plt.close(figure)
    for name, draw in FIGURES.items():
        figure = draw(ref, plt)
        write_if_changed(folder / name, _svg(figure))
        plt.close(figure)
