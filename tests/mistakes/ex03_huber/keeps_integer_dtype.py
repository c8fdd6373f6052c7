"""Never converts the inputs: lists and int64 work, but uint8 wraps around (1 - 4 = 253) and int16 squares overflow."""
import numpy as np

EXPECTED_FAILURES = {
    "array_likes_and_ints": "wrap around",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    if not delta > 0:
        raise ValueError("delta must be > 0")
    a = np.abs(y_pred - y_true)
    return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
