"""Right value, but returned as a 0-d numpy array instead of a Python float."""
import numpy as np

EXPECTED_FAILURES = {
    "array_likes_and_ints": "expected a Python float",
}


def mae(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    return np.array(np.mean(np.abs(y_pred - y_true)))
