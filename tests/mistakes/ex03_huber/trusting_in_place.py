"""Works in the caller's array and checks nothing: no shape, emptiness or float conversion."""
import numpy as np

EXPECTED_FAILURES = {
    "empty_input_raises": "expected it to raise ValueError",
    "array_likes_and_ints": "np.asarray(x, dtype=np.float64)",
    "inputs_unchanged": "modified its input",
}


def huber(y_pred, y_true, delta=1.0):
    if delta <= 0:
        raise ValueError("delta must be positive")
    e = np.asarray(y_pred)
    e -= np.asarray(y_true)
    np.abs(e, out=e)
    return float(np.mean(np.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta))))
