"""Sums over the elements, never compares the shapes, and takes scikit-learn's epsilon 1.35 as the default delta."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "sum over the elements",
    "random_arrays": "sum over the elements",
    "default_delta": "returned",
    "array_likes_and_ints": "",
    "shape_mismatch_raises": "expected it to raise ValueError",
}


def huber(y_pred, y_true, delta=1.35):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.size == 0 or delta <= 0:
        raise ValueError("bad input")
    a = np.abs(y_pred - y_true)
    return float(np.sum(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
