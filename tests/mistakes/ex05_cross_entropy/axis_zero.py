"""Normalises over axis 0, as if every column were one example; correct on 1-D input only."""
import numpy as np

EXPECTED_FAILURES = {
    "softmax_rows": "over axis 0",
    "log_softmax_matches": "over axis 0",
    "cross_entropy_random": "",
    "cross_entropy_worked_example": "",
}


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("empty")
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("empty")
    m = z.max(axis=0, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=0, keepdims=True))


def cross_entropy(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0 or target.shape != (logits.shape[0],):
        raise ValueError("bad shapes")
    if np.any(target % 1 != 0) or np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("bad target")
    return float(-np.mean(log_softmax(logits)[np.arange(len(target)), target.astype(int)]))
