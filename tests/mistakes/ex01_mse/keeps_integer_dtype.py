"""Never converts the inputs: lists and int64 work, but uint8 wraps around (0 - 1 = 255) and int8 overflows."""
import numpy as np

EXPECTED_FAILURES = {
    "array_likes_and_ints": "wrap around",
}


def mse(y_pred, y_true):
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    return float(np.mean((y_pred - y_true) ** 2))
