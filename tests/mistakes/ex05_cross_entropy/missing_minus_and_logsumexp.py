"""Forgets the log-sum-exp in log_softmax (z - max only) and the minus sign of the cross-entropy."""
import numpy as np

EXPECTED_FAILURES = {
    "log_softmax_matches": "the log of the sum of exp(z - max) is missing",
    "log_softmax_large_logits": "",
    "cross_entropy_worked_example": "minus sign is missing",
    "cross_entropy_random": "minus sign is missing",
}


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("empty")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("empty")
    return z - z.max(axis=-1, keepdims=True)


def cross_entropy(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0 or target.shape != (logits.shape[0],):
        raise ValueError("bad shapes")
    if np.any(target % 1 != 0) or np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("bad target")
    m = logits.max(axis=1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return float(np.mean(log_probs[np.arange(len(target)), target.astype(int)]))
