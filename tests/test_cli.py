"""The command line through click's CliRunner and as real subprocesses; the JSON report's contract."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli

from conftest import EXERCISES, PROJECT, SOLUTIONS

CATALOG = load_catalog()


@pytest.fixture
def runner():
    return CliRunner()


def grade_json(runner, *args):
    result = runner.invoke(cli, ["grade", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_solutions_score_full_marks_and_follow_the_contract(runner):
    report = grade_json(runner, str(SOLUTIONS))
    assert {"score", "max_score", "exercises", "quizzes"} <= set(report)
    assert report["score"] == report["max_score"] > 0
    assert [entry["id"] for entry in report["exercises"]] == [exercise.id for exercise in CATALOG]
    for entry, exercise in zip(report["exercises"], CATALOG):
        assert {"id", "score", "max_score", "checks"} <= set(entry)
        assert entry["score"] == entry["max_score"] == exercise.max_score
        assert [check["name"] for check in entry["checks"]] == [check.name for check in exercise.checks]
        for check in entry["checks"]:
            assert {"name", "passed", "points", "message"} <= set(check)
            assert check["passed"] is True and check["message"] == ""
    for quiz in report["quizzes"]:
        assert {"id", "score", "max_score"} <= set(quiz)
        assert quiz["score"] == quiz["max_score"]


def test_stubs_score_zero_and_say_not_implemented(runner):
    report = grade_json(runner, str(EXERCISES))
    assert sum(entry["score"] for entry in report["exercises"]) == 0
    for entry in report["exercises"]:
        assert entry["status"] == "not_implemented"
        assert all("not implemented" in check["message"] for check in entry["checks"])


def test_text_report_shows_points_and_failing_messages(runner, tmp_path):
    (tmp_path / "ex01_mse.py").write_text(
        "import numpy as np\ndef mse(a, b):\n    return float(np.sum((np.asarray(a, float) - np.asarray(b, float)) ** 2))\n")
    result = runner.invoke(cli, ["grade", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0
    assert "ex01_mse" in result.output and "sum of squared errors" in result.output
    assert "not found" in result.output  # the other exercises are missing, and say so


def test_check_shows_the_exercise_and_the_next_step(runner, tmp_path):
    shutil.copyfile(EXERCISES / "ex01_mse.py", tmp_path / "ex01_mse.py")
    result = runner.invoke(cli, ["check", "1", "--path", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1, result.output  # a failing check fails the command, as in test runners
    assert "ex01_mse" in result.output and "grader hint 01" in result.output
    shutil.copyfile(SOLUTIONS / "ex01_mse.py", tmp_path / "ex01_mse.py")
    result = runner.invoke(cli, ["check", "ex01", "--path", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "✓ ex01_mse passes" in result.output


def test_check_without_argument_goes_to_the_first_unfinished(runner, tmp_path):
    for exercise in CATALOG:
        shutil.copyfile(SOLUTIONS / exercise.filename, tmp_path / exercise.filename)
    last = CATALOG[-1]
    shutil.copyfile(EXERCISES / last.filename, tmp_path / last.filename)
    result = runner.invoke(cli, ["check", "--path", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1
    assert last.id in result.output and "not implemented" in result.output


def test_list_shows_every_exercise_with_points(runner, tmp_path):
    shutil.copytree(SOLUTIONS, tmp_path / "solutions", ignore=shutil.ignore_patterns("__pycache__"))
    result = runner.invoke(cli, ["list", "--path", str(tmp_path / "solutions"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    for exercise in CATALOG:
        assert exercise.id in result.output
    assert f"{len(CATALOG)}/{len(CATALOG)} exercises pass" in result.output


@pytest.mark.parametrize("args, fragment", [
    (["grade", "/no/such/folder"], "/no/such/folder: no such folder"),
    (["check", "ex99"], "no exercise named 'ex99'"),
    (["grade", str(SOLUTIONS), "--memory", "lots"], "'lots' is not a size"),
])
def test_user_mistakes_get_one_line_and_no_traceback(runner, args, fragment):
    result = runner.invoke(cli, args)
    assert result.exit_code != 0
    assert fragment in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_grade_as_a_real_subprocess_prints_only_json():
    completed = subprocess.run([sys.executable, "-m", "grader", "grade", str(SOLUTIONS), "--format", "json"],
                               capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["score"] == report["max_score"]
    assert report["limits"]["timeout_seconds"] == 10 and report["limits"]["isolation"]


def test_console_script_is_installed():
    executable = shutil.which("grader", path=str(PROJECT / ".venv" / "bin")) or shutil.which("grader")
    assert executable, "the `grader` console script is not on PATH"
    completed = subprocess.run([executable, "--help"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0 and "grade" in completed.stdout


@pytest.mark.parametrize("args, code", [(["grade", "solutions", "--format", "json"], 0),
                                        (["grade", "no-such-folder"], 2),
                                        (["check", "--help"], 0)])
def test_the_early_started_worker_is_used_or_cleaned_up(tmp_path, args, code):
    """`grader grade`/`check` start the sandbox before their imports; nothing may outlive the command."""
    environment = {**os.environ, "TMPDIR": str(tmp_path)}
    completed = subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True,
                               cwd=PROJECT, timeout=120, env=environment)
    assert completed.returncode == code, completed.stderr
    assert "Traceback" not in completed.stderr
    assert not list(tmp_path.glob("loss-compass-*")), "a scratch folder was left behind"
