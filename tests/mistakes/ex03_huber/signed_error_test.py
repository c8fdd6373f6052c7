"""Tests e <= delta instead of |e| <= delta: large negative errors stay quadratic."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "used e instead of |e|",
    "random_arrays": "used e instead of |e|",
    "inputs_unchanged": "used e instead of |e|",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0 or delta <= 0:
        raise ValueError("bad input")
    e = y_pred - y_true
    return float(np.mean(np.where(e <= delta, 0.5 * e**2, delta * (np.abs(e) - 0.5 * delta))))
