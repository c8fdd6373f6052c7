"""Batch grading of a generated class: correct, partly correct, empty, broken and hostile submissions."""

from __future__ import annotations

import ast
import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.batch import BatchOptions, _job, find_submissions, run_batch
from grader.catalog import load_catalog
from grader.cli import cli
from grader.instructor.course import COURSE_COLUMNS
from grader.quiz.bank import load_bank
from grader.sandbox.pool import SandboxLimits

from conftest import EXERCISES, MISTAKES, SOLUTIONS

CATALOG = load_catalog()
FIRST = CATALOG[0]
OPTIONS = BatchOptions(jobs=2, limits=SandboxLimits(timeout=3))


def crashing_job(conn, limits, lang, settings=None):
    """A job process whose trusted side dies on submissions named crash-*: the batch must go on."""

    class Connection:
        def recv(self):
            task = conn.recv()
            if task is not None and task[0].startswith("crash"):
                os._exit(3)
            return task

        def send(self, message):
            conn.send(message)

    _job(Connection(), limits, lang, settings)


def first_mistake() -> tuple[Path, dict[str, str]]:
    """A realistic wrong module for the first exercise and the checks it fails."""
    path = sorted((MISTAKES / FIRST.id).glob("*.py"))[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "EXPECTED_FAILURES":
            return path, ast.literal_eval(node.value)
    raise AssertionError(f"{path} has no EXPECTED_FAILURES")


def make_class(root: Path) -> Path:
    """Write a class of submissions into root/submissions."""
    submissions = root / "submissions"
    for name in ("alice", "bob"):  # correct
        folder = submissions / name
        folder.mkdir(parents=True)
        for exercise in CATALOG:
            shutil.copyfile(SOLUTIONS / exercise.filename, folder / exercise.filename)
        shutil.copyfile(SOLUTIONS / "answers.yaml", folder / "answers.yaml")
    partly = submissions / "carol"  # one exercise with a known mistake, the rest stubs, no answers
    partly.mkdir()
    for exercise in CATALOG:
        shutil.copyfile(EXERCISES / exercise.filename, partly / exercise.filename)
    shutil.copyfile(first_mistake()[0], partly / FIRST.filename)
    nested = submissions / "dave"  # a whole repository, exercises/ inside; the first exercise solved
    (nested / "exercises").mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / FIRST.filename, nested / "exercises" / FIRST.filename)
    (submissions / "erin").mkdir()  # empty
    broken = submissions / "=frank"  # syntax errors and an unreadable answers file; a name a spreadsheet would run
    broken.mkdir()
    for exercise in CATALOG:
        (broken / exercise.filename).write_text("def oops(:\n", encoding="utf-8")
    (broken / "answers.yaml").write_text("what_is_loss: [unclosed\n", encoding="utf-8")
    hostile = submissions / "mallory"
    hostile.mkdir()
    attacks = [
        "while True:\n    pass\n",  # hangs at import
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n",  # tries to kill the sandbox server
        "x = bytearray(8 << 30)\n",  # more memory than allowed
        "open('/tmp/loss-compass-owned', 'w').write('owned')\nimport sys\nsys.exit(0)\n",
    ]
    for exercise, attack in zip(CATALOG, attacks * len(CATALOG)):
        (hostile / exercise.filename).write_text(attack, encoding="utf-8")
    (hostile / "grader").mkdir()
    (hostile / "grader" / "__init__.py").write_text("raise SystemExit('shadowed the grader')\n")
    (hostile / "conftest.py").write_text("raise SystemExit('conftest ran')\n")
    (hostile / "answers.yaml").write_text("x: !!python/object/apply:os.system ['touch /tmp/loss-compass-yaml']\n")
    (submissions / "zed").symlink_to(Path("/etc"))
    return submissions


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    submissions = make_class(root)
    out = root / "grades"
    seen: list[tuple[str, str]] = []
    rows = run_batch(find_submissions(submissions), out, OPTIONS, progress=lambda *item: seen.append(item))
    return submissions, out, rows, seen


def read_csv(out: Path) -> dict[str, dict[str, str]]:
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


def test_csv_has_one_row_per_submission_with_every_column(graded):
    submissions, out, rows, seen = graded
    table = read_csv(out)
    assert set(table) == {"alice", "bob", "carol", "dave", "erin", "'=frank", "mallory", "zed"}
    header = list(next(iter(table.values())))
    assert header[:5] == ["submission", "status", "reason", "total", "max_total"]
    scores = [exercise.id for exercise in CATALOG] + [quiz.id for quiz in load_bank()]
    assert header[5:5 + len(scores)] == scores  # then the columns of provenance and of the course (problems...)
    assert header[-len(COURSE_COLUMNS):] == COURSE_COLUMNS
    assert len(seen) == len(table)  # the progress callback saw every submission


