"""Correct, written differently: inputs converted with .astype(np.float64) (float32, uint8, int8 and bool inputs
included), the split through np.take with the index lists of one permutation, n_test with round() on a Python
float, leaks found in plain Python loops over whole rows, features from np.vander(increasing=True), the fit
through np.linalg.pinv, and the validation curve accumulated one degree at a time in Python lists."""
import numpy as np


def train_test_split(X, y, test_size=0.25, seed=0):
    X = np.asarray(X).astype(np.float64)
    y = np.asarray(y).astype(np.float64)
    if X.ndim < 1 or y.ndim < 1 or X.shape[0] != y.shape[0]:
        raise ValueError("X and y must have the same number of rows")
    n = X.shape[0]
    n_test = round(float(n) * float(test_size))
    if n_test < 1 or n_test >= n:
        raise ValueError("one side of the split would be empty")
    order = np.random.default_rng(seed).permutation(n).tolist()
    test, train = order[:n_test], order[n_test:]
    return np.take(X, train, axis=0), np.take(X, test, axis=0), np.take(y, train), np.take(y, test)


def find_leaks(X_train, X_test):
    X_train = np.asarray(X_train).astype(np.float64)
    X_test = np.asarray(X_test).astype(np.float64)
    X_train = X_train.reshape(len(X_train), -1) if X_train.ndim == 1 else X_train
    X_test = X_test.reshape(len(X_test), -1) if X_test.ndim == 1 else X_test
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[1] != X_test.shape[1]:
        raise ValueError("rows of different lengths")
    if len(X_train) == 0 or len(X_test) == 0 or X_train.shape[1] == 0:
        raise ValueError("nothing to compare")
    train_rows = [row.tolist() for row in X_train]
    found = []
    for i, row in enumerate(X_test):
        if row.tolist() in train_rows:
            found.append(i)
    return np.array(found, dtype=np.intp)


def _degree(degree):
    if isinstance(degree, (bool, np.bool_)) or not isinstance(degree, (int, np.integer)) or degree < 0:
        raise ValueError("degree must be a non-negative integer")
    return int(degree)


def polynomial_features(x, degree):
    x = np.asarray(x).astype(np.float64)
    if x.ndim != 1 or len(x) == 0:
        raise ValueError("x must be a non-empty 1-D array")
    return np.vander(x, _degree(degree) + 1, increasing=True)


def fit_polynomial(x, y, degree):
    x = np.asarray(x).astype(np.float64)
    y = np.asarray(y).astype(np.float64)
    if x.shape != y.shape:
        raise ValueError("x and y must have the same shape")
    return np.linalg.pinv(polynomial_features(x, degree)) @ y


def validation_curve(x_train, y_train, x_val, y_val, degrees):
    x_val = np.asarray(x_val).astype(np.float64)
    y_val = np.asarray(y_val).astype(np.float64)
    if x_val.ndim != 1 or x_val.shape != y_val.shape or len(x_val) == 0:
        raise ValueError("bad validation points")
    degrees = list(degrees) if np.ndim(degrees) == 1 else None
    if not degrees:
        raise ValueError("degrees must be a non-empty 1-D sequence")
    train_mse, val_mse = [], []
    for degree in degrees:
        w = fit_polynomial(x_train, y_train, degree)
        for x, y, out in ((x_train, y_train, train_mse), (x_val, y_val, val_mse)):
            errors = polynomial_features(x, degree) @ w - np.asarray(y).astype(np.float64)
            out.append(float(np.mean(errors ** 2)))
    return np.array(train_mse), np.array(val_mse)
