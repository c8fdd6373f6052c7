"""bce_with_logits_grad computes 1 / (1 + exp(-z)) on int16 logits as they are: np.exp of int16 gives float32."""
import numpy as np

EXPECTED_FAILURES = {"array_likes_and_inputs_unchanged": "bce_with_logits_grad(np.array([-2, 3], dtype=int16)"}


def _pair(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("shapes differ")
    if a.size == 0:
        raise ValueError("empty input")
    return a, b


def mse_grad(y_pred, y_true):
    y_pred, y_true = _pair(y_pred, y_true)
    return 2.0 * (y_pred - y_true) / y_pred.size


def mae_grad(y_pred, y_true):
    y_pred, y_true = _pair(y_pred, y_true)
    return np.sign(y_pred - y_true) / y_pred.size


def huber_grad(y_pred, y_true, delta=1.0):
    y_pred, y_true = _pair(y_pred, y_true)
    if delta <= 0:
        raise ValueError("delta must be > 0")
    return np.clip(y_pred - y_true, -delta, delta) / y_pred.size


def bce_with_logits_grad(z, y):
    _pair(z, y)
    z, y = np.asarray(z), np.asarray(y)
    if np.any(y < 0) or np.any(y > 1):
        raise ValueError("labels must lie in [0, 1]")
    return (1.0 / (1.0 + np.exp(-z)) - y) / z.size


def cross_entropy_grad(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError("logits must be a non-empty (N, C) array")
    if target.shape != (logits.shape[0],):
        raise ValueError("target must have shape (N,)")
    if np.any(target % 1 != 0):
        raise ValueError("class ids must be integers")
    if np.any(target < 0) or np.any(target >= logits.shape[1]):
        raise ValueError("class ids must lie in [0, C)")
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(len(target)), target.astype(int)] -= 1.0
    return p / len(target)


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f(x)
        x[i] = saved - h
        down = f(x)
        x[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad
