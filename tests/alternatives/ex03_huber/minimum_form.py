"""A correct Huber loss without a branch: q = min(|e|, delta), loss = q**2/2 + delta*(|e| - q)."""
import numpy as np


def huber(y_pred, y_true, delta=1.0):
    e = np.subtract(np.asarray(y_pred, np.float64), np.asarray(y_true, np.float64)) if np.shape(y_pred) == np.shape(y_true) else None
    if e is None:
        raise ValueError("shape mismatch")
    if e.size == 0:
        raise ValueError("empty")
    if delta <= 0:
        raise ValueError("delta must be positive")
    a = np.abs(e)
    q = np.minimum(a, delta)
    return float((0.5 * q * q + delta * (a - q)).mean())
