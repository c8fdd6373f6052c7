"""Computes the logits form through a clipped sigmoid: finite, but wrong for large logits."""
import numpy as np

EXPECTED_FAILURES = {
    "logits_stable_for_large_values": "sigmoid first, then a clipped log",
}


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if p.shape != y.shape or p.size == 0:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("outside [0, 1]")
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        p = 1.0 / (1.0 + np.exp(-z))
    return binary_cross_entropy(p, y)
