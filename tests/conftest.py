"""Shared fixtures: one sandbox for the session, grading a single file, a CliRunner in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.catalog import find_exercise
from grader.paths import PACKAGE_DIR
from grader.reference import Reference
from grader.runner import grade_exercise
from grader.sandbox.pool import Sandbox, SandboxLimits

PROJECT = PACKAGE_DIR.parent
SOLUTIONS = PROJECT / "solutions"
EXERCISES = PROJECT / "exercises"
MISTAKES = Path(__file__).parent / "mistakes"


@pytest.fixture(autouse=True)
def _no_secret_left_behind(monkeypatch):
    """A command run in-process with --secret-file sets it for the processes it starts: not for the next test."""
    from grader import variants

    monkeypatch.delenv("LOSS_COMPASS_SECRET_FILE", raising=False)
    yield
    variants.use_secret_file(None)


@pytest.fixture(scope="session")
def sandbox():
    with Sandbox(SandboxLimits(timeout=20)) as box:
        yield box


@pytest.fixture(scope="session")
def reference():
    return Reference(SOLUTIONS)


@pytest.fixture
def grade_file(sandbox, reference, tmp_path):
    """Grade one exercise with `source` (a file path) as the student's module."""

    def grade(exercise_id: str, source: Path, lang: str = "en"):
        exercise = find_exercise(exercise_id)
        submission = tmp_path / f"submission-{exercise_id}-{source.stem}"
        submission.mkdir()
        shutil.copyfile(source, submission / exercise.filename)
        src, _ = sandbox.stage(submission)
        return grade_exercise(exercise, sandbox, src, submission, reference, lang)

    return grade


@pytest.fixture
def course(tmp_path):
    """A fresh copy of the stubs and the empty answers file, as a student starts with."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    for path in EXERCISES.glob("ex*.py"):
        shutil.copyfile(path, folder / path.name)
    shutil.copyfile(EXERCISES / "answers.yaml", folder / "answers.yaml")
    return folder
