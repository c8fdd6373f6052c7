"""Never checks delta: delta = 0 makes every error linear with slope 0, a negative delta is meaningless."""
import numpy as np

EXPECTED_FAILURES = {
    "invalid_delta_raises": "expected it to raise ValueError",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    a = np.abs(y_pred - y_true)
    return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
