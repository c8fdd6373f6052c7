"""Correct values, but a Python loop calling numpy on every single element: hundreds of times slower."""
import numpy as np

EXPECTED_FAILURES = {
    "vectorised": "times slower than the vectorised reference",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty")
    total = 0.0
    for index in np.ndindex(y_pred.shape):
        total = total + np.sum(np.square(y_pred[index] - y_true[index]))
    return float(total / y_pred.size)
