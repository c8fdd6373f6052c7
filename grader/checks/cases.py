"""Seeded random inputs shared by the checks: several shapes, size 1 included, reproducible."""

from __future__ import annotations

import numpy as np

from grader.grading import held_out

SHAPES = [(1,), (2,), (7,), (50,), (3, 4), (2, 3, 2)]


def rng(seed: int) -> np.random.Generator:
    """Draw a check's random inputs from this: the fixed `seed` in public cases, the student's own in held-out ones."""
    return held_out.generator(seed)


def pairs(seed: int, shapes=SHAPES, scale: float = 3.0):
    """(y_pred, y_true) float64 pairs of each shape, errors of mixed sign and size."""
    generator = rng(seed)
    for shape in shapes:
        yield generator.normal(0, scale, shape), generator.normal(0, scale, shape)
