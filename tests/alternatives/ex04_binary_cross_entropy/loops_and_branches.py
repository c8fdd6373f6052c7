"""Correct BCE with Python loops and math, and the two-branch stable form of the logits loss."""
import math

import numpy as np


def _flat(a, y):
    a, y = np.array(a, dtype=float), np.array(y, dtype=float)
    if a.shape != y.shape or a.size == 0:
        raise ValueError("bad shapes")
    for label in y.flat:
        if not 0.0 <= label <= 1.0:
            raise ValueError("label outside [0, 1]")
    return a.ravel().tolist(), y.ravel().tolist()


def binary_cross_entropy(p, y, eps=1e-12):
    ps, ys = _flat(p, y)
    total = 0.0
    for prob, label in zip(ps, ys):
        if not 0.0 <= prob <= 1.0:
            raise ValueError("probability outside [0, 1]")
        prob = min(max(prob, eps), 1.0 - eps)
        total -= label * math.log(prob) + (1.0 - label) * math.log(1.0 - prob)
    return total / len(ps)


def binary_cross_entropy_with_logits(z, y):
    zs, ys = _flat(z, y)
    total = 0.0
    for logit, label in zip(zs, ys):
        # -log sigmoid(z) for y = 1 and -log(1 - sigmoid(z)) for y = 0, mixed for soft labels
        if logit >= 0:
            total += (1.0 - label) * logit + math.log1p(math.exp(-logit))
        else:
            total += -label * logit + math.log1p(math.exp(logit))
    return total / len(zs)
