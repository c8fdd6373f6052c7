"""Normalises the whole array at once: right for 1-D input, wrong for a batch of rows."""
import numpy as np

EXPECTED_FAILURES = {
    "softmax_rows": "whole array was normalised",
}


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("empty")
    e = np.exp(z - z.max())
    return e / e.sum()


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
    m = logits.max(axis=1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(target)), target.astype(int)]))
