"""Correct maths, but lets numpy index with whatever target it gets: IndexError, silent -1, no shape checks."""
import numpy as np

EXPECTED_FAILURES = {
    "targets_validated": "",
    "shapes_validated": "",
}


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def cross_entropy(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target).astype(int)
    return float(-np.mean(log_softmax(logits)[np.arange(len(target)), target]))
