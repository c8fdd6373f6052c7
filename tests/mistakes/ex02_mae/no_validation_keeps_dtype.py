"""Trusts its inputs: no float conversion (uint8 wraps around), no shape or emptiness checks."""
import numpy as np

EXPECTED_FAILURES = {
    "array_likes_and_ints": "wrap around",
    "shape_mismatch_raises": "expected it to raise ValueError",
    "empty_input_raises": "expected it to raise ValueError",
}


def mae(y_pred, y_true):
    return float(np.mean(np.abs(np.asarray(y_pred) - np.asarray(y_true))))
