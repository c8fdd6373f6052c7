"""Computes |e| as sqrt(e**2): right on paper, but the square overflows for huge errors."""
import numpy as np

EXPECTED_FAILURES = {
    "extreme_magnitudes": "squaring overflows",
}


def mae(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    return float(np.mean(np.sqrt((y_pred - y_true) ** 2)))
