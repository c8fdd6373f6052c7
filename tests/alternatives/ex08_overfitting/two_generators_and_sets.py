"""Correct, written differently: X and y each permuted by their own generator of the same seed (the
same permutation), n_test with np.round (also half-to-even), leaks found through a set of row tuples,
and the parts converted to float64 after the split (np.array keeps the caller's dtype until then); polynomial features built column by column in a loop, the fit
through an explicit SVD (the pseudo-inverse), the curve with sums divided by counts."""
import numpy as np


def train_test_split(X, y, test_size=0.25, seed=0):
    X, y = np.array(X), np.array(y)
    n = X.shape[0]
    if y.shape[0] != n:
        raise ValueError("X and y differ in length")
    n_test = int(np.round(n * test_size))
    if n_test < 1 or n_test > n - 1:
        raise ValueError("test_size leaves one side empty")
    X_shuffled = np.random.default_rng(seed).permutation(X)
    y_shuffled = np.random.default_rng(seed).permutation(y)
    parts = X_shuffled[n_test:], X_shuffled[:n_test], y_shuffled[n_test:], y_shuffled[:n_test]
    return tuple(part.astype(np.float64) for part in parts)


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[1] != X_test.shape[1]:
        raise ValueError("rows must have the same length")
    if len(X_train) == 0 or len(X_test) == 0:
        raise ValueError("nothing to compare")
    seen = set(map(tuple, X_train.tolist()))
    leaks = []
    for i, row in enumerate(X_test.tolist()):
        if tuple(row) in seen:
            leaks.append(i)
    return np.array(leaks, dtype=np.int64)


def _valid_degree(degree):
    if type(degree) is bool or isinstance(degree, np.bool_) or not isinstance(degree, (int, np.integer)):
        raise ValueError("the degree must be an integer")
    if degree < 0:
        raise ValueError("the degree must be non-negative")
    return int(degree)


def polynomial_features(x, degree):
    """Column by column in a loop: each power is the previous one times x."""
    degree = _valid_degree(degree)
    x = np.array(x, dtype=float)
    if x.ndim != 1 or not len(x):
        raise ValueError("x must be a non-empty 1-D array")
    columns = [np.ones_like(x)]
    for _ in range(degree):
        columns.append(columns[-1] * x)
    return np.stack(columns, axis=1)


def fit_polynomial(x, y, degree):
    """The pseudo-inverse through an explicit SVD: w = V diag(1/s) U^T y, dropping negligible singular values."""
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("x and y differ in shape")
    X = polynomial_features(x, degree)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > s.max() * max(X.shape) * np.finfo(float).eps
    return Vt[keep].T @ ((U[:, keep].T @ y) / s[keep])


def validation_curve(x_train, y_train, x_val, y_val, degrees):
    x_val, y_val = np.array(x_val, dtype=float), np.array(y_val, dtype=float)
    if x_val.ndim != 1 or x_val.shape != y_val.shape or len(x_val) == 0:
        raise ValueError("validation points must be two non-empty 1-D arrays of the same shape")
    if len(degrees) == 0:
        raise ValueError("no degrees")
    y_train = np.array(y_train, dtype=float)
    train_mse = np.zeros(len(degrees))
    val_mse = np.zeros(len(degrees))
    for k in range(len(degrees)):
        w = fit_polynomial(x_train, y_train, degrees[k])
        train_mse[k] = ((polynomial_features(x_train, degrees[k]) @ w - y_train) ** 2).sum() / len(y_train)
        val_mse[k] = ((polynomial_features(x_val, degrees[k]) @ w - y_val) ** 2).sum() / len(y_val)
    return train_mse, val_mse
