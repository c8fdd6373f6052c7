"""Computes everything in float32 (to save memory), returning float32 arrays and a float32-accurate loss."""
import numpy as np

EXPECTED_FAILURES = {"softmax_worked_example": "float32", "log_softmax_matches": "float32", "cross_entropy_random": "ran in float32"}


def softmax(z):
    z = np.asarray(z, dtype=np.float32)

    if z.ndim == 0 or z.size == 0:
        raise ValueError("need a non-empty array with a class axis")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    z = np.asarray(z, dtype=np.float32)

    if z.ndim == 0 or z.size == 0:
        raise ValueError("need a non-empty array with a class axis")
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def cross_entropy(logits, target):
    logits = np.asarray(logits, dtype=np.float32)

    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError("logits must be a non-empty (N, C) array")
    if target.shape != (logits.shape[0],):
        raise ValueError("target must have shape (N,)")
    if np.any(target % 1 != 0):
        raise ValueError("class ids must be integers")
    if np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("class ids must lie in [0, C)")
    return float(-np.mean(log_softmax(logits)[np.arange(len(target)), target.astype(int)]))
