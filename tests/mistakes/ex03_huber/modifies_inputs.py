"""Takes the absolute error in place: np.asarray returns the caller's own float64 array."""
import numpy as np

EXPECTED_FAILURES = {
    "inputs_unchanged": "modified its input",
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
    y_pred -= y_true
    a = np.abs(y_pred, out=y_pred)
    return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
