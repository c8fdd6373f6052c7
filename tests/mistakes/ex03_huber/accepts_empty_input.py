"""Never checks for empty input: np.mean of nothing returns nan with a warning."""
import numpy as np

EXPECTED_FAILURES = {
    "empty_input_raises": "expected it to raise ValueError",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape or not delta > 0:
        raise ValueError("bad input")
    a = np.abs(y_pred - y_true)
    with np.errstate(all="ignore"):
        return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
