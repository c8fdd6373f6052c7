"""Computes both losses correctly but validates nothing: ranges, shapes and emptiness pass silently."""
import numpy as np

EXPECTED_FAILURES = {
    "out_of_range_raises": "expected it to raise ValueError",
    "logits_labels_out_of_range_raise": "expected it to raise ValueError",
    "shape_mismatch_raises": "expected it to raise ValueError",
    "empty_input_raises": "expected it to raise ValueError",
}


def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(np.asarray(p, dtype=float), eps, 1 - eps)
    y = np.asarray(y, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))
