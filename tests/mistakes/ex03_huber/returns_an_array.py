"""Right value, but returned as a 0-d numpy array instead of a Python float."""
import numpy as np

EXPECTED_FAILURES = {
    "array_likes_and_ints": "expected a Python float",
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
    return np.array(np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
