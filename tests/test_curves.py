"""Loss curves: the student's next to the reference's as sparklines, and a real figure with --plot."""

from __future__ import annotations

import builtins
import shutil
import sys

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.curves import BLOCKS, sparkline

from conftest import SOLUTIONS


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "250"})


def curve_row(output, label):
    return next(line for line in output.splitlines() if line.strip().startswith(label))


def test_sparkline_scales_and_resamples():
    assert sparkline([3.0, 2.0, 1.0, 0.0], 0.0, 3.0) == BLOCKS[-1] + BLOCKS[5] + BLOCKS[2] + BLOCKS[0]
    assert len(sparkline(list(range(500)), 0, 499, width=40)) == 40
    assert sparkline([1.0, float("nan")], 0.0, 1.0).endswith("!")


def test_check_shows_both_curves_for_the_training_loop(runner, tmp_path):
    shutil.copyfile(SOLUTIONS / "ex07_training_loop.py", tmp_path / "ex07_training_loop.py")
    result = runner.invoke(cli, ["check", "7", "--path", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "loss curve of fit_linear_regression" in result.output
    yours, reference = curve_row(result.output, "yours"), curve_row(result.output, "reference")
    assert yours.split()[1] == reference.split()[1]  # the same curve, on the same scale
    assert "ex07_training_loop" not in sys.modules  # the student's module was never imported here


def test_a_wrong_training_loop_shows_a_different_curve(runner, tmp_path):
    source = (SOLUTIONS / "ex07_training_loop.py").read_text()
    wrong = source.replace("def fit_linear_regression(X, y, lr=0.1, epochs=500):",
                           "def fit_linear_regression(X, y, lr=0.1, epochs=500):\n    lr = lr / 10")
    assert wrong != source
    (tmp_path / "ex07_training_loop.py").write_text(wrong)
    result = runner.invoke(cli, ["check", "7", "--path", str(tmp_path), "--lang", "zh"])
    assert result.exit_code == 1, result.output  # the wrong loop fails its checks
    assert "fit_linear_regression 的损失曲线" in result.output
    assert curve_row(result.output, "你的").split()[1] != curve_row(result.output, "参考").split()[1]


def test_bigram_curve_and_a_real_figure(runner, tmp_path):
    pytest.importorskip("matplotlib")
    shutil.copyfile(SOLUTIONS / "ex09_language_model.py", tmp_path / "ex09_language_model.py")
    figure = tmp_path / "curves.png"
    result = runner.invoke(cli, ["check", "9", "--path", str(tmp_path), "--plot", str(figure), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "loss curve of train_bigram" in result.output
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and figure.stat().st_size > 5000


def test_plot_without_matplotlib_still_checks_and_says_how_to_install_it(runner, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    shutil.copyfile(SOLUTIONS / "ex09_language_model.py", tmp_path / "ex09_language_model.py")
    figure = tmp_path / "x.png"
    result = runner.invoke(cli, ["check", "9", "--path", str(tmp_path), "--plot", str(figure), "--lang", "en"])
    assert result.exit_code == 0, result.output  # the check ran and passed
    assert "✓ ex09_language_model passes" in result.output and "loss curve of train_bigram" in result.output
    assert "--plot needs matplotlib" in result.output and 'pip install -e ".[plot]"' in result.output
    assert not figure.exists()
    assert result.exception is None or isinstance(result.exception, SystemExit)
