"""Lanes: a submission's exercises graded in parallel processes give the report one process gives."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from grader.grading.lanes import run_in_lanes
from grader.runner import GradeOptions, grade_submission
from grader.sandbox.pool import SandboxLimits
from grader.sandbox.spawn import LANES_ENV, lane_count

from conftest import SOLUTIONS


def test_items_come_back_in_order_from_several_processes():
    def grade(item, lane):
        time.sleep(0.05)  # long enough that every lane gets to the queue before it is empty
        return item * item, os.getpid(), lane

    results = run_in_lanes(list(range(12)), grade, lanes=3, budget=30)
    assert [square for square, _, _ in results] == [item * item for item in range(12)]
    assert len({pid for _, pid, _ in results}) == 3  # every lane took some of the queue
    assert {lane for _, _, lane in results} == {0, 1, 2}


def test_an_item_whose_lane_dies_is_graded_by_the_main_process():
    def grade(item, lane):
        if lane == 1:
            os._exit(9)  # the lane dies on the first item it takes (a bug, an OOM kill)
        time.sleep(0.1)
        return item, lane

    results = run_in_lanes(list(range(6)), grade, lanes=2, budget=30)
    assert results == [(item, 0) for item in range(6)]  # the item it took was not lost


def test_an_error_in_a_lane_is_said_once_and_its_items_graded_again(capfd):
    def grade(item, lane):
        if lane == 1:
            raise RuntimeError("a bug in a check")
        return item

    assert run_in_lanes(list(range(4)), grade, lanes=2, budget=30) == list(range(4))
    err = capfd.readouterr().err
    assert err.count("lane 1 failed (RuntimeError: a bug in a check)") <= 1


def test_a_failed_fork_leaves_fewer_lanes(monkeypatch):
    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    me = os.getpid()
    assert run_in_lanes(list(range(5)), lambda item, lane: (item, os.getpid()), lanes=3, budget=30) == \
        [(item, me) for item in range(5)]


def test_one_lane_or_one_item_runs_here():
    me = os.getpid()
    assert run_in_lanes([1, 2], lambda item, lane: os.getpid(), lanes=1, budget=30) == [me, me]
    assert run_in_lanes([1], lambda item, lane: os.getpid(), lanes=4, budget=30) == [me]


def test_lane_count_follows_the_environment(monkeypatch):
    monkeypatch.setenv(LANES_ENV, "1")
    assert lane_count() == 1
    monkeypatch.setenv(LANES_ENV, "99")
    assert lane_count() == 4
    monkeypatch.setenv(LANES_ENV, "many")
    assert 1 <= lane_count() <= 4


@pytest.mark.parametrize("broken", [False, True])
def test_two_lanes_grade_as_one(monkeypatch, tmp_path, broken):
    submission = tmp_path / "student"
    submission.mkdir()
    for path in SOLUTIONS.glob("ex0[1-5]_*.py"):
        text = path.read_text(encoding="utf-8")
        if broken and path.stem == "ex03_huber":  # a wrong Huber: its messages must be the same in both
            text = text.replace("delta * (error - 0.5 * delta)", "delta * error")
            assert "delta * error" in text
        (submission / path.name).write_text(text, encoding="utf-8")
    options = GradeOptions(limits=SandboxLimits(timeout=20), quizzes=False,
                           exercises=["ex01_mse", "ex02_mae", "ex03_huber", "ex04_binary_cross_entropy",
                                      "ex05_cross_entropy", "ex06_gradients"])
    scratch = tmp_path / "tmp"  # the sandboxes' folders go here, away from other processes' ones
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    reports = {}
    for lanes in ("1", "2"):
        monkeypatch.setenv(LANES_ENV, lanes)
        reports[lanes] = grade_submission(submission, options)
    assert list(scratch.iterdir()) == []  # every lane's sandbox folder removed

    def digest(report):
        return [(result.id, result.status, result.score, [(check.name, check.passed, check.message)
                                                          for check in result.checks])
                for result in report.exercises]

    assert digest(reports["1"]) == digest(reports["2"])
    by_id = {result.id: result for result in reports["2"].exercises}
    assert by_id["ex06_gradients"].status == "missing"
    assert (by_id["ex03_huber"].status == "failed") == broken
