"""Takes np.log(softmax(z)) (underflows to -inf) and sums the cross-entropy instead of averaging."""
import numpy as np

EXPECTED_FAILURES = {
    "log_softmax_large_logits": "np.log(softmax(z))",
    "cross_entropy_worked_example": "sum over the examples",
    "cross_entropy_random": "sum over the examples",
    "cross_entropy_large_logits": "np.log(softmax(z))",
    "array_likes_and_ints": "sum over the examples",
}


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or z.size == 0:
        raise ValueError("empty")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    return np.log(softmax(z))


def cross_entropy(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0 or target.shape != (logits.shape[0],):
        raise ValueError("bad shapes")
    if np.any(target % 1 != 0) or np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("bad target")
    return float(-np.sum(log_softmax(logits)[np.arange(len(target)), target.astype(int)]))
