"""Sums the gradient over the samples instead of averaging it (the step grows with n)."""
import numpy as np

EXPECTED_FAILURES = {
    "linear_worked_example": "sum over the samples, not a mean",
    "linear_random": "sum over the samples, not a mean",
    "logistic_worked_example": "sum over the samples, not a mean",
    "logistic_random": "sum over the samples, not a mean",
    "bias_is_learned": "sum over the samples, not a mean",
    "inputs_unchanged": "sum over the samples, not a mean",
}


def _check(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (len(X),) or X.size == 0:
        raise ValueError("bad shapes")
    return X, y


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    X, y = _check(X, y)
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(epochs):
        error = X @ w + b - y
        losses.append(np.mean(error ** 2))
        w = w - lr * 2 * X.T @ error
        b = b - lr * 2 * np.sum(error)
    return w, float(b), losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X, y = _check(X, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels must lie in [0, 1]")
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(epochs):
        z = X @ w + b
        losses.append(np.mean(np.logaddexp(0, z) - y * z))
        error = 1 / (1 + np.exp(-z)) - y
        w = w - lr * X.T @ error
        b = b - lr * np.sum(error)
    return w, float(b), losses
