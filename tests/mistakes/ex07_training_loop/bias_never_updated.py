"""Computes the bias gradient but never applies it: b stays 0."""
import numpy as np

EXPECTED_FAILURES = {
    "linear_worked_example": "b never moved from 0",
    "linear_random": "b never moved from 0",
    "logistic_worked_example": "b never moved from 0",
    "logistic_random": "b never moved from 0",
    "bias_is_learned": "the bias never moved from 0",
    "array_likes_and_ints": "b never moved from 0",
    "inputs_unchanged": "b never moved from 0",
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
        grad_w = 2 / n * X.T @ error
        grad_b = 2 * np.mean(error)
        w = w - lr * grad_w
    return w, b, losses


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
        w -= lr * X.T @ error / n
    return w, b, losses
