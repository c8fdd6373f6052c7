"""Clips p with np.maximum(p, eps) only: p = 0 is safe, p = 1 still gives log(1 - p) = log(0)."""
import numpy as np

EXPECTED_FAILURES = {
    "clips_zero_and_one": "clipped only from below",
}


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if p.shape != y.shape or p.size == 0:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("outside [0, 1]")
    p = np.maximum(p, eps)
    with np.errstate(all="ignore"):
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if z.shape != y.shape or z.size == 0 or np.any((y < 0) | (y > 1)):
        raise ValueError("bad input")
    return float(np.mean(np.logaddexp(0.0, z) - y * z))
