"""Hard-codes the threshold 1.0 and never validates delta."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "delta was ignored",
    "random_arrays": "delta was ignored",
    "boundary_and_continuity": "delta was ignored",
    "limits_match_mse_and_mae": "delta was ignored",
    "invalid_delta_raises": "expected it to raise ValueError",
}


def huber(y_pred, y_true, delta=1.0):
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("bad input")
    a = np.abs(y_pred - y_true)
    return float(np.mean(np.where(a <= 1.0, 0.5 * a**2, a - 0.5)))
