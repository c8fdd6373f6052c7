"""Keeps only the y * log(p) term, and sums the logits form instead of averaging it."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "only the y * log(p) term",
    "random_probabilities": "only the y * log(p) term",
    "logits_worked_example": "sum over the elements",
    "logits_random": "sum over the elements",
}


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if p.shape != y.shape or p.size == 0:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("outside [0, 1]")
    return float(-np.mean(y * np.log(np.clip(p, eps, 1 - eps))))


def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if z.shape != y.shape or z.size == 0 or np.any((y < 0) | (y > 1)):
        raise ValueError("bad input")
    return float(np.sum(np.logaddexp(0.0, z) - y * z))
