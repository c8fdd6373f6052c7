"""Gradescope's results.json: one test per check (or per exercise) and per quiz, with visibility."""

from __future__ import annotations

import fnmatch
import html
import json
from typing import Iterable, Literal

from grader.catalog import Visibility, load_catalog
from grader.quiz.bank import load_bank
from grader.render import safe_text
from grader.render.citation import citation
from grader.report import ExerciseResult, Report

TestsPer = Literal["check", "exercise"]


def render_gradescope(report: Report, tests: TestsPer = "check", hide: Iterable[str] = (),
                      hidden_visibility: Visibility = "after_published", output_format: str = "text") -> str:
    """The results.json document; `hide` holds patterns of checks (`ex01_mse.*`, `*.random_arrays`) and quizzes to hide."""
    patterns = list(hide)
    items = []
    seen: dict[str, dict[str, str]] = {}
    for exercise in report.exercises:
        visibilities = seen[exercise.id] = _visibilities(exercise, patterns, hidden_visibility)
        if tests == "exercise":
            items.append(_exercise_test(exercise, visibilities, output_format))
        else:
            items.extend(_check_tests(exercise, visibilities, output_format))
    quiz_visibility = {quiz.id: quiz.visibility for quiz in load_bank()}
    for quiz in report.quizzes:
        # feedback() holds an explanation only where the instructor kept them (--show-explanations)
        wrong = [f"{question.id}: {question.feedback()}" for question in quiz.questions if not question.passed]
        names = [quiz.id] + [f"{quiz.id}.{question.id}" for question in quiz.questions]
        hidden = any(fnmatch.fnmatchcase(name, pattern) for name in names for pattern in patterns)
        items.append(_test(f"quiz {quiz.id}: {quiz.title}", quiz.score, quiz.max_score,
                           "\n".join(([quiz.error] if quiz.error else []) + wrong) or "passed",
                           hidden_visibility if hidden else quiz_visibility.get(quiz.id, "visible"), output_format))
    document = {
        "score": round(report.score, 4),
        "execution_time": max(1, round(report.seconds)),
        "output": _summary(report, items, seen),
        "output_format": "md",
        "test_output_format": output_format,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": items,
    }
    if report.provenance is not None:  # Gradescope keeps extra_data with the submission: the grade can be cited
        document["extra_data"] = {"provenance": report.provenance.model_dump()}
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)


def unmatched_patterns(patterns: Iterable[str]) -> list[str]:
    """The --hide patterns that name no check (ex01_mse.worked_example), exercise, quiz or question (why_square.*)."""
    patterns = list(patterns)
    if not patterns:  # the usual case: no need to load the catalog and the quiz bank before grading starts
        return []
    names = [name for exercise in load_catalog()
             for name in [exercise.id] + [f"{exercise.id}.{spec.name}" for spec in exercise.checks]]
    names += [name for quiz in load_bank() for name in [quiz.id] + [f"{quiz.id}.{q.id}" for q in quiz.questions]]
    return [pattern for pattern in patterns if not any(fnmatch.fnmatchcase(name, pattern) for name in names)]


def _visibilities(exercise: ExerciseResult, patterns: list[str], hidden: Visibility) -> dict[str, str]:
    specs = {spec.name: spec.visibility for entry in load_catalog() if entry.id == exercise.id for spec in entry.checks}
    found = {}
    for check in exercise.checks:
        name = f"{exercise.id}.{check.name}"
        chosen = specs.get(check.name, "visible")
        if any(fnmatch.fnmatchcase(name, pattern) or pattern == exercise.id for pattern in patterns):
            chosen = hidden
        found[check.name] = chosen
    return found


def _check_tests(exercise: ExerciseResult, visibilities: dict[str, str], output_format: str) -> list[dict]:
    return [_test(f"{exercise.id}: {check.title or check.name}", check.points, check.max_points,
                  check.message or check.advice or "passed", visibilities[check.name], output_format)
            for check in exercise.checks]


def _exercise_test(exercise: ExerciseResult, visibilities: dict[str, str], output_format: str) -> dict:
    shown = [check for check in exercise.checks if visibilities[check.name] == "visible"]
    hidden = len(exercise.checks) - len(shown)
    lines = [f"{exercise.reason}"] if exercise.reason else []
    lines += [f"{'✓' if check.passed else '✗'} {check.title or check.name}"
              + ("" if check.passed else f": {check.message}") for check in shown]
    if hidden:
        lines.append(f"{hidden} hidden check(s): their results are shown when grades are published")
    # An exercise with hidden checks is only as visible as its most hidden check.
    order = ["visible", "after_published", "after_due_date", "hidden"]
    visibility = max(visibilities.values(), key=order.index, default="visible")
    return _test(f"{exercise.id}: {exercise.title}", exercise.score, exercise.max_score, "\n".join(lines),
                 visibility, output_format)


def _test(name: str, score: float, max_score: float, output: str, visibility: str, output_format: str) -> dict:
    text = safe_text(output)
    if output_format == "md":
        text = "```\n" + text.replace("```", "ʼʼʼ") + "\n```"
    return {"name": safe_text(name, 200), "score": round(float(score), 4), "max_score": round(float(max_score), 4),
            "status": "passed" if score >= max_score else "failed", "output": text,
            "output_format": output_format, "visibility": visibility}


def _summary(report: Report, items: list[dict], seen: dict[str, dict[str, str]]) -> str:
    """Markdown from our own numbers only, visible checks only; never 'all passed' while a hidden test failed."""
    shown = [item for item in items if item["visibility"] == "visible"]
    hidden = len(items) - len(shown)
    passed = sum(item["status"] == "passed" for item in shown)
    score = sum(item["score"] for item in shown)
    maximum = sum(item["max_score"] for item in shown)
    lines = [f"**Loss Compass: {score:g} / {maximum:g} points in the visible tests**", "",
             f"{passed} of {len(shown)} visible tests passed."]
    if hidden:
        lines.append(f"{hidden} more test(s) are hidden until grades are published: "
                     "they are not counted above, and the final score includes them.")
    lines += ["", "| exercise | visible checks passed |", "|---|---|"]
    for exercise in report.exercises:
        visible = [check for check in exercise.checks if seen[exercise.id][check.name] == "visible"]
        lines.append(f"| {html.escape(exercise.id)} | {sum(c.passed for c in visible)} / {len(visible)} |")
    for warning in report.limits.warnings if report.limits else []:
        lines.append(f"\n> {html.escape(safe_text(warning, 300))}")
    if report.provenance is not None:
        lines += ["", f"<sub>{html.escape(citation(report.provenance))}</sub>"]
    return "\n".join(lines)
