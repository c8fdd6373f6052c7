"""Where a submission's exercise files are: the top, exercises/, myhw/, repo/exercises/ or deeper."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from grader.instructor.junk import is_junk
from grader.quiz.answers import ANSWERS_FILE

# exNN_name.py, or a notebook of the same name (grader.notebook.submission turns it into one when grading)
EXERCISE_FILE = re.compile(r"^ex\d\d_\w+\.(py|ipynb)$")
MAX_SEARCH_DEPTH = 6
MAX_FOLDERS_SEARCHED = 500


@dataclass
class Found:
    folder: Path  # the folder holding the exercise files (or only answers.yaml)
    where: str  # that folder relative to the submission, "." for its top


def exercise_files(folder: Path) -> list[str]:
    """The names in `folder` that are exercise files (exNN_*.py or exNN_*.ipynb), regular files only."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries
                          if EXERCISE_FILE.match(entry.name) and entry.is_file(follow_symlinks=False))
    except OSError:
        return []


def locate(root: Path) -> Found | None:
    """The folder of `root` holding the most exercise files, nearest the top on a tie; else the nearest with
    answers.yaml; None when there is neither. Links are never followed and junk (__MACOSX) never searched."""
    best: tuple[int, int, str] | None = None
    answers_only: tuple[int, str] | None = None
    searched = 0
    queue: list[tuple[Path, int]] = [(root, 0)]
    while queue and searched < MAX_FOLDERS_SEARCHED:
        folder, depth = queue.pop(0)  # breadth first: a shallower folder wins a tie
        searched += 1
        where = folder.relative_to(root).as_posix()
        count = len(exercise_files(folder))
        if count and (best is None or count > best[0]):
            best = (count, depth, where)
        elif not count and answers_only is None and (folder / ANSWERS_FILE).is_file():
            answers_only = (depth, where)
        if depth >= MAX_SEARCH_DEPTH:
            continue
        try:
            with os.scandir(folder) as entries:
                children = sorted(entry.name for entry in entries
                                  if entry.is_dir(follow_symlinks=False) and not is_junk(entry.name))
        except OSError:
            continue
        queue += [(folder / name, depth + 1) for name in children]
    if best is not None:
        return Found(root / best[2], best[2])
    if answers_only is not None:
        return Found(root / answers_only[1], answers_only[1])
    return None
