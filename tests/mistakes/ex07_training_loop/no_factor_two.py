"""Descends on ½·MSE (drops the factor 2 of the MSE gradient) and skips every validation."""
import numpy as np

EXPECTED_FAILURES = {
    "linear_worked_example": "keep the factor 2",
    "linear_random": "keep the factor 2",
    "bias_is_learned": "keep the factor 2",
    "array_likes_and_ints": "keep the factor 2",
    "inputs_unchanged": "keep the factor 2",
    "shape_mismatch_raises": "expected it to raise ValueError",
    "empty_input_raises": "expected it to raise ValueError",
}


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(epochs):
        error = X @ w + b - y
        losses.append(np.mean(error ** 2))
        w = w - lr * X.T @ error / n
        b = b - lr * np.mean(error)
    return w, float(b), losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for _ in range(epochs):
        z = X @ w + b
        losses.append(np.mean(np.logaddexp(0, z) - y * z))
        error = 1 / (1 + np.exp(-z)) - y
        w = w - lr * X.T @ error / n
        b = b - lr * np.mean(error)
    return w, float(b), losses
