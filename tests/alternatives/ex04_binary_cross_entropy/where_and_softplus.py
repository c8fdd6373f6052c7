"""Correct BCE with np.where for the two log terms and the max(z, 0) + log1p(exp(-|z|)) softplus."""
import numpy as np


def _arrays(a, y):
    a, y = np.asarray(a, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if a.shape != y.shape:
        raise ValueError("shape mismatch")
    if not a.size:
        raise ValueError("empty")
    if ((y < 0) | (y > 1)).any():
        raise ValueError("labels outside [0, 1]")
    return a, y


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = _arrays(p, y)
    if ((p < 0) | (p > 1)).any():
        raise ValueError("p outside [0, 1]")
    p = np.minimum(np.maximum(p, eps), 1 - eps)
    return float(np.mean(-y * np.log(p) - (1 - y) * np.log1p(-p)))


def binary_cross_entropy_with_logits(z, y):
    z, y = _arrays(z, y)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
