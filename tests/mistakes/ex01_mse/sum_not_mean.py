"""Sums the squared errors instead of averaging them, and skips every validation."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "sum of squared errors",
    "random_arrays": "sum of squared errors",
    "array_likes_and_ints": "sum of squared errors",
    "extreme_magnitudes": "sum of squared errors",
    "shape_mismatch_raises": "expected it to raise ValueError",
    "empty_input_raises": "expected it to raise ValueError",
    "inputs_unchanged": "sum of squared errors",
}


def mse(y_pred, y_true):
    return float(np.sum((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2))