def test_correct_submissions_get_full_marks(graded):
    table = read_csv(graded[1])
    for name in ("alice", "bob"):
        row = table[name]
        assert row["status"] == "graded" and float(row["total"]) == float(row["max_total"]) > 0
        for exercise in CATALOG:
            assert int(row[exercise.id]) == exercise.max_score


def test_partial_broken_and_hostile_submissions_are_graded_without_harm(graded):
    table = read_csv(graded[1])
    carol, dave = table["carol"], table["dave"]
    assert carol["status"] == "graded" and 0 < int(carol[FIRST.id]) < FIRST.max_score
    assert dave["status"] == "graded" and int(dave[FIRST.id]) == FIRST.max_score  # graded in exercises/
    frank = table["'=frank"]
    assert frank["status"] == "graded" and float(frank["total"]) == 0
    assert "answers.yaml" in frank["problems"] and "ex01_mse" in frank["problems"]  # what cost the points, said
    mallory = table["mallory"]
    assert mallory["status"] == "graded" and float(mallory["total"]) == 0
    assert not Path("/tmp/loss-compass-yaml").exists()
    reports = {path.stem: json.loads(path.read_text()) for path in (graded[1] / "reports").glob("*.json")}
    hung = reports["mallory"]["exercises"][0]
    assert hung["status"] == "error" and "timed out" in hung["reason"]


def test_empty_and_non_folders_are_ungradable_with_a_reason(graded):
    table = read_csv(graded[1])
    assert table["erin"]["status"] == "ungradable" and "empty" in table["erin"]["reason"]
    assert table["erin"]["total"] == "0" and "empty" in table["erin"]["problems"]  # 0, not blank
    assert table["zed"]["status"] == "ungradable" and "symbolic link" in table["zed"]["reason"]


def test_summary_names_what_the_class_fails(graded):
    out = graded[1]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["submissions"] == 8 and summary["ungradable"] == 2 and summary["graded"] == 6
    first = next(item for item in summary["exercises"] if item["id"] == FIRST.id)
    assert first["pass_rate"] == pytest.approx(3 / 6, abs=1e-3)  # alice, bob, dave
    expected = set(first_mistake()[1])
    assert expected & {entry["check"] for entry in first["most_failed"]}
    assert all(entry["failed_by"] >= 1 for entry in first["most_failed"])
    assert first["broken"] >= 1  # =frank's syntax error is counted apart from failing checks
    questions = summary["questions"]
    assert len(questions) == sum(len(quiz.questions) for quiz in load_bank())
    for question in questions:
        assert question["pass_rate"] == pytest.approx(2 / 6, abs=1e-3)  # only alice and bob answered
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    assert FIRST.id in markdown and "pass rate" in markdown and "erin" in markdown


def test_rerun_skips_unchanged_submissions_and_force_redoes_them(graded):
    submissions, out, _, _ = graded
    runs: list[tuple[str, str]] = []
    run_batch(find_submissions(submissions), out, OPTIONS, progress=lambda *item: runs.append(item))
    statuses = dict(runs)
    assert statuses["alice"] == statuses["mallory"] == "cached"
    (submissions / "bob" / FIRST.filename).write_text((EXERCISES / FIRST.filename).read_text())
    runs.clear()
    run_batch(find_submissions(submissions), out, OPTIONS, progress=lambda *item: runs.append(item))
    statuses = dict(runs)
    assert statuses["bob"] == "graded" and statuses["alice"] == "cached"
    assert int(read_csv(out)["bob"][FIRST.id]) == 0
    runs.clear()
    forced = BatchOptions(jobs=2, limits=OPTIONS.limits, force=True)
    run_batch(find_submissions(submissions), out, forced, progress=lambda *item: runs.append(item))
    assert dict(runs)["alice"] == "graded"


def test_a_crash_of_the_trusted_side_costs_one_row_only(tmp_path):
    submissions = tmp_path / "class"
    for name in ("crash-1", "good-1", "good-2", "crash-2", "good-3"):
        folder = submissions / name
        folder.mkdir(parents=True)
        shutil.copyfile(SOLUTIONS / FIRST.filename, folder / FIRST.filename)
    rows = run_batch(find_submissions(submissions), tmp_path / "out", OPTIONS, job=crashing_job)
    by_name = {row["name"]: row for row in rows}
    for name in ("crash-1", "crash-2"):
        assert by_name[name]["status"] == "ungradable" and "died" in by_name[name]["reason"]
    for name in ("good-1", "good-2", "good-3"):
        assert by_name[name]["status"] == "graded" and by_name[name]["exercises"][FIRST.id] == FIRST.max_score


def test_grade_all_command(tmp_path):
    submissions = tmp_path / "subs"
    (submissions / "alice").mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / FIRST.filename, submissions / "alice" / FIRST.filename)
    result = CliRunner().invoke(cli, ["grade-all", str(submissions), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "grades" / "grades.csv").is_file()  # default: a grades/ folder beside the submissions
    assert "1 graded" in result.output
    result = CliRunner().invoke(cli, ["grade-all", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "no such folder" in result.output
