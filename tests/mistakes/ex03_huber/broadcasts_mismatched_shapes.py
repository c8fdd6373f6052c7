"""Never compares the shapes: [5.0] against three targets broadcasts silently to three errors."""
import numpy as np

EXPECTED_FAILURES = {
    "shape_mismatch_raises": "expected it to raise ValueError",
}


def huber(y_pred, y_true, delta=1.0):
    a = np.abs(np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64))
    if a.size == 0 or not delta > 0:
        raise ValueError("bad input")
    return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
