"""Lanes: a submission's exercises graded in parallel processes give the report one process gives."""

from __future__ import annotations

import os
import shutil
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


def test_every_lane_grades_with_the_one_server_started(monkeypatch, tmp_path):
    """Lanes attach to the sandbox's server: no lane starts a Python of its own (a forked lane once did,
    as Popen.poll() in a fork reads "no such child" as an exit)."""
    from grader.sandbox import spawn

    started = tmp_path / "servers-started"
    real_spawn = spawn.spawn_server

    def counting(scratch):
        with open(started, "a", encoding="utf-8") as log:  # appended from whichever process starts one
            log.write(f"{os.getpid()}\n")
        return real_spawn(scratch)

    monkeypatch.setattr(spawn, "spawn_server", counting)
    monkeypatch.setenv(LANES_ENV, "2")
    report = grade_submission(SOLUTIONS, GradeOptions(
        limits=SandboxLimits(timeout=20), quizzes=False,
        exercises=["ex01_mse", "ex02_mae", "ex03_huber", "ex04_binary_cross_entropy"]))
    assert report.score == report.max_score
    assert started.read_text(encoding="utf-8").split() == [str(os.getpid())]


def test_a_lanes_connection_serves_exercises_and_closing_it_leaves_the_server(tmp_path):
    from grader.sandbox.pool import Sandbox
    from grader.student import Student

    submission = tmp_path / "student"
    submission.mkdir()
    (submission / "ex01_mse.py").write_text("def mse(y_pred, y_true):\n    return 1.5\n", encoding="utf-8")
    with Sandbox(SandboxLimits(timeout=20)) as sandbox:
        src, _ = sandbox.stage(submission)
        lane = sandbox.attach(1)
        process = lane.open(src, "ex01_mse", ["mse"])
        assert Student(process, "ex01_mse").call("mse", [1.0], [2.0]).value == 1.5
        process.close()
        lane.close()
        process = sandbox.open(src, "ex01_mse", ["mse"])  # the server still answers its first connection
        assert Student(process, "ex01_mse").call("mse", [1.0], [2.0]).value == 1.5
        process.close()
        scratch = sandbox._scratch
        assert scratch.is_dir()  # the lane's close left the folder to its owner
    assert not scratch.exists()


def test_quizzes_graded_in_a_lane_keep_their_warnings(monkeypatch, tmp_path):
    submission = tmp_path / "student"
    shutil.copytree(SOLUTIONS, submission)
    answers = submission / "answers.yaml"
    answers.write_text(answers.read_text(encoding="utf-8") + "\nnot_a_quiz:\n  q1: 3\n", encoding="utf-8")
    monkeypatch.setenv(LANES_ENV, "2")
    report = grade_submission(submission, GradeOptions(limits=SandboxLimits(timeout=20)))
    assert any("not_a_quiz" in warning for warning in report.warnings), report.warnings
    assert report.quizzes and all(quiz.score == quiz.max_score for quiz in report.quizzes)
    assert len(report.exercises) == 9 and report.score == report.max_score


def test_a_lane_dying_in_the_middle_of_a_request_leaves_the_server_serving(monkeypatch):
    """A lane killed half-way through a frame on its connection: the server sees that connection end (the
    main process closed its copy at the fork) and the main process grades every exercise itself."""
    import grader.runner as runner

    grade_exercise = runner.grade_exercise
    main = os.getpid()

    def dying(exercise, sandbox, *args, **kwargs):
        if os.getpid() != main:
            sandbox._control.sendall(b"\x40\x00\x00\x00{\"op\"")  # a frame's header and the start of its body
            os._exit(9)
        return grade_exercise(exercise, sandbox, *args, **kwargs)

    monkeypatch.setattr(runner, "grade_exercise", dying)
    monkeypatch.setenv(LANES_ENV, "2")
    started = time.monotonic()
    report = grade_submission(SOLUTIONS, GradeOptions(limits=SandboxLimits(timeout=20), quizzes=False))
    assert report.score == report.max_score and len(report.exercises) == 9
    assert time.monotonic() - started < 60  # not a wait for the server's deadline
