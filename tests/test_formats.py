"""Every report format against its schema: Gradescope's results.json, JUnit XML, Markdown; and --fail-under."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli
from grader.render import formats, safe_text
from grader.render.gradescope import render_gradescope
from grader.render.junit import render_junit
from grader.render.markdown import render_markdown
from grader.report import CheckResult, ExerciseResult, Report
from grader.runner import GradeOptions, grade_submission
from grader.sandbox.pool import SandboxLimits

from conftest import SOLUTIONS

CATALOG = load_catalog()
NASTY = "bad \x00\x1b[31m </failure>]]> ``` | <script>alert(1)</script> \ud800 & \"quotes\""
VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}


def nasty_module(exercise) -> str:
    """A module whose every function prints junk and raises with hostile text in its message."""
    body = "".join(f"def {name}(*args, **kwargs):\n    print('}}{{\\x00 not json', flush=True)\n"
                   f"    raise ValueError({NASTY!r})\n\n" for name in exercise.functions)
    return "import sys\nsys.stdout.write('{\"score\": 1e9}')\n\n" + body


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A partly correct submission: the first exercise solved, the second hostile, the rest missing."""
    folder = tmp_path_factory.mktemp("partial")
    first = CATALOG[0]
    shutil.copyfile(SOLUTIONS / first.filename, folder / first.filename)
    if len(CATALOG) > 1:
        (folder / CATALOG[1].filename).write_text(nasty_module(CATALOG[1]), encoding="utf-8")
    shutil.copyfile(SOLUTIONS / "answers.yaml", folder / "answers.yaml")
    return grade_submission(folder, GradeOptions(limits=SandboxLimits(timeout=20)))


def handmade(message: str) -> Report:
    check = CheckResult(name="worked_example", passed=False, points=0, max_points=2, message=message, title=message)
    exercise = ExerciseResult(id=CATALOG[0].id, title=message, score=0, max_score=2, status="failed",
                              reason=message, checks=[check])
    return Report(submission=message, score=0, max_score=2, exercises=[exercise], quizzes=[])


def assert_gradescope_schema(document: dict) -> None:
    assert isinstance(document["score"], (int, float))
    assert isinstance(document["execution_time"], (int, float)) and document["execution_time"] >= 0
    assert isinstance(document["output"], str)
    assert document.get("output_format", "text") in {"text", "md", "html", "simple_format", "ansi"}
    assert document.get("visibility", "visible") in VISIBILITIES
    assert isinstance(document["tests"], list) and document["tests"]
    for test in document["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility", "output_format"} <= set(test)
        assert isinstance(test["name"], str) and test["name"]
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in {"passed", "failed"}
        assert test["status"] == ("passed" if test["score"] == test["max_score"] else "failed")
        assert test["visibility"] in VISIBILITIES
        assert test["output_format"] in {"text", "md"}


def test_formats_are_registered():
    assert {"json", "gradescope", "junit", "markdown"} <= set(formats())


def test_gradescope_one_test_per_check(report):
    document = json.loads(render_gradescope(report))
    assert_gradescope_schema(document)
    checks = sum(len(exercise.checks) for exercise in report.exercises)
    assert len(document["tests"]) == checks + len(report.quizzes)
    assert sum(test["score"] for test in document["tests"]) == pytest.approx(document["score"]) \
        == pytest.approx(report.score)
    assert all(test["visibility"] == "visible" for test in document["tests"])
    assert any(test["status"] == "passed" for test in document["tests"])
    assert any(test["status"] == "failed" for test in document["tests"])


def test_gradescope_one_test_per_exercise(report):
    document = json.loads(render_gradescope(report, tests="exercise", output_format="md"))
    assert_gradescope_schema(document)
    assert len(document["tests"]) == len(report.exercises) + len(report.quizzes)
    for test, exercise in zip(document["tests"], report.exercises):
        assert test["name"].startswith(exercise.id)
        assert test["score"] == exercise.score and test["max_score"] == exercise.max_score


def test_gradescope_hidden_checks_are_hidden_and_never_reported_as_passed(report):
    first = CATALOG[0]
    document = json.loads(render_gradescope(report, hide=[f"{first.id}.*"], hidden_visibility="after_published"))
    assert_gradescope_schema(document)
    hidden = [test for test in document["tests"] if test["visibility"] == "after_published"]
    assert len(hidden) == len(first.checks)
    assert "hidden" in document["output"] and "not counted" in document["output"]
    # The exercise-level test is as hidden as its most hidden check.
    by_exercise = json.loads(render_gradescope(report, tests="exercise", hide=[first.id]))
    assert by_exercise["tests"][0]["visibility"] == "after_published"
    assert "hidden" in by_exercise["tests"][0]["output"]


