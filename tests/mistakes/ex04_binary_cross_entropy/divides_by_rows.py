"""Both forms divide the sum by len(): right for 1-D input, but a 2-D array has len = its number of rows."""
import numpy as np

EXPECTED_FAILURES = {
    "random_probabilities": "len() of the input",
    "logits_random": "len() of the input",
}


def _pair(first, y):
    first, y = np.asarray(first, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if first.shape != y.shape or first.size == 0 or np.any((y < 0) | (y > 1)):
        raise ValueError("bad input")
    return first, y


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = _pair(p, y)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p outside [0, 1]")
    p = np.clip(p, eps, 1 - eps)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / len(p))


def binary_cross_entropy_with_logits(z, y):
    z, y = _pair(z, y)
    return float(np.sum(np.logaddexp(0.0, z) - y * z) / len(z))
