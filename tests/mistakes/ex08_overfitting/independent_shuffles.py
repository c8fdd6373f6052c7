"""Shuffles X and then y with the same generator: two different permutations, the pairs are broken."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "shuffled independently (two permutations)",
    "random_splits": "shuffled independently (two permutations)",
    "rows_stay_paired": "shuffled independently",
    "inputs_unchanged": "shuffled independently (two permutations)",
}


def train_test_split(X, y, test_size=0.25, seed=0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(X)
    n_test = round(n * test_size)
    if len(y) != n or not 1 <= n_test <= n - 1:
        raise ValueError("bad split")
    rng = np.random.default_rng(seed)
    X, y = rng.permutation(X), rng.permutation(y)
    return X[n_test:], X[:n_test], y[n_test:], y[:n_test]


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("different row lengths")
    return np.flatnonzero((X_test[:, None, :] == X_train[None, :, :]).all(axis=2).any(axis=1))
