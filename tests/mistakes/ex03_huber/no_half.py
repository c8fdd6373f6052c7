"""Forgets the 1/2 of the quadratic piece."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "lacks its factor 0.5",
    "random_arrays": "lacks its factor 0.5",
    "limits_match_mse_and_mae": "lacks its factor 0.5",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0 or delta <= 0:
        raise ValueError("bad input")
    a = np.abs(y_pred - y_true)
    return float(np.mean(np.where(a <= delta, a**2, delta * (a - 0.5 * delta))))
