"""The logits form negates z in place to use log(1 + e^-z) + (1 - y) z: right value, but the caller's z is flipped."""
import numpy as np

EXPECTED_FAILURES = {
    "inputs_unchanged": "modified its input",
}


def binary_cross_entropy(p, y, eps=1e-12):
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
    minus_z = np.negative(z, out=z)
    return float(np.mean(np.logaddexp(0.0, minus_z) - (1 - y) * minus_z))
