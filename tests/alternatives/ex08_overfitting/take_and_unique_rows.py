"""Correct, written differently: np.take with the index arrays, and leaks through np.unique over the
rows of both sets (a label per distinct row), then np.isin on the labels."""
import numpy as np


def train_test_split(X, y, test_size=0.25, seed=0):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if len(X) != len(y):
        raise ValueError("X and y must have the same length")
    n = len(X)
    n_test = round(n * test_size)
    if not 0 < n_test < n:
        raise ValueError("the split would leave a side empty")
    order = np.random.default_rng(seed).permutation(n)
    test_idx, train_idx = np.split(order, [n_test])
    return (np.take(X, train_idx, axis=0), np.take(X, test_idx, axis=0),
            np.take(y, train_idx, axis=0), np.take(y, test_idx, axis=0))


def find_leaks(X_train, X_test):
    X_train = np.atleast_2d(np.asarray(X_train, dtype=np.float64))
    X_test = np.atleast_2d(np.asarray(X_test, dtype=np.float64))
    if X_train.shape[1:] != X_test.shape[1:]:
        raise ValueError("rows of different lengths")
    _, labels = np.unique(np.concatenate([X_train, X_test]), axis=0, return_inverse=True)
    labels = labels.reshape(-1)
    train_labels, test_labels = labels[:len(X_train)], labels[len(X_train):]
    return np.nonzero(np.isin(test_labels, train_labels))[0]
