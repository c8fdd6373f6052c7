"""The JSON report: one document, the contract's fields at the top level."""

from __future__ import annotations

import json
import re

from grader.report import Report

_SURROGATE = re.compile("[\ud800-\udfff]")


def render_json(report: Report) -> str:
    """The report as JSON text; a path with undecodable bytes (a lone surrogate in str) cannot sink it."""
    try:
        return report.model_dump_json(indent=2)
    except ValueError:  # pydantic refuses to encode lone surrogates
        return _SURROGATE.sub("\ufffd", json.dumps(report.model_dump(), ensure_ascii=False, indent=2))
