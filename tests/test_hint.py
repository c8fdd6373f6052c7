"""`grader hint`: one more hint each time, remembered per submission folder, stopping at the last one."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from grader.catalog import find_exercise
from grader.cli import cli

EXERCISE = find_exercise("ex01")


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "250"})


def hint(runner, folder, *args):
    result = runner.invoke(cli, ["hint", *args, "--path", str(folder)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hints_advance_one_at_a_time_and_stop_at_the_last(runner, tmp_path, lang):
    hints = [text(lang) for text in EXERCISE.hints]
    total = len(hints)
    for shown in range(1, total + 1):
        output = hint(runner, tmp_path, "1", "--lang", lang)
        for number, text in enumerate(hints, start=1):
            assert (text in output) == (number <= shown), (shown, number)
    assert ("1 more" if lang == "en" else "还有 1 条") not in output
    last = hint(runner, tmp_path, "ex01", "--lang", lang)
    assert all(text in last for text in hints)
    assert ("the last hint" if lang == "en" else "最后一条提示") in last
    assert ("no more" if lang == "en" else "没有更多") in last
    assert json.loads((tmp_path / ".grader" / "state.json").read_text())["hints"] == {EXERCISE.id: total}


def test_all_shows_every_hint_at_once_and_counts_as_shown(runner, tmp_path):
    output = hint(runner, tmp_path, "ex01_mse", "--all", "--lang", "en")
    assert all(text.en in output for text in EXERCISE.hints)
    assert "no more" not in hint(runner, tmp_path, "1", "--all", "--lang", "en")
    assert "no more" in hint(runner, tmp_path, "1", "--lang", "en")


def test_hints_are_counted_per_exercise_and_per_folder(runner, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    hint(runner, first, "1", "--lang", "en")
    hint(runner, first, "1", "--lang", "en")
    assert EXERCISE.hints[1].en in hint(runner, first, "1", "--lang", "en")
    assert EXERCISE.hints[1].en not in hint(runner, second, "1", "--lang", "en")
    other = find_exercise("ex02")
    output = hint(runner, first, "2", "--lang", "en")
    assert other.hints[0].en in output and other.hints[1].en not in output


def test_state_folder_ignores_itself_and_a_damaged_state_is_a_fresh_start(runner, tmp_path):
    hint(runner, tmp_path, "1", "--lang", "en")
    assert (tmp_path / ".grader" / ".gitignore").read_text().splitlines()[-1] == "*"
    (tmp_path / ".grader" / "state.json").write_text("{not json")
    output = hint(runner, tmp_path, "1", "--lang", "en")
    assert EXERCISE.hints[0].en in output and EXERCISE.hints[1].en not in output


def test_unknown_exercise_is_one_line(runner, tmp_path):
    result = runner.invoke(cli, ["hint", "ex99", "--path", str(tmp_path)])
    assert result.exit_code != 0 and "no exercise named 'ex99'" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
