"""Records each loss after its update (so losses[0] is already the loss of the first step)."""
import numpy as np

EXPECTED_FAILURES = {
    "linear_worked_example": "recorded after its update",
    "linear_random": "recorded after its update",
    "logistic_worked_example": "recorded after its update",
    "logistic_random": "recorded after its update",
    "first_loss_before_update": "looks like the loss after the first update",
    "bias_is_learned": "recorded after its update",
    "array_likes_and_ints": "recorded after its update",
    "large_logits_stay_finite": "recorded after its update",
    "inputs_unchanged": "recorded after its update",
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
        w = w - lr * 2 / n * X.T @ error
        b = b - lr * 2 * np.mean(error)
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, float(b), losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X, y = _check(X, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels must lie in [0, 1]")
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(epochs):
        z = X @ w + b
        error = 1 / (1 + np.exp(-z)) - y
        w = w - lr * X.T @ error / n
        b = b - lr * np.mean(error)
        z = X @ w + b
        losses.append(np.mean(np.logaddexp(0, z) - y * z))
    return w, float(b), losses
