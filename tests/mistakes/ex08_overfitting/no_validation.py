"""Validates nothing: empty sides, mismatched y and mismatched rows all go through."""
import numpy as np

EXPECTED_FAILURES = {
    "invalid_test_size_raises": "expected it to raise ValueError",
    "shape_mismatch_raises": "expected it to raise ValueError",
}


def train_test_split(X, y, test_size=0.25, seed=0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(X)
    n_test = round(n * test_size)
    perm = np.random.default_rng(seed).permutation(n)
    return X[perm[n_test:]], X[perm[:n_test]], y[perm[n_test:]], y[perm[:n_test]]


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    return np.array([i for i, row in enumerate(X_test) if any(np.array_equal(row, t) for t in X_train)], dtype=int)
