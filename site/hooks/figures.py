"""The notes' figures, computed with the reference solutions so that they always show what the exercises compute."""

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


def regression_losses(ref, plt):
    mse, mae, huber = (ref.module(name) for name in ("ex01_mse", "ex02_mae", "ex03_huber"))
    grads = ref.module("ex06_gradients")
    errors = np.linspace(-3, 3, 241)
    zero = np.zeros(1)
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(errors, [mse.mse([e], zero) for e in errors], label="MSE: e²")
    left.plot(errors, [mae.mae([e], zero) for e in errors], label="MAE: |e|")
    left.plot(errors, [huber.huber([e], zero, 1.0) for e in errors], label="Huber, δ = 1")
    left.set(xlabel="error e", ylabel="loss", ylim=(0, 4))
    right.plot(errors, [grads.mse_grad([e], zero)[0] for e in errors], label="MSE: 2e")
    right.plot(errors, [grads.mae_grad([e], zero)[0] for e in errors], label="MAE: sign(e)")
    right.plot(errors, [grads.huber_grad([e], zero, 1.0)[0] for e in errors], label="Huber: clip(e, -1, 1)")
    right.set(xlabel="error e", ylabel="gradient")
    for axis in (left, right):
        axis.axvline(0, color="grey", linewidth=0.5)
        axis.legend(fontsize=8)
    return figure


def neg_log(ref, plt):
    p = np.linspace(0.0001, 1, 400)
    figure, axis = plt.subplots(figsize=(5, 3.2))
    axis.plot(p, -np.log(p))
    for value in (0.0001, 0.5, 0.99):
        axis.annotate(f"p = {value:g}: {-np.log(value):.2f}", (value, -np.log(value)), textcoords="offset points",
                      xytext=(8, 6), fontsize=8)
    axis.set(xlabel="probability p of the right answer", ylabel="-log p", ylim=(0, 10))
    return figure


def training_curves(ref, plt):
    loops = ref.module("ex07_training_loop")
    generator = np.random.default_rng(7)
    X = generator.normal(size=(100, 3))
    y_linear = X @ np.array([1.5, -2.0, 0.5]) + 0.7 + generator.normal(0, 0.3, 100)
    y_logistic = (X @ np.array([2.0, -1.0, 1.0]) + generator.normal(0, 0.5, 100) > 0).astype(float)
    _, _, linear = loops.fit_linear_regression(X, y_linear, lr=0.05, epochs=150)
    _, _, logistic = loops.fit_logistic_regression(X, y_logistic, lr=0.5, epochs=150)
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
    left.plot(linear)
    left.set(title="linear regression (MSE)", xlabel="epoch", ylabel="loss", yscale="log")
    right.plot(logistic)
    right.set(title="logistic regression (BCE)", xlabel="epoch", ylabel="loss")
    return figure


def overfitting(ref, plt):
    split = ref.module("ex08_overfitting").train_test_split
    mse = ref.module("ex01_mse").mse
    generator = np.random.default_rng(3)
    x = np.sort(generator.uniform(-1, 1, 30))
    y = np.sin(3 * x) + generator.normal(0, 0.2, 30)
    x_train, x_test, y_train, y_test = split(x[:, None], y, test_size=0.3, seed=1)
    degrees = list(range(1, 16))
    train, test = [], []
    for degree in degrees:
        coefficients = np.polynomial.polynomial.polyfit(x_train[:, 0], y_train, degree)
        train.append(mse(np.polynomial.polynomial.polyval(x_train[:, 0], coefficients), y_train))
        test.append(mse(np.polynomial.polynomial.polyval(x_test[:, 0], coefficients), y_test))
    figure, axis = plt.subplots(figsize=(5.5, 3.2))
    axis.plot(degrees, train, marker="o", label="training loss")
    axis.plot(degrees, test, marker="o", label="test loss")
    axis.set(xlabel="polynomial degree (model complexity)", ylabel="MSE", yscale="log")
    axis.legend(fontsize=8)
    return figure


def bigram_loss(ref, plt):
    model = ref.module("ex09_language_model")
    vocab = model.build_vocab(TEXT)
    tokens = model.encode(TEXT, vocab)
    _, losses = model.train_bigram(tokens, len(vocab), lr=5.0, epochs=200)
    figure, axis = plt.subplots(figsize=(5.5, 3.2))
    axis.plot(losses, label="cross-entropy")
    axis.axhline(np.log(len(vocab)), color="grey", linestyle="--", linewidth=0.8, label=f"uniform guess: log {len(vocab)}")
    axis.set(xlabel="epoch", ylabel="loss (nats)")
    axis.legend(fontsize=8)
    return figure


FIGURES = {"regression-losses.svg": regression_losses, "neg-log.svg": neg_log,
           "training-curves.svg": training_curves, "overfitting.svg": overfitting, "bigram-loss.svg": bigram_loss}


def write_figures(folder: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "loss-compass", "font.size": 9})
    ref = Reference(SOLUTIONS)
    for name, draw in FIGURES.items():
        figure = draw(ref, plt)
        write_if_changed(folder / name, _svg(figure))
        plt.close(figure)
