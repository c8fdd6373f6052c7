"""Notebook submissions: each notebook's exercise functions written as the exercise file graded like any other."""

from __future__ import annotations

import json
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from grader.catalog import Exercise, load_catalog
from grader.errors import GraderError
from grader.notebook.cells import cell_source, module_source
from grader.quiz.answers import ANSWERS_FILE
from grader.report import Report
from grader.sandbox.pool import read_source, staging_refusal
from grader.variants import METADATA_FILES

SUFFIX = ".ipynb"
# A notebook keeps its outputs (figures as base64): larger than an exercise file, still bounded before it is read.
MAX_NOTEBOOK_BYTES = 16 << 20
MAX_NOTEBOOKS = 64
_EXERCISE_IN_NAME = re.compile(r"ex\d\d_[a-z0-9_]+")


class NotebookError(GraderError):
    """A notebook that cannot be read as one: the message names it."""


def has_notebooks(path: Path) -> bool:
    """Whether `path` is a notebook, or a folder holding notebooks (then graded as a notebook submission)."""
    if path.suffix == SUFFIX and not path.is_dir():
        return True
    try:
        return path.is_dir() and any(path.glob(f"*{SUFFIX}"))
    except OSError:
        return False


def read_notebook(path: Path) -> dict:
    """The notebook's JSON as a dict with a list of cells; a one-line error naming the notebook otherwise."""
    refused = staging_refusal(path)
    if refused:
        raise NotebookError(f"{path}: {refused}")
    try:
        body = read_source(path, MAX_NOTEBOOK_BYTES)
    except OSError as error:
        raise NotebookError(f"{path}: cannot be read ({error.strerror or error})") from None
    if body is None:
        raise NotebookError(f"{path}: larger than {MAX_NOTEBOOK_BYTES >> 20} MiB, not read")
    try:
        notebook = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotebookError(f"{path}: not a notebook (not UTF-8 text)") from None
    except ValueError as error:
        raise NotebookError(f"{path}: not a notebook (invalid JSON: {error})") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        raise NotebookError(f"{path}: not a notebook (no list of cells; saved by Jupyter as .ipynb?)")
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
            raise NotebookError(f"{path}: cell {number} has a source that is not text")
    return notebook


def code_cells(notebook: dict) -> list[str]:
    return [cell_source(cell) for cell in notebook["cells"] if cell.get("cell_type") == "code"]


def notebook_exercise(path: Path, notebook: dict, catalog: tuple[Exercise, ...]) -> Exercise:
    """The exercise a notebook is for: its metadata (kept by copies and renames), else its file name."""
    by_id = {exercise.id: exercise for exercise in catalog}
    metadata = notebook.get("metadata")
    course = metadata.get("loss_compass") if isinstance(metadata, dict) else None
    named = course.get("exercise") if isinstance(course, dict) else None
    if isinstance(named, str) and named in by_id:
        return by_id[named]
    found = exercise_in_name(path, catalog)
    if found is not None:
        return found
    raise NotebookError(f"{path}: names no exercise (call it like ex01_mse.ipynb, or keep the course's notebook "
                        "metadata)")


def exercise_in_name(path: Path, catalog: tuple[Exercise, ...]) -> Exercise | None:
    """The exercise a notebook's file name names: "ex03_huber", "Copy of ex03_huber (1)", or its number "ex03"."""
    by_id = {exercise.id: exercise for exercise in catalog}
    for found in _EXERCISE_IN_NAME.findall(path.stem):
        if found in by_id:
            return by_id[found]
    by_number = {exercise.id[:4]: exercise for exercise in catalog}
    match = re.search(r"ex\d\d", path.stem)
    return by_number.get(match.group(0)) if match else None


