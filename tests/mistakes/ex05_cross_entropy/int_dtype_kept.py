"""Keeps the input's dtype: an int array's softmax is computed into ints (all zeros and ones)."""
import numpy as np

EXPECTED_FAILURES = {
    "array_likes_and_ints": "",
}


def softmax(z):
    z = np.array(z)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("empty")
    out = np.empty_like(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out[...] = e / e.sum(axis=-1, keepdims=True)
    return out


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
    return float(-np.mean(log_softmax(logits)[np.arange(len(target)), target.astype(int)]))
