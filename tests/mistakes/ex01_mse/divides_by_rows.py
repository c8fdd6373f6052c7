"""Divides the sum by len(y_pred): right for 1-D input, but a 2-D array has len = its number of rows."""
import numpy as np

EXPECTED_FAILURES = {
    "random_arrays": "len() of the input",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    return float(np.sum((y_pred - y_true) ** 2) / len(y_pred))
