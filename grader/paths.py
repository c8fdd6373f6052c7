"""Where the course's folders are: the project root, the stubs, the reference solutions."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The folder that holds `exercises/` (the current one if it does, else the package's parent)."""
    override = os.environ.get("LOSS_COMPASS_ROOT")
    if override:
        return Path(override).resolve()
    cwd = Path.cwd()
    if (cwd / "exercises").is_dir():
        return cwd
    return PACKAGE_DIR.parent


def exercises_dir() -> Path:
    return project_root() / "exercises"


def solutions_dir() -> Path | None:
    """The reference solutions, if this checkout has them (a student release does not)."""
    candidate = project_root() / "solutions"
    if candidate.is_dir():
        return candidate
    fallback = PACKAGE_DIR.parent / "solutions"
    return fallback if fallback.is_dir() else None
