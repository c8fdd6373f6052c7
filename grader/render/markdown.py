"""A Markdown summary for a CI job page (for example a GitHub Actions step summary)."""

from __future__ import annotations

import html

from grader.render import safe_text
from grader.render.citation import citation
from grader.report import Report

_ICONS = {"passed": "✅", "failed": "❌", "not_implemented": "⬜", "error": "💥", "missing": "❔"}


def cell(value: object, limit: int = 300) -> str:
    """One table cell: HTML escaped, pipes and newlines neutralised, so student text cannot break the page."""
    return html.escape(safe_text(value, limit), quote=False).replace("|", "\\|").replace("\n", "<br>").replace("`", "&#96;")


def render_markdown(report: Report) -> str:
    percent = 100 * report.score / report.max_score if report.max_score else 0.0
    lines = [f"## Loss Compass: {report.score:g} / {report.max_score:g} points ({percent:.0f}%)", "",
             "| | exercise | points | status |", "|---|---|---|---|"]
    for exercise in report.exercises:
        lines.append(f"| {_ICONS.get(exercise.status, '')} | {cell(exercise.id)} | "
                     f"{exercise.score} / {exercise.max_score} | {cell(exercise.reason or exercise.status)} |")
    if report.quizzes:
        lines += ["", "| | quiz | points |", "|---|---|---|"]
        for quiz in report.quizzes:
            icon = "✅" if quiz.score >= quiz.max_score else ("⬜" if quiz.score == 0 else "🟨")
            lines.append(f"| {icon} | {cell(quiz.id)} | {quiz.score:g} / {quiz.max_score:g} |")
    # Exercises that never ran (missing, stubs, import errors) already say why in the table above.
    failing = [(exercise.id, check) for exercise in report.exercises if exercise.status == "failed"
               for check in exercise.checks if not check.passed]
    if failing:
        lines += ["", f"<details><summary>{len(failing)} failing check(s)</summary>", "",
                  "| check | why |", "|---|---|"]
        lines += [f"| {cell(f'{exercise_id}.{check.name}')} | {cell(check.message)} |" for exercise_id, check in failing]
        lines += ["", "</details>"]
    for warning in report.limits.warnings if report.limits else []:
        lines += ["", f"> ⚠️ {cell(warning)}"]
    if report.provenance is not None:
        lines += ["", f"<sub>{cell(citation(report.provenance), 500)}</sub>"]
    return "\n".join(lines)
