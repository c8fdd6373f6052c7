"""The student's own progress, kept in `.grader/state.json` inside the submission folder.

It holds how many hints were shown per exercise and the last grade of each exercise file, keyed
by a hash of the file's content, so that `grader list` need not re-grade files that did not change.
The student can write this file: it only saves time in progress views and never unlocks anything
(`grader solution` grades the exercise again).
The folder carries its own `.gitignore`: it never ends up in the student's commits.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import __version__

STATE_DIR = ".grader"
STATE_FILE = "state.json"


def content_hash(path: Path) -> str | None:
    """The file's sha256, or None when it does not exist (or cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class CachedResult:
    """The part of an exercise's last grade that the progress view needs."""

    hash: str
    status: str
    score: float
    max_score: float


@dataclass
class State:
    """Hints shown and cached results of one submission folder; saved with `save()`."""

    folder: Path
    hints: dict[str, int] = field(default_factory=dict)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder / STATE_DIR / STATE_FILE

    @classmethod
    def load(cls, folder: Path) -> "State":
        """The saved state; a missing or damaged file is a fresh start (it only holds conveniences)."""
        state = cls(folder)
        try:
            data = json.loads(_read_small_file(state.path).decode("utf-8"))
        except (OSError, ValueError):
            return state
        if isinstance(data, dict):
            hints = data.get("hints", {})
            if isinstance(hints, dict):
                state.hints = {str(key): int(value) for key, value in hints.items()
                               if isinstance(value, int) and value >= 0}
            results = data.get("results", {})
            if isinstance(results, dict) and data.get("grader") == __version__:
                state.results = {str(key): value for key, value in results.items() if isinstance(value, dict)}
        return state

    def save(self) -> None:
        """Write atomically (watch mode and a second terminal may both save).

        The folder is the student's: `.grader` or a file in it may be a link planted to make whoever runs
        the grader there (a TA checking a clone) overwrite a file of theirs, such as ~/.bashrc, with text
        the student chose (the hints' keys). So a linked `.grader` is not written into, and every file
        is created anew without following a link (O_EXCL | O_NOFOLLOW, a random temporary name).
        """
        directory = self.folder / STATE_DIR
        try:
            directory.mkdir(exist_ok=True)
            if not stat.S_ISDIR(os.lstat(directory).st_mode):
                return
            ignore = directory / ".gitignore"
            if not os.path.lexists(ignore):
                _write_new(ignore, "# written by grader: progress and hints, not part of your work\n*\n")
            descriptor, temporary = tempfile.mkstemp(prefix=f"{STATE_FILE}.", suffix=".tmp", dir=directory)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"grader": __version__, "hints": self.hints, "results": self.results},
                                        indent=1, sort_keys=True))
            os.replace(temporary, self.path)  # replaces a link named state.json, never its target
        except OSError:
            pass  # a read-only submission folder still grades; it only forgets the progress

    def cached(self, exercise_id: str, file_hash: str | None, max_score: float) -> CachedResult | None:
        entry = self.results.get(exercise_id)
        if not entry or file_hash is None or entry.get("hash") != file_hash or entry.get("max_score") != max_score:
            return None
        try:
            return CachedResult(hash=file_hash, status=str(entry["status"]), score=float(entry["score"]),
                                max_score=float(entry["max_score"]))
        except (KeyError, TypeError, ValueError):
            return None

    def remember(self, exercise_id: str, file_hash: str | None, status: str, score: float, max_score: float) -> None:
        if file_hash is None:
            self.results.pop(exercise_id, None)
            return
        self.results[exercise_id] = {"hash": file_hash, "status": status, "score": score, "max_score": max_score}


def _write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; fails if anything (a link included) is already there."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


MAX_STATE_BYTES = 1 << 20


def _read_small_file(path: Path) -> bytes:
    """A regular file's bytes, opened without following a link or blocking: a FIFO planted as state.json once
    made `grader check --path CLONE` wait forever. Raises OSError for anything else or anything larger."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STATE_BYTES:
            raise OSError(f"{path}: not a regular file of at most {MAX_STATE_BYTES} bytes")
        return handle.read(MAX_STATE_BYTES + 1)
