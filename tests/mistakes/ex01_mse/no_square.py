"""Averages the raw errors: positive and negative errors cancel out."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "cancel",
    "random_arrays": "cancel",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=float)
    y_true = np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad shapes")
    return float(np.mean(y_pred - y_true))
