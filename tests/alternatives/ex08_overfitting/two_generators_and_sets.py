"""Correct, written differently: X and y each permuted by their own generator of the same seed (the
same permutation), n_test with np.round (also half-to-even), leaks found through a set of row tuples,
and the caller's dtype kept (int rows stay int)."""
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
    return X_shuffled[n_test:], X_shuffled[:n_test], y_shuffled[n_test:], y_shuffled[:n_test]


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[1] != X_test.shape[1]:
        raise ValueError("rows must have the same length")
    seen = set(map(tuple, X_train.tolist()))
    leaks = []
    for i, row in enumerate(X_test.tolist()):
        if tuple(row) in seen:
            leaks.append(i)
    return np.array(leaks, dtype=np.int64)
