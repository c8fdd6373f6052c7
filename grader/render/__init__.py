"""Report formats: each module turns a Report into one output format."""

from __future__ import annotations

import re
from typing import Any, Callable


# C0/C1 controls (tab and newline kept), lone surrogates and the XML non-characters.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def formats() -> dict[str, Callable[..., str]]:
    """The machine-readable formats by name (text is printed with rich, see render.text)."""
    from grader.render.gradescope import render_gradescope
    from grader.render.json_format import render_json
    from grader.render.junit import render_junit
    from grader.render.markdown import render_markdown

    return {"json": render_json, "gradescope": render_gradescope, "junit": render_junit,
            "markdown": render_markdown}


def safe_text(value: Any, limit: int = 4000) -> str:
    """Text fit for any output format: no control characters or lone surrogates, at most `limit` characters."""
    text = _UNSAFE.sub("\ufffd", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return text if len(text) <= limit else text[:limit - 1] + "…"
