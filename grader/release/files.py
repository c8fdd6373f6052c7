"""Copying the grader package and the project's dependency list into a release or a bundle."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable

from grader.paths import PACKAGE_DIR

_FALLBACK_DEPENDENCIES = ["numpy>=1.24", "pytest>=7.4", "pydantic>=2.5", "click>=8.1", "pyyaml>=6.0", "rich>=13.7"]


def copy_package(target: Path, skip: Iterable[str] = ()) -> None:
    """Copy the grader package to `target` without caches; `skip` names paths relative to the package."""
    skipped = {PACKAGE_DIR / name for name in skip}

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name == "__pycache__" or name.endswith((".pyc", ".pyo"))
                or Path(folder, name) in skipped]

    shutil.copytree(PACKAGE_DIR, target, ignore=ignore)


def dependencies() -> list[str]:
    """The grader's runtime requirements, from the project's pyproject.toml (or the installed metadata)."""
    pyproject = PACKAGE_DIR.parent / "pyproject.toml"
    try:
        import tomllib

        return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"])
    except (ImportError, OSError, KeyError, ValueError):
        pass
    try:
        from importlib.metadata import requires

        found = [item for item in requires("loss-compass") or [] if "extra ==" not in item]
        return found or _FALLBACK_DEPENDENCIES
    except Exception:
        return _FALLBACK_DEPENDENCIES
