"""Takes the error as y - pred but still subtracts the gradient: climbs the loss instead of descending."""
import numpy as np

EXPECTED_FAILURES = {
    "linear_worked_example": "gradient ascent",
    "linear_random": "gradient ascent",
    "logistic_worked_example": "gradient ascent",
    "logistic_random": "gradient ascent",
    "bias_is_learned": "gradient ascent",
    "array_likes_and_ints": "gradient ascent",
    "inputs_unchanged": "gradient ascent",
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
        error = y - (X @ w + b)
        losses.append(np.mean(error ** 2))
        w = w - lr * 2 / n * X.T @ error
        b = b - lr * 2 * np.mean(error)
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
        error = y - 1 / (1 + np.exp(-z))
        w = w - lr * X.T @ error / n
        b = b - lr * np.mean(error)
    return w, float(b), losses
