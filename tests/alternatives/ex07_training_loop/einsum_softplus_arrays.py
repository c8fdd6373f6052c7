"""Correct, written differently: gradients with np.einsum, the loss as max(z, 0) + log1p(exp(-|z|)) - y*z,
inputs copied with np.array(..., dtype=float) (float32 widened first), losses kept in a preallocated array."""
import numpy as np


def _inputs(X, y):
    X = np.array(X, dtype=np.float64)
    y = np.array(y, dtype=np.float64)
    if X.ndim != 2 or X.size == 0:
        raise ValueError("X must be a non-empty (n, d) array")
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError("y must have shape (n,)")
    return X, y


def _descend(X, y, lr, epochs, loss, residual):
    w, b = np.zeros(X.shape[1]), 0.0
    losses = np.empty(epochs)
    for epoch in range(epochs):
        z = np.einsum("nd,d->n", X, w) + b
        losses[epoch] = loss(z)
        r = residual(z)
        w = w - lr * np.einsum("nd,n->d", X, r) / len(y)
        b -= lr * r.mean()
    return w, float(b), losses


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    X, y = _inputs(X, y)
    return _descend(X, y, lr, epochs, lambda z: np.mean((z - y) ** 2), lambda z: 2.0 * (z - y))


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    X, y = _inputs(X, y)
    if np.logical_or(y < 0, y > 1).any():
        raise ValueError("labels must lie in [0, 1]")

    def softplus_loss(z):
        return np.mean(np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))) - y * z)

    def residual(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)) - y

    return _descend(X, y, lr, epochs, softplus_loss, residual)
