"""Never compares the shapes: [5.0] against three targets broadcasts silently to three errors."""
import numpy as np

EXPECTED_FAILURES = {
    "shape_mismatch_raises": "expected it to raise ValueError",
}


def mae(y_pred, y_true):
    error = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    if error.size == 0:
        raise ValueError("empty input")
    return float(np.mean(np.abs(error)))
