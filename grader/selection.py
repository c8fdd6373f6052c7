"""Which exercise and which folder a student's command names: an id, a number, or the path of the exercise file."""

from __future__ import annotations

import os
from pathlib import Path

from grader.catalog import Exercise, find_exercise
from grader.errors import GraderError
from grader.paths import exercises_dir, submission_folder
from grader.text import Lang


def is_file_path(name: str) -> bool:
    """`exercises/ex03_huber.py` (what tab completion gives) or an existing `ex03_huber.py`, not `ex03` or `3`."""
    return "/" in name or os.sep in name or (name.endswith(".py") and Path(name).is_file())


def exercise_file(name: str, path: Path | None) -> tuple[Exercise, Path]:
    """The exercise a file path names, and the folder that holds it (the submission)."""
    file = Path(name)
    try:
        found = find_exercise(file.stem)
    except GraderError as error:
        raise GraderError(f"{name}: not an exercise file ({error})") from None
    if file.name != found.filename:
        raise GraderError(f"{name}: not an exercise file (the file of {found.id} is {found.filename})")
    folder = file.parent
    if path is not None and path.resolve() != folder.resolve():
        raise GraderError(f"{name} is not in {path}: give the exercise's file or its folder, not both")
    return found, folder


def choose(exercise: str | None, path: Path | None, lang: Lang, how: str = "pass --path"
           ) -> tuple[Exercise | None, Path]:
    """The exercise named (None for none) and the submission folder, which must exist."""
    if exercise is not None and is_file_path(exercise):
        found, folder = exercise_file(exercise, path)
        return found, submission_folder(folder, lang)
    return (find_exercise(exercise) if exercise else None), submission_folder(path, lang, how)


def choose_loosely(exercise: str, path: Path | None) -> tuple[Exercise, Path]:
    """As `choose`, for commands that work without the folder (hints): it may not exist."""
    if is_file_path(exercise):
        return exercise_file(exercise, path)
    return find_exercise(exercise), path or exercises_dir()
