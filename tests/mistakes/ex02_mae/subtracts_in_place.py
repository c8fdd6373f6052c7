"""Saves memory by subtracting into the caller's array."""
import numpy as np

EXPECTED_FAILURES = {
    "inputs_unchanged": "modified its input",
}


def mae(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=float)
    y_true = np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    np.subtract(y_pred, y_true, out=y_pred)
    np.abs(y_pred, out=y_pred)
    return float(y_pred.mean())
