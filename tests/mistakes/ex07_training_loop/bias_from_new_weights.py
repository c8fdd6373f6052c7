"""Updates w first, then computes the bias gradient from the new predictions (not simultaneous)."""
import numpy as np

EXPECTED_FAILURES = {
    "linear_worked_example": "the bias step used the predictions after w",
    "linear_random": "the bias step used the predictions after w",
    "logistic_random": "the bias step used the predictions after w",
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
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
        w = w - lr * 2 / n * X.T @ (X @ w + b - y)
        b = b - lr * 2 * np.mean(X @ w + b - y)
    return w, float(b), losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X, y = _check(X, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels must lie in [0, 1]")
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    for _ in range(epochs):
        z = X @ w + b
        losses.append(float(np.mean(np.logaddexp(0, z) - y * z)))
        w = w - lr * X.T @ (sigmoid(X @ w + b) - y) / n
        b = b - lr * np.mean(sigmoid(X @ w + b) - y)
    return w, float(b), losses
