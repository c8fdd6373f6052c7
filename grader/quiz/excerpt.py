"""A short, printable rendering of something a student wrote in answers.yaml, for error messages."""

from __future__ import annotations

import reprlib
from typing import Any

# reprlib stops at these sizes while it walks, so even a large structure costs little to show;
# repr() itself escapes control characters and lone surrogates.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxset = 2, 5, 5, 5
_REPR.maxstring, _REPR.maxlong, _REPR.maxother = 40, 40, 40


def excerpt(value: Any, limit: int = 60) -> str:
    """repr(value), abbreviated to at most `limit` characters."""
    try:
        text = _REPR.repr(value)
    except ValueError:  # an int past Python's 4300-digit conversion limit
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def name_of(key: Any) -> str:
    """A key as written when it is a short printable str (`small.one`), else its excerpt."""
    if type(key) is str and key.isprintable() and 0 < len(key) <= 40:
        return key
    return excerpt(key)
