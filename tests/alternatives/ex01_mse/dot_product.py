"""A correct MSE as a dot product of the flattened error with itself, returning a numpy scalar."""
import numpy as np


def mse(y_pred, y_true):
    a = np.asarray(y_pred, dtype=np.float64)
    b = np.asarray(y_true, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes {a.shape} and {b.shape} differ")
    if not a.size:
        raise ValueError("empty")
    error = (a - b).ravel()
    return error @ error / error.size
