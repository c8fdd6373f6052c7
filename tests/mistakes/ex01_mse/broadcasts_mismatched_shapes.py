"""Never compares the shapes: (3, 1) against (3,) broadcasts silently to (3, 3)."""
import numpy as np

EXPECTED_FAILURES = {
    "shape_mismatch_raises": "expected it to raise ValueError",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.size == 0 or y_true.size == 0:
        raise ValueError("empty input")
    return float(np.mean((y_pred - y_true) ** 2))
