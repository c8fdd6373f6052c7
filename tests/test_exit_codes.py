"""Exit codes, one meaning each: 0 graded, 1 below --fail-under (or a failing check), 2 usage error, 3 the grader failed."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from grader import exit_codes
from grader.cli import cli

from conftest import SOLUTIONS


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_the_codes_are_distinct_and_documented():
    codes = [exit_codes.GRADED, exit_codes.BELOW, exit_codes.USAGE, exit_codes.GRADER_FAILED]
    assert codes == [0, 1, 2, 3]
    help_text = " ".join(run("--help").output.split())
    assert "0 done" in help_text and "2 a usage error" in help_text and "3 the grader itself failed" in help_text
    readme = (SOLUTIONS.parent / "README.md").read_text(encoding="utf-8")
    assert all(f"| {code} |" in readme for code in codes) and "| 3 | the grader itself failed" in readme


@pytest.mark.parametrize("threshold", ["101%", "100000", "abc"])
def test_fail_under_above_the_maximum_or_malformed_is_a_usage_error_before_grading(course, threshold):
    result = run("grade", str(course), "--fail-under", threshold)
    assert result.exit_code == 2 and "--fail-under" in result.output
    assert "Total" not in result.output  # refused before grading anything


def test_fail_under_gates_0_and_1(tmp_path, course):
    solutions = tmp_path / "amy"
    shutil.copytree(SOLUTIONS, solutions)
    assert run("grade", str(solutions), "--fail-under", "100%", "--no-held-out").exit_code == 0
    below = run("grade", str(course), "--fail-under", "50%", "--format", "json", "--no-held-out")
    assert below.exit_code == 1 and "below --fail-under 50%" in below.output


@pytest.mark.parametrize("command", [
    ["grade", "{missing}"],
    ["grade-all", "{missing}"],
    ["check", "--path", "{missing}"],
    ["grade", "{missing}", "--timeout", "nan-seconds"],
    ["grade", "{missing}", "--memory", "lots"],
    ["export", "canvas", "{missing}", "-o", "{out}"],
    ["export", "gradescope", "{out}"],  # not a .zip
    ["quiz", "no_such_quiz", "--answers", "{missing}/answers.yaml"],
    ["export", "moodle", "{missing}"],  # no -o
])
def test_usage_errors_exit_2_with_one_line(tmp_path, command):
    arguments = [part.format(missing=tmp_path / "nowhere", out=tmp_path / "out.csv") for part in command]
    result = run(*arguments)
    assert result.exit_code == 2, (arguments, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_a_failure_of_the_grader_itself_exits_3_not_1(monkeypatch, tmp_path):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in the grader")

    monkeypatch.setattr("grader.commands.grade.grade_submission", broken)
    submission = tmp_path / "sub"
    shutil.copytree(SOLUTIONS, submission)
    result = CliRunner().invoke(cli, ["grade", str(submission), "--no-held-out"])
    assert result.exit_code == 3
    assert "internal error" in result.stderr and "RuntimeError: a bug in the grader" in result.stderr


def test_grade_all_exits_3_when_the_grader_failed_on_a_submission(monkeypatch, tmp_path):
    klass = tmp_path / "class"
    (klass / "amy").mkdir(parents=True)
    (klass / "amy" / "ex01_mse.py").write_text("", encoding="utf-8")

    def failing_batch(submissions, out, options, progress=lambda *_: None):
        out.mkdir(parents=True, exist_ok=True)
        return [{"name": "amy", "status": "ungradable", "reason": "the grader failed on it: KeyError: 'x'",
                 "grader_failed": True}]

    monkeypatch.setattr("grader.batch.run_batch", failing_batch)
    result = CliRunner().invoke(cli, ["grade-all", str(klass), "-o", str(tmp_path / "grades"), "--no-held-out"])
    assert result.exit_code == 3 and "the grader itself failed on 1 submission(s) (amy)" in result.stderr
