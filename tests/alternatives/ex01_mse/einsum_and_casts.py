"""A correct MSE with np.einsum over the flattened error, casting with astype and checking emptiness with len(ravel)."""
import numpy as np


def mse(y_pred, y_true):
    a = np.array(y_pred).astype(np.float64)  # uint8, int8, bool and float32 all become float64 before any arithmetic
    b = np.array(y_true).astype(np.float64)
    if np.shape(a) != np.shape(b):
        raise ValueError("y_pred and y_true must have the same shape")
    error = (a - b).ravel()
    if len(error) == 0:
        raise ValueError("no elements")
    return float(np.einsum("i,i->", error, error) / len(error))
