"""Never converts the inputs: lists and int64 work, but uint8 wraps around (1 - 3 = 254) and int8 overflows."""
import numpy as np

EXPECTED_FAILURES = {
    "array_likes_and_ints": "wrap around",
}


def mae(y_pred, y_true):
    y_pred = np.asarray(y_pred)
    y_true = np.asarray(y_true)
    if y_pred.shape != y_true.shape:
        raise ValueError("shapes differ")
    if y_pred.size == 0:
        raise ValueError("empty input")
    return float(np.mean(np.abs(y_pred - y_true)))
