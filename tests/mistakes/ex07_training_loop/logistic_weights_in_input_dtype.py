"""fit_logistic_regression starts from w = np.zeros_like(X[0]) in the caller's dtype and updates it in place: int X cannot take a float step."""
import numpy as np

EXPECTED_FAILURES = {"array_likes_and_ints": "fit_logistic_regression([[0, 1], [1, 0], [2, 2], [-1, -1]], [0, 1, 1, 0], lr=0.5, epochs=20) raised"}


def _check(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (len(X),) or X.size == 0:
        raise ValueError("X must be a non-empty (n, d) array and y of shape (n,)")
    return X, y


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    X, y = _check(X, y)
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(epochs):
        error = X @ w + b - y
        losses.append(float(np.mean(error**2)))
        w = w - lr * 2 / n * (X.T @ error)
        b = b - lr * 2 * float(np.mean(error))
    return w, float(b), losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    _check(X, y)
    X, y = np.asarray(X), np.asarray(y, dtype=float)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels must lie in [0, 1]")
    n, d = X.shape
    w, b, losses = np.zeros_like(X[0]), 0.0, []
    for _ in range(epochs):
        z = X @ w + b
        losses.append(float(np.mean(np.logaddexp(0.0, z) - y * z)))
        error = 0.5 * (1.0 + np.tanh(0.5 * z)) - y
        w -= lr * (X.T @ error) / n
        b = b - lr * float(np.mean(error))
    return w, float(b), losses
