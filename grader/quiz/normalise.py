"""Canonical forms of answers: the one place that decides when two answers are "the same"."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from grader.quiz.excerpt import excerpt

# Only sentence-ending marks: closing brackets and quotes stay, so "-log(p)" keeps its ")".
# Full-width forms (！？；：，．) are folded to ASCII by NFKC first, "…" becomes "...".
TRAILING_PUNCTUATION = ".,;:!?。，、；：！？"
_SPACES = re.compile(r"\s+")

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "对", "是", "正确", "真"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "错", "否", "错误", "假"})


def normalise_text(text: str) -> str:
    """The canonical form of a short-text answer.

    Unicode NFKC (full-width letters and digits become ASCII), case-folding, trimming, runs of
    whitespace collapsed to one space, and trailing sentence punctuation (ASCII or Chinese) removed.
    A release that stores only hashes of correct answers hashes exactly this string, so changing
    it invalidates those hashes.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    collapsed = _SPACES.sub(" ", folded).strip()
    return collapsed.rstrip(TRAILING_PUNCTUATION + " ")


def round_numeric(value: float, precision: int) -> str:
    """The canonical string of a number rounded to `precision` decimal places (half up, no "-0").

    This is what a hashed release compares: an answer counts when its rounded form equals the
    rounded correct answer. Decimal avoids binary surprises such as round(2.675, 2) == 2.67.
    """
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    quantum = Decimal(1).scaleb(-precision)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    return f"{rounded:f}"


def parse_number(raw: object) -> float:
    """A finite number from YAML (int or float) or typed text ("9.21", "１e-4", "9,21" is refused)."""
    if isinstance(raw, bool):
        # bool is an int in Python; `true` as a numeric answer is a mistake, not 1.
        raise ValueError(f"expected a number, got {raw!r}")
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:  # an int past 1e308
            value = math.inf
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().replace("−", "-")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a number, got {excerpt(raw)}") from None
    else:
        raise ValueError(f"expected a number, got {type(raw).__name__} {excerpt(raw)}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {excerpt(raw)}")
    return value


def parse_bool(raw: object) -> bool:
    """True or false from YAML (a bool) or typed text (true/false, t/f, yes/no, 对/错)."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = normalise_text(raw)
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueError(f"expected true or false, got {excerpt(raw)}")
