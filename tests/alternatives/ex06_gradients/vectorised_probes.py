"""Correct gradients, with a vectorised numerical gradient that builds every probe point at once."""
import numpy as np


def _arrays(*values):
    arrays = [np.asarray(v, dtype=float) for v in values]
    if any(a.shape != arrays[0].shape for a in arrays) or arrays[0].size == 0:
        raise ValueError("shapes differ or empty")
    return arrays


def mse_grad(y_pred, y_true):
    p, t = _arrays(y_pred, y_true)
    return 2 * (p - t) / p.size


def mae_grad(y_pred, y_true):
    p, t = _arrays(y_pred, y_true)
    return np.sign(p - t) / p.size


def huber_grad(y_pred, y_true, delta=1.0):
    p, t = _arrays(y_pred, y_true)
    if not delta > 0:
        raise ValueError("delta must be positive")
    return np.minimum(np.maximum(p - t, -delta), delta) / p.size


def bce_with_logits_grad(z, y):
    z, y = _arrays(z, y)
    if np.any(y < 0) or np.any(y > 1):
        raise ValueError("y outside [0, 1]")
    with np.errstate(over="ignore"):
        p = 1.0 / (1.0 + np.exp(-z))  # exp overflows to inf for z < -709, and 1/inf is the right 0.0
    return (p - y) / z.size


def cross_entropy_grad(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim != 2 or not logits.size or target.shape != logits.shape[:1]:
        raise ValueError("shapes")
    if not np.all(np.isin(target, np.arange(logits.shape[1]))):
        raise ValueError("class ids")
    shifted = logits - logits.max(axis=1)[:, None]
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1)[:, None]
    return (p - np.eye(logits.shape[1])[target.astype(int)]) / logits.shape[0]


def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    steps = np.eye(x.size).reshape((x.size, *x.shape)) * h
    values = [(f(x + step) - f(x - step)) / (2 * h) for step in steps]
    return np.array(values, dtype=float).reshape(x.shape)
