"""Never checks shapes, emptiness, delta, labels or class ids."""
import numpy as np

EXPECTED_FAILURES = {
    "validation": "",
}


def _pair(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a, b


def mse_grad(y_pred, y_true):
    y_pred, y_true = _pair(y_pred, y_true)
    return 2 * (y_pred - y_true) / y_pred.size


def mae_grad(y_pred, y_true):
    y_pred, y_true = _pair(y_pred, y_true)
    return np.sign(y_pred - y_true) / y_pred.size


def huber_grad(y_pred, y_true, delta=1.0):
    y_pred, y_true = _pair(y_pred, y_true)
    return np.clip(y_pred - y_true, -delta, delta) / y_pred.size


def bce_with_logits_grad(z, y):
    z, y = _pair(z, y)
    p = 0.5 * (1 + np.tanh(z / 2))
    return (p - y) / z.size


def cross_entropy_grad(logits, target):
    logits = np.asarray(logits, dtype=float)
    target = np.asarray(target)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(target)), target.astype(int)] -= 1
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
