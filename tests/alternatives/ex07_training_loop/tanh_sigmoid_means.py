"""Correct, written differently: gradients as column means, the sigmoid through tanh, the loss as
-mean(y*log_sigmoid(z) + (1-y)*log_sigmoid(-z)), the bias returned as a numpy float64."""
import numpy as np


def _prepare(X, y):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or 0 in X.shape:
        raise ValueError("X must be a non-empty (n, d) array")
    if y.shape != X.shape[:1]:
        raise ValueError("y must have shape (n,)")
    return X, y


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    X, y = _prepare(X, y)
    w = np.zeros(X.shape[1])
    b = np.float64(0.0)
    losses = []
    for _ in range(epochs):
        residual = (X @ w + b) - y
        losses.append(np.mean(np.square(residual)))
        grad_w = 2.0 * np.mean(residual[:, None] * X, axis=0)
        grad_b = 2.0 * residual.mean()
        w, b = w - lr * grad_w, b - lr * grad_b
    return w, b, losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X, y = _prepare(X, y)
    if not np.all((0.0 <= y) & (y <= 1.0)):
        raise ValueError("labels must be probabilities in [0, 1]")
    log_sigmoid = lambda t: -np.logaddexp(0.0, -t)  # noqa: E731
    w = np.zeros(X.shape[1])
    b = np.float64(0.0)
    losses = []
    for _ in range(epochs):
        z = X @ w + b
        losses.append(-np.mean(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z)))
        residual = 0.5 * (1.0 + np.tanh(0.5 * z)) - y
        w, b = w - lr * np.mean(residual[:, None] * X, axis=0), b - lr * residual.mean()
    return w, b, losses
