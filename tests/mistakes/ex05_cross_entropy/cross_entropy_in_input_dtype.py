"""cross_entropy computes its own log-softmax on the caller's integer dtype: uint8 logits wrap around."""
import numpy as np

EXPECTED_FAILURES = {"array_likes_and_ints": "cross_entropy(np.array([[0, 2], [5, 1]], dtype=uint8), [0, 1]) returned"}


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
    logits = np.asarray(logits)
    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError("logits must be a non-empty (N, C) array")
    if target.shape != (logits.shape[0],):
        raise ValueError("target must have shape (N,)")
    if np.any(target % 1 != 0):
        raise ValueError("class ids must be integers")
    if np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("class ids must lie in [0, C)")
    m = logits.max(axis=1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(target)), target.astype(int)]))
