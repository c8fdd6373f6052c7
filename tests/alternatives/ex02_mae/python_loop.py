"""A correct MAE written as a plain Python loop over the flattened arrays."""
import numpy as np


def mae(y_pred, y_true):
    a = np.array(y_pred, dtype=np.float64)
    b = np.array(y_true, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    if a.size == 0:
        raise ValueError("empty")
    total = 0.0
    for x, y in zip(a.ravel(), b.ravel()):
        total += abs(x - y)
    return total / a.size
