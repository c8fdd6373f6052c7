"""Uses its eps argument, but with the Keras default eps=1e-7 instead of 1e-12."""
import numpy as np

EXPECTED_FAILURES = {
    "clips_zero_and_one": "the default is eps=1e-12",
}


def binary_cross_entropy(p, y, eps=1e-7):
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if p.shape != y.shape or p.size == 0:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("outside [0, 1]")
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if z.shape != y.shape or z.size == 0 or np.any((y < 0) | (y > 1)):
        raise ValueError("bad input")
    return float(np.mean(np.logaddexp(0.0, z) - y * z))
