"""A frozen copy of the grader and the reference solutions that a mutation run grades with."""

from __future__ import annotations

import compileall
import io
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What grading needs: the grader (with its checks and catalog) and solutions/, the reference.
PARTS = ("grader", "solutions")


@dataclass(frozen=True)
class Course:
    root: Path  # run the grader from here: `python -m grader` then imports this copy, not the venv's
    label: str  # the commit, or the commit and "+ uncommitted changes"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"


def _git(*arguments: str) -> bytes:
    return subprocess.run(["git", *arguments], cwd=ROOT, check=True, capture_output=True).stdout


def take(target: Path, worktree: bool = False) -> Course:
    """Copy the grader and solutions/ at HEAD (or as they are in the working tree) into `target`.

    Other people edit the working tree during a run; a copy keeps every mutant graded by the same checks
    against the same reference, and the reference is never the file being mutated.
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    commit = _git("rev-parse", "--short", "HEAD").decode().strip()
    if worktree:
        for part in PARTS:
            shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        dirty = _git("status", "--porcelain", "--", *PARTS).strip()
        label = f"{commit} + uncommitted changes" if dirty else commit
    else:
        with tarfile.open(fileobj=io.BytesIO(_git("archive", "--format=tar", "HEAD", *PARTS))) as archive:
            archive.extractall(target, filter="data")
        label = commit
    # PYTHONDONTWRITEBYTECODE is set on this image (and by cosmic-ray): without compiled files every
    # grading process would compile the whole grader again.
    compileall.compile_dir(target / "grader", quiet=1)
    for reference in (target / "solutions").glob("ex*.py"):
        reference.chmod(0o644)  # the grader refuses a reference that every user may write
    return Course(target, label)
