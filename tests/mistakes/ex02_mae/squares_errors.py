"""Copies the MSE from exercise 1: squares instead of taking absolute values."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "mean squared error",
    "random_arrays": "mean squared error",
    "outlier_counts_linearly": "mean squared error",
    "extreme_magnitudes": "squaring overflows",
}


def mae(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    return float(np.mean((y_pred - y_true) ** 2))