def test_gradescope_visibility_from_the_catalog(report, monkeypatch):
    first = CATALOG[0]
    secret = first.checks[-1].model_copy(update={"visibility": "hidden"})
    changed = first.model_copy(update={"checks": [*first.checks[:-1], secret]})
    monkeypatch.setattr("grader.render.gradescope.load_catalog", lambda: (changed, *CATALOG[1:]))
    document = json.loads(render_gradescope(report))
    assert [test["visibility"] for test in document["tests"]].count("hidden") == 1


def test_student_text_cannot_break_any_format(report):
    texts = [check.message for exercise in report.exercises for check in exercise.checks]
    if len(CATALOG) > 1:
        assert any("alert(1)" in text for text in texts), "the hostile message should reach the report"
    for subject in (report, handmade(NASTY), handmade("x" * 100_000)):
        for output_format in ("md", "text"):
            document = json.loads(render_gradescope(subject, output_format=output_format))
            assert_gradescope_schema(document)
            assert all(len(test["output"]) < 10_000 for test in document["tests"])
            json.dumps(document).encode("utf-8")  # no lone surrogate survives
        ET.fromstring(render_junit(subject).encode("utf-8"))
        markdown = render_markdown(subject)
        markdown.encode("utf-8")
        assert "<script>" not in markdown and "\x00" not in markdown


def test_safe_text_removes_controls_and_surrogates():
    cleaned = safe_text("a\x00b\x1bc\ud800d\r\ne\tf", limit=100)
    assert cleaned == "a\ufffdb\ufffdc\ufffdd\ne\tf"
    assert len(safe_text("y" * 50, limit=10)) == 10


def test_junit_is_valid_xml_with_one_testcase_per_check(report):
    root = ET.fromstring(render_junit(report).encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    checks = sum(len(exercise.checks) for exercise in report.exercises)
    questions = sum(len(quiz.questions) for quiz in report.quizzes)
    assert len(cases) == checks + questions == int(root.get("tests"))
    failing = [case for case in cases if case.find("failure") is not None or case.find("error") is not None]
    assert len(failing) == int(root.get("failures")) + int(root.get("errors"))
    wrong = sum(not check.passed for exercise in report.exercises for check in exercise.checks)
    assert len([case for case in failing if not case.get("classname").startswith("quiz.")]) == wrong
    for case in failing:
        problem = case.find("failure") if case.find("failure") is not None else case.find("error")
        assert problem.get("message") and problem.text
    for suite in root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))


def test_markdown_summary_is_a_well_formed_table(report):
    markdown = render_markdown(report)
    assert f"{report.score:g} / {report.max_score:g}" in markdown
    for exercise in report.exercises:
        assert exercise.id in markdown
    table = [line for line in markdown.splitlines() if line.startswith("| ") and "exercise" not in line]
    widths = {line.replace("\\|", "").count("|") for line in table if not line.startswith("| check")}
    assert widths <= {4, 5, 3}  # each table keeps its columns whatever the messages hold


@pytest.mark.parametrize("format_name", ["gradescope", "junit", "markdown"])
def test_cli_writes_each_format(format_name, tmp_path):
    out = tmp_path / "report.out"
    result = CliRunner().invoke(cli, ["grade", str(SOLUTIONS), "--format", format_name, "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if format_name == "gradescope":
        document = json.loads(text)
        assert_gradescope_schema(document)
        assert document["score"] == sum(test["max_score"] for test in document["tests"])
    elif format_name == "junit":
        assert ET.fromstring(text.encode("utf-8")).get("failures") == "0"
    else:
        assert "Loss Compass" in text


@pytest.mark.parametrize("threshold, code", [("1", 0), ("100%", 0)])
def test_fail_under_sets_the_exit_code(threshold, code):
    result = CliRunner().invoke(cli, ["grade", str(SOLUTIONS), "--format", "json", "--fail-under", threshold])
    assert result.exit_code == code, result.output
    assert json.loads(result.stdout)["score"] > 0  # the report is written either way


@pytest.mark.parametrize("threshold", ["1000000", "100.5%"])
def test_fail_under_above_the_maximum_is_a_usage_error(threshold):
    """No submission could reach it: a typo to report before grading (exit 2), not a failing grade (exit 1)."""
    result = CliRunner().invoke(cli, ["grade", str(SOLUTIONS), "--format", "json", "--fail-under", threshold])
    assert result.exit_code == 2 and "above the maximum score" in result.output


def test_fail_under_rejects_a_malformed_threshold():
    result = CliRunner().invoke(cli, ["grade", str(SOLUTIONS), "--fail-under", "lots"])
    assert result.exit_code == 2 and "--fail-under" in result.output
