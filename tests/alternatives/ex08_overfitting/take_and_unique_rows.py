"""Correct, written differently: np.take with the index arrays, leaks through np.unique over the
rows of both sets (a label per distinct row), then np.isin on the labels; polynomial features with
np.vander(increasing=True), predictions with np.polynomial.polynomial.polyval."""
import operator

import numpy as np
from numpy.polynomial.polynomial import polyval


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
    if min(len(X_train), len(X_test), X_train.size) == 0:
        raise ValueError("nothing to compare")
    _, labels = np.unique(np.concatenate([X_train, X_test]), axis=0, return_inverse=True)
    labels = labels.reshape(-1)
    train_labels, test_labels = labels[:len(X_train)], labels[len(X_train):]
    return np.nonzero(np.isin(test_labels, train_labels))[0]


def polynomial_features(x, degree):
    """np.vander with increasing powers, after checking the degree with operator.index (which refuses floats)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or len(x) == 0:
        raise ValueError("x must be a non-empty 1-D array")
    if isinstance(degree, (bool, np.bool_)):
        raise ValueError("a bool is not a degree")
    try:
        degree = operator.index(degree)
    except TypeError:
        raise ValueError("the degree must be an integer") from None
    if degree < 0:
        raise ValueError("the degree must be non-negative")
    return np.vander(x, degree + 1, increasing=True)


def fit_polynomial(x, y, degree):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError("x and y must have the same shape")
    solution, _, _, _ = np.linalg.lstsq(polynomial_features(x, degree), y, rcond=None)
    return solution


def validation_curve(x_train, y_train, x_val, y_val, degrees):
    """Evaluates each fitted polynomial with np.polynomial.polynomial.polyval (Horner's rule)."""
    x_val, y_val = np.asarray(x_val, dtype=np.float64), np.asarray(y_val, dtype=np.float64)
    if x_val.shape != y_val.shape or x_val.ndim != 1 or x_val.size == 0:
        raise ValueError("bad validation points")
    degrees = list(degrees)
    if not degrees:
        raise ValueError("no degrees")
    x_train, y_train = np.asarray(x_train, dtype=np.float64), np.asarray(y_train, dtype=np.float64)
    fits = [fit_polynomial(x_train, y_train, degree) for degree in degrees]
    train = np.array([np.mean(np.square(polyval(x_train, w) - y_train)) for w in fits], dtype=np.float64)
    val = np.array([np.mean(np.square(polyval(x_val, w) - y_val)) for w in fits], dtype=np.float64)
    return train, val
