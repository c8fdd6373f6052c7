"""Never checks for empty input: np.mean of nothing returns nan with a warning."""
import numpy as np

EXPECTED_FAILURES = {
    "empty_input_raises": "expected it to raise ValueError",
}


def mae(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    with np.errstate(all="ignore"):
        return float(np.mean(np.abs(y_pred - y_true)))
