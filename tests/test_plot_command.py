"""`grader plot` and `check --plot`: a PNG of the student's losses (computed in the sandbox) beside the reference's."""

from __future__ import annotations

import shutil
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from grader.catalog import find_exercise
from grader.cli import cli
from grader.student_tools import opening
from grader.student_tools.figures import exercise_panels

from conftest import EXERCISES, SOLUTIONS

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "250", "DISPLAY": "", "WAYLAND_DISPLAY": ""})


@pytest.fixture
def solved(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    for name in ("ex03_huber", "ex05_cross_entropy", "ex07_training_loop", "ex08_overfitting", "ex09_language_model"):
        shutil.copyfile(SOLUTIONS / f"{name}.py", folder / f"{name}.py")
    return folder


def series(panel, label):
    return next(line for line in panel.series if line.label == label)


def test_plot_writes_a_png_beside_the_state_and_prints_its_path_without_a_display(runner, solved):
    pytest.importorskip("matplotlib")
    result = runner.invoke(cli, ["plot", "ex07", "--path", str(solved), "--lang", "en"])
    assert result.exit_code == 0, result.output
    figure = solved / ".grader" / "plots" / "ex07_training_loop.png"
    assert f"Figure written to {figure}" in " ".join(result.output.split())
    assert figure.read_bytes()[:8] == PNG and figure.stat().st_size > 10_000
    assert (solved / ".grader" / ".gitignore").is_file()  # the figure stays out of the student's commits
    assert "ex07_training_loop" not in sys.modules  # the student's module ran in the sandbox only


def test_plot_opens_the_figure_when_a_display_exists(runner, solved, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    opened = []
    monkeypatch.setattr(opening.click, "launch", lambda target: opened.append(target) or 0)
    target = tmp_path / "bigram.png"
    result = runner.invoke(cli, ["plot", "9", "--path", str(solved), "-o", str(target), "--lang", "zh"],
                           env={"DISPLAY": ":0"})
    assert result.exit_code == 0, result.output
    assert opened == [str(target)] and "已打开" in result.output and target.read_bytes()[:8] == PNG
    opened.clear()
    result = runner.invoke(cli, ["plot", "9", "--path", str(solved), "-o", str(target), "--no-open"],
                           env={"DISPLAY": ":0"})
    assert opened == [] and result.exit_code == 0


def test_plot_without_matplotlib_is_one_line_saying_how_to_install_it(runner, solved, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now raises ImportError
    result = runner.invoke(cli, ["plot", "ex07", "--path", str(solved), "--lang", "en"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert 'pip install -e ".[plot]"' in result.output and "Traceback" not in result.output
    assert not (solved / ".grader" / "plots").exists()


def test_an_exercise_without_a_curve_is_a_one_line_error(runner, solved):
    pytest.importorskip("matplotlib")
    result = runner.invoke(cli, ["plot", "1", "--path", str(solved), "--lang", "en"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "ex01_mse has no loss curve" in result.output and "ex03, ex05, ex07, ex08, ex09" in result.output


def test_huber_is_drawn_against_mse_and_mae_with_the_students_function(solved):
    panel, = exercise_panels(find_exercise("ex03"), solved)
    errors = np.array(series(panel, "MSE: e²").x)
    yours = np.array(series(panel, "your huber (δ = 1)").y)
    assert np.allclose(yours, np.where(np.abs(errors) <= 1, 0.5 * errors ** 2, np.abs(errors) - 0.5))
    assert np.allclose(series(panel, "reference Huber (δ = 1)").y, yours)
    assert np.allclose(series(panel, "MAE: |e|").y, np.abs(errors)) and panel.problem is None


def test_a_wrong_huber_shows_a_line_apart_from_the_reference(tmp_path):
    source = (SOLUTIONS / "ex03_huber.py").read_text()
    wrong = source.replace("0.5 * delta", "0.0 * delta")
    assert wrong != source
    (tmp_path / "ex03_huber.py").write_text(wrong)
    panel, = exercise_panels(find_exercise("ex03"), tmp_path)
    yours, reference = np.array(series(panel, "your huber (δ = 1)").y), np.array(series(panel, "reference Huber (δ = 1)").y)
    assert np.allclose(yours[np.abs(panel.series[0].x) <= 1], reference[np.abs(panel.series[0].x) <= 1])
    assert np.max(yours - reference) == pytest.approx(0.5)  # the linear piece sits half a delta too high


def test_cross_entropy_is_minus_log_p_and_the_validation_curve_has_both_sets(solved):
    ce, = exercise_panels(find_exercise("ex05"), solved)
    line = series(ce, "your cross_entropy")
    assert np.allclose(line.y, -np.log(line.x))
    curve, = exercise_panels(find_exercise("ex08"), solved)
    train, val = series(curve, "your training MSE").y, series(curve, "your validation MSE").y
    assert all(later <= earlier + 1e-9 for earlier, later in zip(train, train[1:]))  # more degree, never worse
    assert min(val) < val[0] and val[-1] > min(val) * 10  # falls, then rises once the fit memorises noise
    assert np.allclose(series(curve, "reference: validation").y, val)


def test_a_stub_gives_a_figure_that_says_why_its_line_is_missing(runner, tmp_path):
    pytest.importorskip("matplotlib")
    shutil.copyfile(EXERCISES / "ex05_cross_entropy.py", tmp_path / "ex05_cross_entropy.py")
    target = tmp_path / "ce.png"
    result = runner.invoke(cli, ["plot", "5", "--path", str(tmp_path), "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "No line of yours" in result.output and "not implemented yet" in result.output
    assert target.read_bytes()[:8] == PNG


@pytest.mark.parametrize("number, name", [("3", "ex03_huber"), ("8", "ex08_overfitting")])
def test_check_plot_draws_every_exercise_with_a_curve(runner, solved, tmp_path, number, name):
    pytest.importorskip("matplotlib")
    target = tmp_path / f"{name}.png"
    result = runner.invoke(cli, ["check", number, "--path", str(solved), "--plot", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"figure written to {target}" in result.output and target.read_bytes()[:8] == PNG


def test_check_plot_on_an_exercise_without_a_curve_still_checks(runner, tmp_path):
    shutil.copyfile(SOLUTIONS / "ex01_mse.py", tmp_path / "ex01_mse.py")
    target = tmp_path / "none.png"
    result = runner.invoke(cli, ["check", "1", "--path", str(tmp_path), "--plot", str(target), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "未生成图：ex01_mse 没有可画的损失曲线" in result.output and not target.exists()


def test_a_linked_state_folder_is_not_written_through(runner, solved, tmp_path):
    pytest.importorskip("matplotlib")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (solved / ".grader").symlink_to(elsewhere, target_is_directory=True)
    result = runner.invoke(cli, ["plot", "3", "--path", str(solved), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert list(elsewhere.iterdir()) == [] and "Figure written to" in result.output
