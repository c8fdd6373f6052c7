"""Progress through the course: `list`, `check` without an exercise, `reset`, `solution`, the cached grades."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from grader import progress
from grader.catalog import find_exercise, load_catalog
from grader.cli import cli
from grader.progress import file_key
from grader.state import State

from conftest import SOLUTIONS

CATALOG = load_catalog()
MSE = find_exercise("ex01")


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "250"})


def invoke(runner, *args, code=0):
    result = runner.invoke(cli, [*args, "--lang", "en"])
    assert result.exit_code == code, result.output
    return result.output


def row(output, name):
    return next(line for line in output.splitlines() if f" {name} " in line)


def test_list_shows_exercises_and_quizzes_not_started_failing_passing(runner, course):
    output = invoke(runner, "list", "--path", str(course))
    for exercise in CATALOG:
        assert "not started" in row(output, exercise.id)
    assert "quiz:what_is_loss" in output and "not started" in row(output, "quiz:what_is_loss")
    assert f"0/{len(CATALOG)} exercises pass" in output and "Next: grader check ex01" in output

    shutil.copyfile(SOLUTIONS / MSE.filename, course / MSE.filename)
    (course / "ex02_mae.py").write_text("import numpy as np\n\ndef mae(y_pred, y_true):\n"
                                        "    return float(np.mean(np.asarray(y_pred, float) - np.asarray(y_true, float)))\n")
    (course / "answers.yaml").write_text("what_is_loss:\n  what_loss_measures: b\n")
    output = invoke(runner, "list", "--path", str(course))
    assert "passing" in row(output, "ex01_mse") and f"{MSE.max_score}/{MSE.max_score}" in row(output, "ex01_mse")
    assert "failing" in row(output, "ex02_mae")
    assert "not started" in row(output, "ex03_huber")
    assert "failing" in row(output, "quiz:what_is_loss")
    assert f"1/{len(CATALOG)} exercises pass" in output and "Next: grader check ex02" in output


def test_check_without_an_exercise_goes_to_the_next_unfinished(runner, course):
    assert "ex01_mse · " in invoke(runner, "check", "--path", str(course), code=1)
    shutil.copyfile(SOLUTIONS / MSE.filename, course / MSE.filename)
    output = invoke(runner, "check", "--path", str(course), code=1)
    assert "ex02_mae · " in output and "ex01_mse · " not in output
    assert "replace the NotImplementedError" in output
    shutil.copyfile(SOLUTIONS / "ex02_mae.py", course / "ex02_mae.py")
    assert "✓ ex02_mae passes. Next: grader check ex03" in invoke(runner, "check", "2", "--path", str(course))
    assert "ex03_huber · " in invoke(runner, "check", "--path", str(course), code=1)


def test_check_without_an_exercise_says_when_everything_passes(runner, tmp_path):
    for exercise in CATALOG:
        shutil.copyfile(SOLUTIONS / exercise.filename, tmp_path / exercise.filename)
    assert "All exercises pass" in invoke(runner, "check", "--path", str(tmp_path))


def test_unchanged_files_are_not_graded_again(runner, course, monkeypatch):
    shutil.copyfile(SOLUTIONS / MSE.filename, course / MSE.filename)
    invoke(runner, "list", "--path", str(course))
    state = State.load(course)
    assert state.results[MSE.id]["status"] == "passed"
    assert state.results[MSE.id]["hash"] == file_key(course, MSE)

    graded = []
    real = progress.grade_submission
    monkeypatch.setattr(progress, "grade_submission", lambda folder, options: graded.append(options.exercises)
                        or real(folder, options))
    invoke(runner, "list", "--path", str(course))
    assert graded == []  # the passing file is cached, the stubs are recognised without grading

    (course / MSE.filename).write_text((course / MSE.filename).read_text() + "\n# edited\n")
    output = invoke(runner, "list", "--path", str(course))
    assert graded == [[MSE.id]] and "passing" in row(output, MSE.id)


def test_a_sibling_module_change_invalidates_the_cache(course):
    (course / "ex07_training_loop.py").write_text("from ex01_mse import mse\n")
    before = file_key(course, find_exercise("ex07")), file_key(course, find_exercise("ex02"))
    (course / MSE.filename).write_text("def mse(a, b):\n    return 0.0\n")
    after = file_key(course, find_exercise("ex07")), file_key(course, find_exercise("ex02"))
    assert after[0] != before[0]  # ex07 imports ex01: its cached grade is stale
    assert after[1] == before[1]  # ex02 does not


def test_untouched_stub_is_recognised_with_or_without_its_exact_text(course):
    assert progress.untouched(course, MSE)
    (course / MSE.filename).write_text('"""Mine."""\n\ndef mse(y_pred, y_true):\n    """Later."""\n'
                                       '    raise NotImplementedError\n')
    assert progress.untouched(course, MSE)
    (course / MSE.filename).write_text("def mse(y_pred, y_true):\n    return 0.0\n")
    assert not progress.untouched(course, MSE)


def test_reset_asks_keeps_a_backup_and_restores_the_stub(runner, course):
    stub = (course / MSE.filename).read_text()
    mine = "import numpy as np\n\ndef mse(y_pred, y_true):\n    return 42.0\n"
    (course / MSE.filename).write_text(mine)

    declined = runner.invoke(cli, ["reset", "1", "--path", str(course), "--lang", "en"], input="n\n")
    assert declined.exit_code == 0 and "Nothing changed" in declined.output  # declining is no error
    assert (course / MSE.filename).read_text() == mine

    result = runner.invoke(cli, ["reset", "1", "--path", str(course), "--lang", "en"], input="y\n")
    assert result.exit_code == 0, result.output
    assert (course / MSE.filename).read_text() == stub
    backups = list((course / ".grader" / "backups").glob("ex01_mse-*.py"))
    assert len(backups) == 1 and backups[0].read_text() == mine
    assert str(backups[0]) in result.output.replace("\n", "")

    (course / MSE.filename).write_text(mine + "# again\n")
    invoke(runner, "reset", "ex01", "--path", str(course), "--yes")
    assert len(list((course / ".grader" / "backups").glob("ex01_mse-*.py"))) == 2
    assert "nothing to reset" in invoke(runner, "reset", "ex01", "--path", str(course), "--yes")


def test_solution_only_after_passing(runner, course):
    refused = runner.invoke(cli, ["solution", "1", "--path", str(course), "--lang", "en"])
    assert refused.exit_code != 0 and "once your version passes" in refused.output
    assert "np.mean" not in refused.output
    shutil.copyfile(SOLUTIONS / MSE.filename, course / MSE.filename)
    shown = invoke(runner, "solution", "1", "--path", str(course))
    assert "Reference solution of ex01_mse" in shown and "def mse(y_pred, y_true):" in shown


def test_solution_without_solutions_folder_says_so(runner, course, monkeypatch):
    monkeypatch.setattr("grader.commands.solution.solutions_dir", lambda: None)
    result = runner.invoke(cli, ["solution", "1", "--path", str(course), "--lang", "en"])
    assert result.exit_code != 0 and "no reference solutions" in result.output


def test_failing_check_shows_the_notes_line_and_where_to_read(runner, course):
    (course / MSE.filename).write_text("import numpy as np\n\ndef mse(y_pred, y_true):\n"
                                       "    d = np.asarray(y_pred, float) - np.asarray(y_true, float)\n"
                                       "    if d.size == 0 or np.shape(y_pred) != np.shape(y_true):\n"
                                       "        raise ValueError('bad')\n"
                                       "    return float(np.sum(d ** 2))\n")
    output = invoke(runner, "check", "1", "--path", str(course), code=1)
    assert "returned" in output and "expected" in output and "sum of squared errors" in output
    assert MSE.notes.quote.en in output and f"{MSE.notes.page}#{MSE.notes.anchor}" in output
    graded = invoke(runner, "grade", str(course))
    assert f"{MSE.notes.page}#{MSE.notes.anchor}" in graded
    state = json.loads((course / ".grader" / "state.json").read_text())
    assert state["results"][MSE.id]["status"] == "failed"
