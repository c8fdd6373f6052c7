"""Uses log base 2 (bits) and keeps the inputs' own dtype, so int probabilities never clip."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "log base 2",
    "random_probabilities": "log base 2",
    "array_likes_and_ints": "",
}


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p), np.asarray(y)
    if p.shape != y.shape or p.size == 0:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("outside [0, 1]")
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log2(p) + (1 - y) * np.log2(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if z.shape != y.shape or z.size == 0 or np.any((y < 0) | (y > 1)):
        raise ValueError("bad input")
    return float(np.mean(np.logaddexp(0.0, z) - y * z))
