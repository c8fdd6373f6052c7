"""Draws the test rows and the training rows in two separate samples: they overlap."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "expected",
    "random_splits": "expected",
    "no_overlap_full_coverage": "are in both X_train and X_test",
}


def train_test_split(X, y, test_size=0.25, seed=0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(X)
    n_test = round(n * test_size)
    if len(y) != n or not 1 <= n_test <= n - 1:
        raise ValueError("bad split")
    rng = np.random.default_rng(seed)
    test = rng.choice(n, n_test, replace=False)
    train = rng.choice(n, n - n_test, replace=False)
    return X[train], X[test], y[train], y[test]


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("different row lengths")
    return np.flatnonzero((X_test[:, None, :] == X_train[None, :, :]).all(axis=2).any(axis=1))
