"""Seeds the legacy global generator (np.random.seed) instead of np.random.default_rng."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "legacy np.random.seed",
    "random_splits": "legacy np.random.seed",
}


def train_test_split(X, y, test_size=0.25, seed=0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(X)
    n_test = round(n * test_size)
    if len(y) != n or not 1 <= n_test <= n - 1:
        raise ValueError("bad split")
    np.random.seed(seed)
    perm = np.random.permutation(n)
    return X[perm[n_test:]], X[perm[:n_test]], y[perm[n_test:]], y[perm[:n_test]]


def find_leaks(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("different row lengths")
    if X_train.size == 0 or X_test.size == 0:
        raise ValueError("empty input")
    return np.flatnonzero((X_test[:, None, :] == X_train[None, :, :]).all(axis=2).any(axis=1))


def _check_degree(degree):
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or degree < 0:
        raise ValueError("degree must be a non-negative integer")


def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ValueError("x must be a non-empty 1-D array")
    _check_degree(degree)
    return x[:, None] ** np.arange(degree + 1)


def fit_polynomial(x, y, degree):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("x and y differ in shape")
    X = polynomial_features(x, degree)
    return np.linalg.lstsq(X, y, rcond=None)[0]


def validation_curve(x_train, y_train, x_val, y_val, degrees):
    x_train, y_train = np.asarray(x_train, dtype=float), np.asarray(y_train, dtype=float)
    x_val, y_val = np.asarray(x_val, dtype=float), np.asarray(y_val, dtype=float)
    if x_val.shape != y_val.shape or x_val.ndim != 1 or x_val.size == 0 or len(degrees) == 0:
        raise ValueError("bad validation data or no degrees")
    train_mse, val_mse = [], []
    for degree in degrees:
        w = fit_polynomial(x_train, y_train, degree)
        train_mse.append(np.mean((polynomial_features(x_train, degree) @ w - y_train) ** 2))
        val_mse.append(np.mean((polynomial_features(x_val, degree) @ w - y_val) ** 2))
    return np.array(train_mse), np.array(val_mse)
