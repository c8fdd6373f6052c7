"""Uses the textbook 1/2 * (y_pred - y_true)**2: half the loss this course (and PyTorch's MSELoss) defines."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "half the MSE",
    "random_arrays": "half the MSE",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    return float(0.5 * np.mean((y_pred - y_true) ** 2))
