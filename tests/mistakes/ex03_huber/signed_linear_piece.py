"""Tests |e| <= delta but writes the linear piece with e: a large negative error lowers the loss."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "linear piece used e instead of |e|",
    "random_arrays": "linear piece used e instead of |e|",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    if not delta > 0:
        raise ValueError("delta must be > 0")
    e = y_pred - y_true
    return float(np.mean(np.where(np.abs(e) <= delta, 0.5 * e**2, delta * (e - 0.5 * delta))))
