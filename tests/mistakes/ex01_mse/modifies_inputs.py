"""Subtracts in place: np.asarray returns the caller's own float64 array, which then holds the errors."""
import numpy as np

EXPECTED_FAILURES = {
    "inputs_unchanged": "modified its input",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    y_pred -= y_true
    y_pred **= 2
    return float(np.mean(y_pred))