@dataclass
class Staged:
    """What to grade for a submission: the folder of exercise files, and which exercises and quizzes count."""

    original: Path
    folder: Path
    exercises: list[str] | None = None  # None: every exercise of the course
    quizzes: bool = True
    warnings: list[str] = field(default_factory=list)

    def restore(self, report: Report) -> Report:
        """The report as if the original had been graded: its path, not the staging folder's, everywhere."""
        if self.folder == self.original:
            return report
        text = report.model_dump_json().replace(json.dumps(str(self.folder))[1:-1],
                                                json.dumps(str(self.original))[1:-1])
        restored = Report.model_validate_json(text)
        restored.warnings = self.warnings + restored.warnings
        for result, before in zip(restored.exercises, report.exercises):
            result.output = before.output  # not part of the JSON
        return restored


@contextmanager
def staged_submission(path: Path) -> Iterator[Staged]:
    """`path` itself when it holds no notebook; else a temporary folder of exercise files made from its notebooks.

    The temporary folder has the original's name and copies of what says whose work it is (answers.yaml, LMS
    metadata, the repository's git config), so the student's id, and so their held-out cases and quiz versions,
    are the same as for the original. A notebook for an exercise replaces that exercise's .py file, if both exist.
    """
    if not has_notebooks(path):
        yield Staged(path, path)
        return
    single = not path.is_dir()
    owner = path.parent if single else path
    root = Path(tempfile.mkdtemp(prefix="loss-compass-notebooks-"))
    try:
        resolved = owner.resolve()
        folder = root / (resolved.parent.name or "parent") / (resolved.name or "submission")
        folder.mkdir(parents=True)
        staged = Staged(path, folder, quizzes=not single)
        notebooks = [path] if single else sorted(path.glob(f"*{SUFFIX}"))
        written = _write_exercises(notebooks, folder, staged)
        if single:
            staged.exercises = written
        else:
            _copy_python_files(path, folder, written)
        _copy_identity(owner, folder)
        yield staged
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _write_exercises(notebooks: list[Path], folder: Path, staged: Staged) -> list[str]:
    catalog = load_catalog()
    written: dict[str, Path] = {}
    for index, notebook_path in enumerate(notebooks):
        if index >= MAX_NOTEBOOKS:
            staged.warnings.append(f"{notebook_path}: more than {MAX_NOTEBOOKS} notebooks, ignored")
            continue
        try:
            notebook = read_notebook(notebook_path)
            exercise = notebook_exercise(notebook_path, notebook, catalog)
        except NotebookError as error:
            # A scratch notebook (Untitled.ipynb) beside the work is no reason to refuse the whole submission;
            # one named for an exercise, or the only one given, is the work itself.
            if len(notebooks) == 1 or exercise_in_name(notebook_path, catalog) is not None:
                raise
            staged.warnings.append(f"{error}; ignored")
            continue
        if exercise.id in written:
            raise NotebookError(f"{notebook_path}: {written[exercise.id].name} is for {exercise.id} too: keep one")
        written[exercise.id] = notebook_path
        (folder / exercise.filename).write_text(module_source(code_cells(notebook)), encoding="utf-8")
    return list(written)


def _copy_python_files(source: Path, folder: Path, replaced: list[str]) -> None:
    """The exercise files no notebook stands for, copied as staging would read them (regular files only)."""
    for path in sorted(source.glob("*.py")):
        if path.stem in replaced or staging_refusal(path):
            continue
        body = read_source(path)
        if body is not None:
            (folder / path.name).write_bytes(body)


def _copy_identity(owner: Path, folder: Path) -> None:
    """answers.yaml, submission_metadata and .git/config of the folder and its parent, where they are files."""
    for source, target in ((owner, folder), (owner.parent, folder.parent)):
        names = [*METADATA_FILES, ".git/config"] + ([ANSWERS_FILE] if source == owner else [])
        for name in names:
            path = source / name
            try:
                if not stat.S_ISREG(path.lstat().st_mode):
                    continue
                body = read_source(path)
            except OSError:
                continue
            if body is not None:
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                (target / name).write_bytes(body)
