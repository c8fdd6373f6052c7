"""Uses delta * |e| for the linear piece: the two pieces do not meet at |e| = delta."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "without the shift",
    "random_arrays": "without the shift",
    "boundary_and_continuity": "without the shift",
    "default_delta": "without the shift",
    "limits_match_mse_and_mae": "",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0 or delta <= 0:
        raise ValueError("bad input")
    a = np.abs(y_pred - y_true)
    return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * a)))
