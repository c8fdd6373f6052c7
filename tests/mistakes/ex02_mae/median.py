"""Takes the median absolute error (a robust statistic, but not the MAE)."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "median absolute error",
    "random_arrays": "median absolute error",
    "outlier_counts_linearly": "median absolute error",
}


def mae(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    return float(np.median(np.abs(y_pred - y_true)))
