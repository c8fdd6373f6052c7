"""Squares the relative error (y_pred - y_true) / y_true: not the MSE, and 0/0 where a target is 0."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "expected",
    "perfect_prediction_is_zero": "nan",
}


def mse(y_pred, y_true):
    a = np.asarray(y_pred, dtype=float)
    b = np.asarray(y_true, dtype=float)
    if a.shape != b.shape or a.size == 0:
        raise ValueError("bad shapes")
    with np.errstate(all="ignore"):
        return float(np.mean(((a - b) / b) ** 2))
