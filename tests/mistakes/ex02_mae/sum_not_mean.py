"""Sums the absolute errors instead of averaging them."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "sum of absolute errors",
    "random_arrays": "sum of absolute errors",
    "array_likes_and_ints": "sum of absolute errors",
    "outlier_counts_linearly": "sum of absolute errors",
    "extreme_magnitudes": "sum of absolute errors",
    "inputs_unchanged": "sum of absolute errors",
}


def mae(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    return float(np.sum(np.abs(y_pred - y_true)))
