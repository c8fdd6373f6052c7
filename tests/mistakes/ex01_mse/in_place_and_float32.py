"""Subtracts in place into the caller's array, and keeps the caller's dtype (float32 or int)."""
import numpy as np

EXPECTED_FAILURES = {
    "inputs_unchanged": "modified its input",
    "array_likes_and_ints": "returned",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad shapes")
    y_pred -= y_true.astype(y_pred.dtype)
    return float(np.mean(y_pred ** 2))
