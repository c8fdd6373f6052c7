"""A correct Huber loss with boolean masks, strict < at the boundary, and a loop for the mean."""
import numpy as np


def huber(y_pred, y_true, delta=1.0):
    if not delta > 0:
        raise ValueError("delta")
    p = np.array(y_pred, dtype=float)
    t = np.array(y_true, dtype=float)
    if p.shape != t.shape:
        raise ValueError("shape")
    if p.size == 0:
        raise ValueError("empty")
    e = np.abs(p - t).ravel()
    losses = np.empty_like(e)
    small = e < delta
    losses[small] = e[small] ** 2 / 2
    losses[~small] = delta * e[~small] - delta**2 / 2
    total = 0.0
    for value in losses:
        total += value
    return total / len(losses)
