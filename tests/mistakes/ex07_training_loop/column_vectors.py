"""Keeps w as a (d, 1) column and y as an (n, 1) column: the wrong shape out, no shape checks in."""
import numpy as np

EXPECTED_FAILURES = {
    "linear_worked_example": "expected shape (1,)",
    "linear_random": "expected shape (1,)",
    "logistic_worked_example": "expected shape (1,)",
    "array_likes_and_ints": "expected shape (2,)",
    "shape_mismatch_raises": "expected it to raise ValueError",
    "inputs_unchanged": "expected shape (2,)",
}


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    if X.size == 0:
        raise ValueError("empty")
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(epochs):
        error = X @ w + b - y
        losses.append(float(np.mean(error ** 2)))
        w = w - lr * 2 / n * X.T @ error
        b = b - lr * 2 * float(np.mean(error))
    return w, b, losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    if X.size == 0:
        raise ValueError("empty")
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(epochs):
        z = X @ w + b
        losses.append(float(np.mean(np.logaddexp(0, z) - y * z)))
        error = 1 / (1 + np.exp(-z)) - y
        w = w - lr * X.T @ error / n
        b = b - lr * float(np.mean(error))
    return w, b, losses
