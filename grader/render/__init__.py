"""Report formats: each module turns a Report into one output format."""

from __future__ import annotations

from typing import Callable

from grader.report import Report


def formats() -> dict[str, Callable[[Report], str]]:
    """The machine-readable formats by name (text is printed with rich, see render.text)."""
    from grader.render.json_format import render_json

    return {"json": render_json}
