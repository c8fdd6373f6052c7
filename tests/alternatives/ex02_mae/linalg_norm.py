"""A correct MAE through the L1 norm, returning a numpy float64 scalar."""
import numpy as np


def mae(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=float)
    y_true = np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or not y_pred.size:
        raise ValueError(f"bad shapes {y_pred.shape} {y_true.shape}")
    return np.linalg.norm((y_pred - y_true).ravel(), ord=1) / y_pred.size
