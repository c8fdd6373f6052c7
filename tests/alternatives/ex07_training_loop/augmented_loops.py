"""Correct, written differently: a column of ones carries the bias, Python loops over the samples,
the loss as max(z, 0) - y*z + log1p(exp(-|z|)), a piecewise sigmoid, losses returned as an array."""
import math

import numpy as np


def _augmented(X, y):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or len(y) != len(X) or len(X) == 0 or X.shape[1] == 0:
        raise ValueError("X must be (n, d) and y (n,)")
    return np.hstack([X, np.ones((len(X), 1))]), y


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    A, y = _augmented(X, y)
    n = len(A)
    theta = np.zeros(A.shape[1])
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        grad = np.zeros_like(theta)
        total = 0.0
        for i in range(n):
            e = float(A[i] @ theta) - y[i]
            total += e * e
            grad += 2.0 * e * A[i]
        losses[epoch] = total / n
        theta -= lr * grad / n
    return theta[:-1].copy(), float(theta[-1]), losses


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    A, y = _augmented(X, y)
    if ((y < 0) | (y > 1)).any():
        raise ValueError("labels must be in [0, 1]")
    n = len(A)
    theta = np.zeros(A.shape[1])
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        grad = np.zeros_like(theta)
        total = 0.0
        for i in range(n):
            z = float(A[i] @ theta)
            total += max(z, 0.0) - y[i] * z + math.log1p(math.exp(-abs(z)))
            grad += (_sigmoid(z) - y[i]) * A[i]
        losses[epoch] = total / n
        theta = theta - lr * grad / n
    return theta[:-1].copy(), float(theta[-1]), losses
