"""Logistic loss as -log(sigmoid) with exp overflowing: inf and nan once the logits grow."""
import numpy as np

EXPECTED_FAILURES = {
    "large_logits_stay_finite": "exp overflows to inf",
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
        losses.append(float(np.mean(error ** 2)))
        w, b = w - lr * 2 / n * X.T @ error, b - lr * 2 * np.mean(error)
    return w, float(b), losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X, y = _check(X, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels must lie in [0, 1]")
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(epochs):
        z = X @ w + b
        losses.append(float(np.mean(y * np.log(1 + np.exp(-z)) + (1 - y) * np.log(1 + np.exp(z)))))
        p = 1 / (1 + np.exp(-z))
        w, b = w - lr * X.T @ (p - y) / n, b - lr * np.mean(p - y)
    return w, float(b), losses
