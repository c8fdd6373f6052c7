"""A correct MAE with np.subtract(..., dtype=np.float64), which casts each input before subtracting, and np.average."""
import numpy as np


def mae(y_pred, y_true):
    if np.shape(y_pred) != np.shape(y_true):
        raise ValueError("y_pred and y_true must have the same shape")
    if np.size(y_pred) == 0:
        raise ValueError("no elements")
    error = np.subtract(y_pred, y_true, dtype=np.float64)
    return float(np.average(np.fabs(error)))
