"""Divides the sum by len(y_pred): right for 1-D input, but a 2-D array has len = its number of rows."""
import numpy as np

EXPECTED_FAILURES = {
    "random_arrays": "len() of the input",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    if not delta > 0:
        raise ValueError("delta must be > 0")
    a = np.abs(y_pred - y_true)
    return float(np.sum(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))) / len(a))
