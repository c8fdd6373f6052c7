"""Averages the signed errors first and takes the absolute value at the end: errors cancel."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "absolute value of the mean error",
    "random_arrays": "absolute value of the mean error",
    "outlier_counts_linearly": "absolute value of the mean error",
}


def mae(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    return float(abs(np.mean(y_pred - y_true)))
