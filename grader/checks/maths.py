"""Small float64 helpers the checks compute expected values and known mistakes with, in the trusted process."""

from __future__ import annotations

import numpy as np

from grader.expect import Mistake, agrees
from grader.text import Text


def floats(*values):
    """Each value as a float64 array."""
    return [np.asarray(value, dtype=np.float64) for value in values]


def sigmoid(z):
    """1 / (1 + e^-z) without overflow for any z."""
    return np.exp(-np.logaddexp(0.0, -z))


def apart_from(expected, found):
    """The known mistakes whose value differs from the right answer: only those can explain a wrong one.

    Mistakes that give the same value on these inputs cannot be told apart by it: they are named together.
    """
    kept = []
    for item in found:
        if agrees(item.value, expected, 1e-6, 1e-9):
            continue
        same = next((index for index, other in enumerate(kept) if agrees(item.value, other.value, 1e-12, 1e-15)), None)
        if same is None:
            kept.append(item)
        else:
            other = kept[same]
            kept[same] = Mistake(other.value, Text(en=f"{other.text.en}; or {item.text.en}",
                                                   zh=f"{other.text.zh}；或者{item.text.zh}"))
    return kept


def wraps_around(raw):
    """True for the integer dtypes in which a difference wraps around (unsigned, or fewer than 64 bits)."""
    return raw.dtype.kind == "u" or (raw.dtype.kind == "i" and raw.dtype.itemsize < 8)
