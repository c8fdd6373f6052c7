"""Correct, written differently: the split with Ellipsis indexing, leaks one test row at a time against the
whole training set, features with np.power broadcasting, the fit with np.linalg.pinv, and both MSEs of
a degree computed in one stacked residual."""
import numbers

import numpy as np


def train_test_split(X, y, test_size=0.25, seed=0):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError("X and y must have the same number of rows")
    n = X.shape[0]
    n_test = round(n * test_size)
    if n_test < 1 or n_test >= n:
        raise ValueError("each side needs at least one row")
    perm = np.random.default_rng(seed).permutation(n)
    train, test = perm[n_test:], perm[:n_test]
    return X[train, ...], X[test, ...], y[train, ...], y[test, ...]


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=np.float64), np.asarray(X_test, dtype=np.float64)
    X_train, X_test = X_train.reshape(len(X_train), -1), X_test.reshape(len(X_test), -1)
    if X_train.shape[1] != X_test.shape[1] or X_train.size == 0 or X_test.size == 0:
        raise ValueError("rows of different lengths, or an empty input")
    return np.array([i for i, row in enumerate(X_test) if (X_train == row).all(axis=1).any()], dtype=np.intp)


def polynomial_features(x, degree):
    if isinstance(degree, (bool, np.bool_)) or not isinstance(degree, numbers.Integral) or degree < 0:
        raise ValueError("the degree must be a non-negative integer")
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.shape[0] == 0:
        raise ValueError("x must be a non-empty 1-D array")
    return np.power.outer(x, np.arange(int(degree) + 1, dtype=np.float64))


def fit_polynomial(x, y, degree):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError("x and y must have the same shape")
    return np.linalg.pinv(polynomial_features(x, degree)) @ y


def validation_curve(x_train, y_train, x_val, y_val, degrees):
    x_train, y_train = np.asarray(x_train, dtype=np.float64), np.asarray(y_train, dtype=np.float64)
    x_val, y_val = np.asarray(x_val, dtype=np.float64), np.asarray(y_val, dtype=np.float64)
    if x_val.shape != y_val.shape or x_val.ndim != 1 or x_val.shape[0] == 0:
        raise ValueError("bad validation points")
    if np.ndim(degrees) != 1 or np.size(degrees) == 0:
        raise ValueError("degrees must be a non-empty sequence")
    n = len(x_train)
    both_x, both_y = np.concatenate([x_train, x_val]), np.concatenate([y_train, y_val])
    curves = np.empty((2, len(degrees)))
    for k, degree in enumerate(degrees):
        squared = (polynomial_features(both_x, degree) @ fit_polynomial(x_train, y_train, degree) - both_y) ** 2
        curves[:, k] = squared[:n].mean(), squared[n:].mean()
    return curves[0], curves[1]
