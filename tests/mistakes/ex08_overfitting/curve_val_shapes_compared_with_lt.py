"""Compares x_val.shape < y_val.shape (meant as 'not equal'): one y for two x goes through and broadcasts."""
import numpy as np

EXPECTED_FAILURES = {'curve_invalid_raises': 'broadcasts silently'}


def train_test_split(X, y, test_size=0.25, seed=0):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows, got shapes {X.shape} and {y.shape}")
    n = len(X)
    n_test = round(n * test_size)
    if not 1 <= n_test <= n - 1:
        raise ValueError(f"test_size={test_size} gives {n_test} test rows out of {n}; need between 1 and {n - 1}")
    perm = np.random.default_rng(seed).permutation(n)
    test, train = perm[:n_test], perm[n_test:]
    return X[train], X[test], y[train], y[test]


def find_leaks(X_train, X_test):
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    if X_train.ndim == 1:
        X_train = X_train[:, None]
    if X_test.ndim == 1:
        X_test = X_test[:, None]
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[1] != X_test.shape[1]:
        raise ValueError(f"rows of different shapes: {X_train.shape} vs {X_test.shape}")
    if X_train.size == 0 or X_test.size == 0:
        raise ValueError("empty input")
    equal = (X_test[:, None, :] == X_train[None, :, :]).all(axis=2)  # (k, m): test row i == train row j
    return np.flatnonzero(equal.any(axis=1))


def _degree(degree):
    if isinstance(degree, (bool, np.bool_)) or not isinstance(degree, (int, np.integer)) or degree < 0:
        raise ValueError(f"degree must be a non-negative integer, got {degree!r}")
    return int(degree)


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty 1-D array, got shape {x.shape}")
    return x[:, None] ** np.arange(_degree(degree) + 1)


def fit_polynomial(x, y, degree):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same shape, got {x.shape} and {y.shape}")
    X = polynomial_features(x, degree)
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    return w


def validation_curve(x_train, y_train, x_val, y_val, degrees):
    x_train = np.asarray(x_train, dtype=np.float64)
    y_train = np.asarray(y_train, dtype=np.float64)
    x_val = np.asarray(x_val, dtype=np.float64)
    y_val = np.asarray(y_val, dtype=np.float64)
    if x_val.shape < y_val.shape or x_val.ndim != 1 or x_val.size == 0:
        raise ValueError(f"x_val and y_val must be non-empty 1-D arrays of one shape, got {x_val.shape} and {y_val.shape}")
    if np.ndim(degrees) != 1 or len(degrees) == 0:
        raise ValueError("degrees must be a non-empty 1-D sequence of degrees")
    train_mse, val_mse = np.empty(len(degrees)), np.empty(len(degrees))
    for k, degree in enumerate(degrees):
        w = fit_polynomial(x_train, y_train, degree)
        train_mse[k] = np.mean((polynomial_features(x_train, degree) @ w - y_train) ** 2)
        val_mse[k] = np.mean((polynomial_features(x_val, degree) @ w - y_val) ** 2)
    return train_mse, val_mse
