"""A correct MSE with a Python loop over zipped, flattened values."""
import numpy as np


def mse(y_pred, y_true):
    y_pred = np.array(y_pred, dtype=float)
    y_true = np.array(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    total = 0.0
    for p, t in zip(y_pred.flat, y_true.flat):
        total += (p - t) * (p - t)
    return float(total / y_pred.size)
