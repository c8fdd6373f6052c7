"""JUnit XML for CI systems: one testsuite per exercise and per quiz, one testcase per check or question."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.render import safe_text
from grader.report import Report


def render_junit(report: Report) -> str:
    root = ET.Element("testsuites", name="loss-compass", time=f"{report.seconds:.3f}")
    if report.provenance is not None:  # the grader behind the grade, as JUnit's own key/value properties
        root.set("timestamp", report.provenance.graded_at)
        properties = ET.SubElement(root, "properties")
        for key, value in _provenance_properties(report):
            ET.SubElement(properties, "property", name=key, value=value)
    total = failures = errors = 0
    for exercise in report.exercises:
        suite = ET.SubElement(root, "testsuite", name=exercise.id, time=f"{exercise.seconds:.3f}")
        broken = exercise.status in ("error", "missing")
        for check in exercise.checks:
            case = ET.SubElement(suite, "testcase", classname=exercise.id, name=check.name, time="0")
            if not check.passed:
                tag = "error" if broken else "failure"
                message = safe_text(check.message or exercise.reason or "failed")
                element = ET.SubElement(case, tag, message=safe_text(message, 500), type=exercise.status)
                element.text = message
            elif check.advice:
                ET.SubElement(case, "system-out").text = safe_text(check.advice)
        _count(suite, len(exercise.checks), *_failed(exercise.checks, broken))
        total += len(exercise.checks)
        failures += 0 if broken else sum(not check.passed for check in exercise.checks)
        errors += sum(not check.passed for check in exercise.checks) if broken else 0
    for quiz in report.quizzes:
        suite = ET.SubElement(root, "testsuite", name=f"quiz.{quiz.id}", time="0")
        for question in quiz.questions:
            case = ET.SubElement(suite, "testcase", classname=f"quiz.{quiz.id}", name=question.id, time="0")
            if not question.passed:
                message = safe_text(question.feedback() or "wrong answer")
                element = ET.SubElement(case, "failure", message=safe_text(message, 500), type="quiz")
                element.text = f"{question.score:g} / {question.max_score:g} points. {message}"
        wrong = sum(not question.passed for question in quiz.questions)
        _count(suite, len(quiz.questions), wrong, 0)
        total += len(quiz.questions)
        failures += wrong
    _count(root, total, failures, errors)
    root.set("score", f"{report.score:g}")
    root.set("max_score", f"{report.max_score:g}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _provenance_properties(report: Report) -> list[tuple[str, str]]:
    assert report.provenance is not None
    fields = report.provenance.model_dump(exclude={"components"})
    return ([(key, str(value)) for key, value in fields.items()]
            + [(f"components.{key}", value) for key, value in report.provenance.components.items()])


def _failed(checks: list, broken: bool) -> tuple[int, int]:
    failed = sum(not check.passed for check in checks)
    return (0, failed) if broken else (failed, 0)


def _count(element: ET.Element, tests: int, failures: int, errors: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", "0")
