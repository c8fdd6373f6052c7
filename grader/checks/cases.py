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


def either(seed: int, public, draw):
    """A fixed check's inputs: `public` in the public run, `draw(generator)` in a held-out run.

    The held-out draw must keep what the check is about (the dtype, the shape, the edge the case
    sits on: a wrapped uint8 difference, a class id out of range) and change only the numbers, so
    that a correct implementation passes it and a table of the public cases' answers does not.
    """
    if not held_out.in_held_out_run():
        return public
    return draw(rng(seed))


def like(value, generator: np.random.Generator, low: float | None = None, high: float | None = None):
    """New numbers of the same kind as `value`: same container (list, tuple, array, scalar), dtype and shape.

    Floats are drawn uniformly in [low, high] (default: the span of `value`, widened to at least 1);
    integers in [low, high] clipped to their dtype (default: the dtype's whole range for uint8/int8,
    else the span of `value`); booleans at random.
    """
    array = np.asarray(value)
    if array.dtype == np.bool_:
        drawn = generator.random(array.shape) < 0.5
    elif np.issubdtype(array.dtype, np.integer):
        info = np.iinfo(array.dtype)
        small = array.dtype.itemsize == 1
        lo = low if low is not None else (info.min if small else (int(array.min()) if array.size else 0))
        hi = high if high is not None else (info.max if small else (int(array.max()) if array.size else 1))
        lo, hi = max(int(lo), info.min), min(int(hi), info.max)
        drawn = generator.integers(lo, max(hi, lo) + 1, size=array.shape, endpoint=False).astype(array.dtype)
    else:
        span_lo = float(array.min()) if array.size else 0.0
        span_hi = float(array.max()) if array.size else 1.0
        lo = low if low is not None else min(span_lo, span_hi - 1.0)
        hi = high if high is not None else max(span_hi, span_lo + 1.0)
        drawn = generator.uniform(lo, hi, array.shape).astype(array.dtype if array.dtype.kind == "f" else np.float64)
    if isinstance(value, np.ndarray):
        return drawn
    if isinstance(value, (list, tuple)):
        return type(value)(drawn.tolist())
    return type(value)(drawn.item()) if isinstance(value, (int, float, bool)) else drawn.item()


def int_pair(generator: np.random.Generator, dtype, gaps) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays a, b of the integer `dtype` whose exact differences a - b are `gaps`, each b drawn where both fit.

    For a held-out case on an integer edge: a negative gap wraps around in uint8, a gap past 127 in int8.
    """
    info = np.iinfo(dtype)
    gaps = np.asarray(gaps, dtype=np.int64)
    b = generator.integers(np.maximum(info.min, info.min - gaps), np.minimum(info.max, info.max - gaps), endpoint=True)
    return (b + gaps).astype(dtype), b.astype(dtype)


def signed(generator: np.random.Generator, low: float, high: float, shape) -> np.ndarray:
    """Floats of magnitude in [low, high] and random signs: kept away from zero (a kink, a cancellation)."""
    return generator.uniform(low, high, shape) * generator.choice([-1.0, 1.0], shape)


# The ways two shapes differ in the shape-mismatch checks, as (first shape, second shape) from sizes n >= 3 and m >= 2,
# m != n: all but "short" and "transposed" would broadcast silently (n - 1 >= 2 keeps "short" from broadcasting).
MISMATCHES = {
    "column": lambda n, m: ((n, 1), (n,)),
    "row": lambda n, m: ((1, n), (n,)),
    "single": lambda n, m: ((1,), (n,)),
    "short": lambda n, m: ((n,), (n - 1,)),
    "transposed": lambda n, m: ((n, m), (m, n)),
}


def mismatched(generator: np.random.Generator, *kinds: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """A pair of arrays for each named kind of MISMATCHES, sizes drawn (n in 3..9, m another in 2..9), values in [0, 1]."""
    pairs = []
    for kind in kinds:
        n = int(generator.integers(3, 10))
        m = int(generator.choice([size for size in range(2, 10) if size != n]))
        first, second = MISMATCHES[kind](n, m)
        pairs.append((generator.uniform(0.0, 1.0, first), generator.uniform(0.0, 1.0, second)))
    return pairs
