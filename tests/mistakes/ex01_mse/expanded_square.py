"""Expands (a - b)^2 = a^2 - 2ab + b^2 and averages each term: catastrophic cancellation."""
import numpy as np

EXPECTED_FAILURES = {
    "extreme_magnitudes": "returned",
}


def mse(y_pred, y_true):
    a = np.asarray(y_pred, dtype=float)
    b = np.asarray(y_true, dtype=float)
    if a.shape != b.shape or a.size == 0:
        raise ValueError("bad shapes")
    return float(np.mean(a * a) - 2 * np.mean(a * b) + np.mean(b * b))
