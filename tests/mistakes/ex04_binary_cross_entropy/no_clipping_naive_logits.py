"""Takes logs without clipping, and computes the logits form through exp: log(0) and overflow."""
import numpy as np

EXPECTED_FAILURES = {
    "clips_zero_and_one": "p was not clipped",
    "custom_eps": "p was not clipped",
    "logits_stable_for_large_values": "np.log(1 + np.exp(z))",
}


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if p.shape != y.shape or p.size == 0:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("outside [0, 1]")
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if z.shape != y.shape or z.size == 0 or np.any((y < 0) | (y > 1)):
        raise ValueError("bad input")
    return float(np.mean(np.log(1 + np.exp(z)) - y * z))
