"""Converts the inputs to float32 instead of float64: inf past 3.4e38, about 7 significant digits."""
import numpy as np

EXPECTED_FAILURES = {
    "random_arrays": "float32",
    "array_likes_and_ints": "float32",
    "extreme_magnitudes": "float32",
}


def mae(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float32)
    y_true = np.asarray(y_true, dtype=np.float32)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    return float(np.mean(np.abs(y_pred - y_true)))
