"""Accepts only integer dtypes for the class ids: whole numbers stored as floats (1.0, 2.0) raise ValueError."""
import numpy as np

EXPECTED_FAILURES = {"targets_validated": "raised ValueError"}


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("need a non-empty array with a class axis")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("need a non-empty array with a class axis")
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def cross_entropy(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError("logits must be a non-empty (N, C) array")
    if target.shape != (logits.shape[0],):
        raise ValueError("target must have shape (N,)")
    if target.dtype.kind not in "iub":
        raise ValueError("class ids must be integers")
    if np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("class ids must lie in [0, C)")
    return float(-np.mean(log_softmax(logits)[np.arange(len(target)), target.astype(int)]))
