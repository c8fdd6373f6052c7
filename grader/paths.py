"""Where the course's folders are: the project root, the stubs, the reference solutions."""

from __future__ import annotations

import os
from pathlib import Path

from grader.errors import GraderError
from grader.text import Lang, Text

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The folder holding `exercises/`: the current one or the nearest above it, else the package's parent."""
    override = os.environ.get("LOSS_COMPASS_ROOT")
    if override:
        return Path(override).resolve()
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / "exercises").is_dir():
            return folder
    return PACKAGE_DIR.parent


def exercises_dir() -> Path:
    return project_root() / "exercises"


def submission_folder(path: Path | None, lang: Lang, how: str = "pass --path") -> Path:
    """The folder a student's command works on: `path` as given, else the course's exercises/; an error if absent."""
    if path is not None:
        if not path.is_dir():
            raise GraderError(Text(en=f"{path}: no such folder", zh=f"{path}：没有这个文件夹")(lang))
        return path
    folder = exercises_dir()
    if not folder.is_dir():
        raise GraderError(Text(en=f"no exercises/ folder here: run grader inside the course folder, or {how}",
                               zh=f"这里没有 exercises/ 文件夹：请在课程文件夹中运行 grader，或{_HOW_ZH.get(how, how)}"
                               )(lang))
    return folder


_HOW_ZH = {"pass --path": "用 --path 指定", "give PATH": "给出文件夹路径 PATH", "pass --answers": "用 --answers 指定答案文件"}


SOLUTIONS_ENV = "LOSS_COMPASS_SOLUTIONS"


def installed_solutions() -> Path:
    """The instructor's installation's reference: `solutions/` beside the grader package that is running."""
    return PACKAGE_DIR.parent / "solutions"


def solutions_dir(explicit: Path | None = None) -> Path | None:
    """The reference solutions: `explicit` (--solutions), else $LOSS_COMPASS_SOLUTIONS, else the installation's.

    Never looked up from the current folder or LOSS_COMPASS_ROOT: a student's repository may hold a
    `solutions/` of its own. None when there is none (a student release records expected values instead).
    """
    chosen = explicit if explicit is not None else os.environ.get(SOLUTIONS_ENV) or None
    if chosen is not None:
        where = "--solutions" if explicit is not None else SOLUTIONS_ENV
        folder = Path(chosen).expanduser()
        if not folder.is_dir():
            raise GraderError(f"{where} {folder}: no such folder (give the folder that holds the reference ex*.py)")
        return folder.resolve()
    installed = installed_solutions()
    return installed.resolve() if installed.is_dir() else None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_reference(solutions: Path | None, submission: Path) -> None:
    """Refuse a reference the student could have written: in the submission, in the repository holding it, or around it.

    The installation's own solutions/ is trusted (it sits beside the running grader's code), so the
    instructor can still grade `solutions/` itself or the course's own `exercises/`.
    """
    if solutions is None:
        return
    reference = solutions.resolve()
    installed = installed_solutions()
    if installed.is_dir() and reference == installed.resolve():
        return
    graded = submission.resolve()
    student = graded
    # A repository's exercises/ folder (a clone: .git beside it, or a solutions/ sibling as in the course's
    # own layout): the student wrote the whole repository, so the reference may not come from any of it.
    if graded.name == "exercises" and ((graded.parent / ".git").exists() or reference.parent == graded.parent):
        student = graded.parent
    if _within(reference, student) or _within(graded, reference):
        raise GraderError(f"{reference}: the reference solutions cannot come from the submission {submission} "
                          f"or a folder around it (the student controls it); give your own copy with "
                          f"--solutions or {SOLUTIONS_ENV}")
    for path in [reference, *reference.glob("ex*.py")]:
        if path.stat().st_mode & 0o002:
            raise GraderError(f"{path}: the reference solutions are writable by every user; run chmod o-w on it")
