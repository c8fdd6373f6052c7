"""Picks log_probs[:, target] (an N x N block) and forgets the minus sign in log_softmax's use."""
import numpy as np

EXPECTED_FAILURES = {
    "cross_entropy_worked_example": "log_probs[:, target]",
    "cross_entropy_random": "log_probs[:, target]",
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
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def cross_entropy(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0 or target.shape != (logits.shape[0],):
        raise ValueError("bad shapes")
    if np.any(target % 1 != 0) or np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("bad target")
    return float(-np.mean(log_softmax(logits)[:, target.astype(int)]))
