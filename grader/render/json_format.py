"""The JSON report: one document, the contract's fields at the top level."""

from __future__ import annotations

from grader.report import Report


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2)
