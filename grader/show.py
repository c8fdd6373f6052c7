"""Short, readable renderings of values and calls for feedback messages."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.sandbox.wire import BadValue, Fn, Gen

MAX_ITEMS = 8


def show(value: Any) -> str:
    """A value as a student would type it, abbreviated when large."""
    if isinstance(value, BadValue):
        return repr(value)
    if isinstance(value, np.ndarray):
        if value.size > MAX_ITEMS * 2 or value.ndim > 2:
            return f"array(shape={value.shape}, dtype={value.dtype})"
        text = np.array2string(value, precision=6, separator=", ", suppress_small=False, max_line_width=10**6)
        text = " ".join(text.split())
        suffix = "" if value.dtype == np.float64 else f", dtype={value.dtype}"
        return f"np.array({text}{suffix})"
    if isinstance(value, (float, np.floating)):
        return show_float(float(value))
    if isinstance(value, (list, tuple)):
        items = [show(item) for item in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            items.append(f"... ({len(value)} items)")
        body = ", ".join(items)
        return f"[{body}]" if isinstance(value, list) else f"({body}{',' if len(value) == 1 else ''})"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37]) + "..."
    if isinstance(value, Gen):
        return f"array(shape={value.shape}, {value.kind} random)"
    if isinstance(value, Fn):
        return f"<function {value.name}>"
    if callable(value):
        return f"<function {getattr(value, '__name__', 'f')}>"
    return repr(value)


def show_float(value: float, digits: int = 6) -> str:
    """`1.0` rather than `1`, so that a float never reads as an int."""
    text = f"{value:.{digits}g}"
    if text.lstrip("-").isdigit():
        text += ".0"
    return text


def show_call(function: str, args: tuple | list, kwargs: dict) -> str:
    parts = [show(arg) for arg in args] + [f"{key}={show(value)}" for key, value in kwargs.items()]
    return f"{function}({', '.join(parts)})"
