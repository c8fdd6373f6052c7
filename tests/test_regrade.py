"""Targeted regrades: --only EXERCISE for everyone, --student NAME for one, merged into the last run in place."""

from __future__ import annotations

import csv
import json
import shutil

from click.testing import CliRunner

from grader.cli import cli

from conftest import EXERCISES, SOLUTIONS

GRADED = ("ex01_mse.py", "ex02_mae.py", "answers.yaml")


def run(*args):
    return CliRunner().invoke(cli, ["grade-all", *args, "--no-held-out", "--jobs", "2"])


def read_rows(out):
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


def make_class(tmp_path):
    folder = tmp_path / "class"
    for name in ("alice", "bob"):
        (folder / name).mkdir(parents=True)
        for file in GRADED:
            shutil.copyfile(SOLUTIONS / file, folder / name / file)
    (folder / "erin").mkdir()  # ungradable: kept as it was
    return folder


def test_only_regrades_one_exercise_for_everyone_and_keeps_the_rest(tmp_path):
    folder, out = make_class(tmp_path), tmp_path / "out"
    assert run(str(folder), "-o", str(out)).exit_code == 0
    before = read_rows(out)
    for name in ("alice", "bob"):  # both break ex01 and ex02; only ex01 is regraded
        for file in ("ex01_mse.py", "ex02_mae.py"):
            shutil.copyfile(EXERCISES / file, folder / name / file)
    result = run(str(folder), "-o", str(out), "--only", "ex01")
    assert result.exit_code == 0, result.output
    after = read_rows(out)
    assert set(after) == set(before)
    for name in ("alice", "bob"):
        assert after[name]["ex01_mse"] == "0" and before[name]["ex01_mse"] == "12"
        assert after[name]["ex02_mae"] == before[name]["ex02_mae"] == "12"  # not regraded: kept
        assert after[name]["what_is_loss"] == before[name]["what_is_loss"] != ""  # quizzes kept
        assert float(after[name]["total"]) == float(before[name]["total"]) - 12
    assert after["erin"]["status"] == "ungradable"
    report = json.loads((out / "reports" / "alice.json").read_text(encoding="utf-8"))
    scores = {item["id"]: item["score"] for item in report["exercises"]}
    assert scores["ex01_mse"] == 0 and scores["ex02_mae"] == 12 and report["score"] == float(after["alice"]["total"])
    result = run(str(folder), "-o", str(out))  # a full run afterwards grades the regraded ones whole again
    assert read_rows(out)["alice"]["ex02_mae"] == "0"


def test_student_regrades_one_submission_and_keeps_every_other_row(tmp_path):
    folder, out = make_class(tmp_path), tmp_path / "out"
    assert run(str(folder), "-o", str(out)).exit_code == 0
    for name in ("alice", "bob"):
        shutil.copyfile(EXERCISES / "ex01_mse.py", folder / name / "ex01_mse.py")
    result = run(str(folder), "-o", str(out), "--student", "BOB")
    assert result.exit_code == 0, result.output
    table = read_rows(out)
    assert table["bob"]["ex01_mse"] == "0"
    assert table["alice"]["ex01_mse"] == "12"  # changed too, but not asked for: the last run's row is kept
    assert run(str(folder), "-o", str(out), "--student", "nobody").exit_code == 2


def test_a_targeted_regrade_needs_an_earlier_run(tmp_path):
    folder = make_class(tmp_path)
    result = run(str(folder), "-o", str(tmp_path / "out"), "--only", "ex01_mse")
    assert result.exit_code == 2 and "no earlier grade-all run" in result.output
    result = run(str(folder), "-o", str(tmp_path / "out"), "--only", "ex99")
    assert result.exit_code == 2 and "--only 'ex99': no such exercise" in result.output
