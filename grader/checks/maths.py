"""Small float64 helpers the checks compute expected values and known mistakes with, in the trusted process."""

from __future__ import annotations

import numpy as np


def floats(*values):
    """Each value as a float64 array."""
    return [np.asarray(value, dtype=np.float64) for value in values]


def sigmoid(z):
    """1 / (1 + e^-z) without overflow for any z."""
    return np.exp(-np.logaddexp(0.0, -z))
