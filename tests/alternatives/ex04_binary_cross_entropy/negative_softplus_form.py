"""Correct BCE with astype(np.float64), log1p(-p), and the logits loss as log(1 + e^-z) + (1 - y) * z."""
import numpy as np


def _as_pair(first, y):
    first = np.array(first).astype(np.float64)  # uint8/int8 logits and float32 probabilities: converted before any minus
    y = np.array(y).astype(np.float64)
    if first.shape != y.shape:
        raise ValueError(f"shapes {first.shape} and {y.shape} differ")
    if first.size == 0:
        raise ValueError("empty input")
    if y.min() < 0 or y.max() > 1:
        raise ValueError("labels must lie in [0, 1]")
    return first, y


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = _as_pair(p, y)
    if p.min() < 0 or p.max() > 1:
        raise ValueError("probabilities must lie in [0, 1]")
    p = p.clip(eps, 1 - eps)
    return float(-(y * np.log(p) + (1 - y) * np.log1p(-p)).mean())


def binary_cross_entropy_with_logits(z, y):
    z, y = _as_pair(z, y)
    return float((np.logaddexp(0.0, -z) + (1 - y) * z).mean())
