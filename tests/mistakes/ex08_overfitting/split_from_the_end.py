"""Takes the training rows first and the test rows from the end of the permutation."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "taken from the end of the permutation",
    "test_size_rounding": "taken from the end of the permutation",
    "random_splits": "taken from the end of the permutation",
    "inputs_unchanged": "taken from the end of the permutation",
}


def train_test_split(X, y, test_size=0.25, seed=0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(X)
    n_train = n - round(n * test_size)
    if len(y) != n or not 1 <= n_train <= n - 1:
        raise ValueError("bad split")
    perm = np.random.default_rng(seed).permutation(n)
    return X[perm[:n_train]], X[perm[n_train:]], y[perm[:n_train]], y[perm[n_train:]]


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("different row lengths")
    return np.flatnonzero((X_test[:, None, :] == X_train[None, :, :]).all(axis=2).any(axis=1))
