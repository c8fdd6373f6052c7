"""The student's loop as a newcomer meets it: paths, exit codes, options, printed output, "Next:", the README."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from grader import paths
from grader.cli import cli

from conftest import PROJECT, SOLUTIONS

VENV_BIN = PROJECT / ".venv" / "bin"


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "250", "LOSS_COMPASS_LANG": "en"})


def solved(course: Path, *names: str) -> None:
    for name in names:
        shutil.copyfile(SOLUTIONS / name, course / name)


def test_outside_the_course_folder_says_where_to_run(runner, tmp_path, monkeypatch):
    """An installed grader (no exercises/ beside its package) run in a folder without exercises/."""
    monkeypatch.delenv("LOSS_COMPASS_ROOT", raising=False)
    monkeypatch.setattr(paths, "PACKAGE_DIR", tmp_path / "site-packages" / "grader")
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for args in (["check"], ["check", "3"], ["list"], ["reset", "1"], ["solution", "1"], ["quiz"], ["grade"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert "no exercises/ folder here: run grader inside the course folder, or" in result.output, args
        assert "site-packages" not in result.output and "Traceback" not in result.output
    chinese = runner.invoke(cli, ["check", "--lang", "zh"])
    assert chinese.exit_code == 2 and "这里没有 exercises/ 文件夹" in chinese.output


def test_a_folder_below_the_course_folder_finds_exercises(runner, course, monkeypatch):
    monkeypatch.delenv("LOSS_COMPASS_ROOT", raising=False)
    below = course.parent / "notes" / "deeper"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    assert paths.exercises_dir() == course
    monkeypatch.chdir(course)
    assert paths.exercises_dir() == course


@pytest.mark.parametrize("spelling", ["{folder}/ex03_huber.py", "./{name}/ex03_huber.py", "ex03_huber.py"])
def test_a_tab_completed_file_path_selects_the_exercise_and_its_folder(runner, course, monkeypatch, spelling):
    solved(course, "ex03_huber.py")
    monkeypatch.chdir(course.parent if "{" in spelling else course)
    argument = spelling.format(folder=course, name=course.name)
    result = runner.invoke(cli, ["check", argument])
    assert result.exit_code == 0, result.output
    assert "✓ ex03_huber passes" in result.output
    hint = runner.invoke(cli, ["hint", argument])
    assert hint.exit_code == 0 and "Hint 1/" in hint.output
    assert (course / ".grader" / "state.json").is_file()  # the file's folder is the submission


def test_a_path_that_is_not_an_exercise_file_is_one_line(runner, course):
    wrong = runner.invoke(cli, ["check", f"{course}/ex03.py"])
    assert wrong.exit_code == 2 and "ex03.py: not an exercise file (the file of ex03_huber is ex03_huber.py)" \
        in wrong.output
    unknown = runner.invoke(cli, ["check", f"{course}/notes.py"])
    assert unknown.exit_code == 2 and "notes.py: not an exercise file" in unknown.output
    both = runner.invoke(cli, ["check", f"{course}/ex03_huber.py", "--path", str(course.parent)])
    assert both.exit_code == 2 and "give the exercise's file or its folder, not both" in both.output
    for result in (wrong, unknown, both):
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_exit_codes_follow_test_runners(runner, course):
    failing = runner.invoke(cli, ["check", "1", "--path", str(course)])
    assert failing.exit_code == 1 and "not implemented" in failing.output
    solved(course, "ex01_mse.py")
    assert runner.invoke(cli, ["check", "1", "--path", str(course)]).exit_code == 0
    assert runner.invoke(cli, ["check", "--path", str(course)]).exit_code == 1  # the next unfinished fails
    usage = runner.invoke(cli, ["check", "ex99", "--path", str(course)])
    assert usage.exit_code == 2 and "no exercise named 'ex99'" in usage.output
    missing = runner.invoke(cli, ["check", "--path", str(course / "nope")])
    assert missing.exit_code == 2 and f"{course / 'nope'}: no such folder" in missing.output


def test_all_passing_exits_zero(runner, tmp_path):
    for path in SOLUTIONS.glob("ex*.py"):
        shutil.copyfile(path, tmp_path / path.name)
    result = runner.invoke(cli, ["check", "--path", str(tmp_path)])
    assert result.exit_code == 0 and "All exercises pass" in result.output


def test_declining_a_reset_changes_nothing_and_exits_zero(runner, course):
    mine = "def mse(y_pred, y_true):\n    return 42.0\n"
    (course / "ex01_mse.py").write_text(mine)
    for lang, words in (("en", "Nothing changed."), ("zh", "未做任何修改。")):
        result = runner.invoke(cli, ["reset", "1", "--path", str(course), "--lang", lang], input="n\n")
        assert result.exit_code == 0, result.output
        assert words in result.output
    assert (course / "ex01_mse.py").read_text() == mine
    assert not (course / ".grader" / "backups").exists()


@pytest.mark.parametrize("size", ["1KB", "lots"])
def test_a_bad_memory_size_names_the_option(runner, course, size):
    result = runner.invoke(cli, ["check", "1", "--path", str(course), "--memory", size])
    assert result.exit_code == 2
    assert "Invalid value for '--memory'" in result.output and repr(size) in result.output
    assert "Traceback" not in result.output


def test_help_gives_every_command_a_whole_summary(runner):
    result = runner.invoke(cli, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    listing = result.output.split("Commands:", 1)[1]
    lines = [line.strip() for line in listing.splitlines() if line.strip()]
    assert {line.split()[0] for line in lines} == set(cli.list_commands(click.Context(cli)))
    for line in lines:
        summary = line.split(None, 1)[1]
        assert not summary.endswith(("...", "e.g.", "e.g")), line
        assert summary.endswith((".", ")")), line
        assert summary.count("(") == summary.count(")") and summary.count("`") % 2 == 0, line


def test_the_students_print_output_is_shown_labelled_and_truncated(runner, course):
    (course / "ex01_mse.py").write_text(
        "import numpy as np\nprint('loading my mse')\n\ndef mse(y_pred, y_true):\n"
        "    print('DEBUG shapes', np.shape(y_pred), np.shape(y_true))\n"
        "    return float(np.mean((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2))\n")
    result = runner.invoke(cli, ["check", "1", "--path", str(course)])
    assert "Your code printed" in result.output and "--quiet hides it" in result.output
    lines = result.output.splitlines()
    printed = [line for line in lines if line.lstrip().startswith("│")]
    assert "loading my mse" in printed[0]
    assert any("DEBUG shapes (3,) (3,)" in line for line in printed)
    assert len(printed) <= 21 and "truncated" in printed[-1]  # many calls print: capped, and says so
    assert lines.index(printed[-1]) < next(i for i, line in enumerate(lines) if line.startswith("Next:"))
    quiet = runner.invoke(cli, ["check", "1", "--path", str(course), "--quiet"])
    assert "DEBUG shapes" not in quiet.output and "Your code printed" not in quiet.output
    assert quiet.exit_code == result.exit_code
    chinese = runner.invoke(cli, ["check", "1", "--path", str(course), "--lang", "zh"])
    assert "你的代码输出了" in chinese.output


def test_printed_output_reaches_check_but_no_report(runner, tmp_path):
    (tmp_path / "ex01_mse.py").write_text((SOLUTIONS / "ex01_mse.py").read_text() + "\nprint('SECRET-ish debug')\n")
    assert "SECRET-ish debug" in runner.invoke(cli, ["check", "1", "--path", str(tmp_path)]).output
    for args in (["grade", str(tmp_path)], ["grade", str(tmp_path), "--format", "json"],
                 ["grade", str(tmp_path), "--format", "gradescope"]):
        assert "SECRET-ish debug" not in runner.invoke(cli, args).output, args


def test_an_import_error_still_shows_what_was_printed(runner, tmp_path):
    (tmp_path / "ex01_mse.py").write_text("print('before the crash')\nraise RuntimeError('boom')\n")
    result = runner.invoke(cli, ["check", "1", "--path", str(tmp_path)])
    assert result.exit_code == 1
    assert "could not be imported" in result.output and "before the crash" in result.output


def test_next_after_editing_a_passing_file_points_at_the_right_exercise(runner, course):
    solved(course, "ex01_mse.py", "ex02_mae.py")
    assert "Next: grader check ex03" in runner.invoke(cli, ["check", "2", "--path", str(course)]).output
    # A harmless edit to a passing exercise makes its cached grade stale; it still passes.
    (course / "ex02_mae.py").write_text((course / "ex02_mae.py").read_text() + "\n# tidied up\n")
    result = runner.invoke(cli, ["check", "1", "--path", str(course)])
    assert result.exit_code == 0
    assert "✓ ex01_mse passes. Next: grader check ex03" in result.output
    # An edit that breaks it: "Next:" goes back to it.
    (course / "ex02_mae.py").write_text("def mae(y_pred, y_true):\n    return 0.0\n")
    assert "✓ ex01_mse passes. Next: grader check ex02" in runner.invoke(cli, ["check", "1", "--path",
                                                                              str(course)]).output


def test_python_dash_m_grader_works_from_any_folder(tmp_path):
    completed = subprocess.run([sys.executable, "-m", "grader", "--help"], capture_output=True, text=True,
                               cwd=tmp_path, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Usage: grader ") and "check" in completed.stdout
    version = subprocess.run([sys.executable, "-m", "grader", "--version"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("grader ") and "fingerprint" in version.stdout


def _readme_section(title: str) -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_readme_quick_start_is_one_line_that_leaves_grader_on_the_path():
    quick = _readme_section("Quick start")
    first_block = re.search(r"```bash\n(.*?)```", quick, re.DOTALL).group(1).strip().splitlines()
    assert len(first_block) == 1
    steps = [step.strip() for step in first_block[0].split("&&")]
    assert ". .venv/bin/activate" in steps and steps[-1] == "grader check"
    assert steps.index(". .venv/bin/activate") < steps.index("grader check")
    assert ". .venv/bin/activate" in quick.split("```", 2)[2]  # the text says how to get it back in a new terminal


def test_readme_student_commands_run_as_written_after_activation():
    """Every command of "The student's loop" is found after the quick start's activation (no 'command not found')."""
    if not (VENV_BIN / "activate").is_file() or not (VENV_BIN / "grader").is_file():
        pytest.skip("no project venv with the grader installed")
    loop = _readme_section("The student's loop")
    block = re.search(r"```bash\n(.*?)```", loop, re.DOTALL).group(1)
    commands = [line.split("#")[0].split() for line in block.splitlines() if line.strip()]
    assert all(words[0] == "grader" for words in commands)
    names = sorted({words[1] for words in commands})
    script = " && ".join(f"grader {name} --help >/dev/null" for name in names)
    environment = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV",)}
    environment["PATH"] = "/usr/bin:/bin"
    completed = subprocess.run(["bash", "-c", f". .venv/bin/activate && {script} && command -v grader"],
                               capture_output=True, text=True, cwd=PROJECT, env=environment, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(VENV_BIN / "grader")
    assert "Exit codes" in loop and "a usage error" in loop and "Answering \"n\" to `grader reset`" in loop
    assert "`--lang zh|en`, else `LOSS_COMPASS_LANG`" in loop  # the language rule, stated once
    assert (PROJECT / "README.md").read_text(encoding="utf-8").count("else `LOSS_COMPASS_LANG`") == 1

