"""The one line after `grader check` names what actually went wrong: a missing file, an import, a timeout, a crash."""

from __future__ import annotations

from click.testing import CliRunner

from grader.cli import cli


def _check(course, source: str, *options: str):
    (course / "ex01_mse.py").write_text(source)
    runner = CliRunner(env={"COLUMNS": "250", "LOSS_COMPASS_LANG": "en"})
    return runner.invoke(cli, ["check", "1", "--path", str(course), *options])


def test_a_function_that_never_returns_is_told_so_not_to_fix_an_import(course):
    result = _check(course, "def mse(y_pred, y_true):\n    while True:\n        pass\n", "--timeout", "1.5")
    assert result.exit_code == 1
    assert "timed out after 1.5 s" in result.output
    assert "did not return in time" in result.output
    assert "so that it imports" not in result.output


def test_a_file_that_does_not_import_is_told_to_fix_the_import(course):
    result = _check(course, "def mse(y_pred, y_true):\n    return (\n")
    assert result.exit_code == 1
    assert "so that it imports" in result.output and "did not return in time" not in result.output


def test_a_crash_of_the_worker_is_told_as_a_crash(course):
    result = _check(course, "import os\n\ndef mse(y_pred, y_true):\n    os._exit(3)\n")
    assert result.exit_code == 1
    assert "stopped the grader's worker" in result.output and "so that it imports" not in result.output


def test_a_missing_file_points_to_reset(course):
    (course / "ex01_mse.py").unlink()
    result = CliRunner(env={"COLUMNS": "250", "LOSS_COMPASS_LANG": "en"}).invoke(
        cli, ["check", "1", "--path", str(course)])
    assert "grader reset 01" in result.output, result.output
