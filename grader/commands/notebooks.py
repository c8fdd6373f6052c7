"""`grader notebooks build [--check]`: the course's notebooks (notebooks/), generated from its sources."""

from __future__ import annotations

from pathlib import Path

import click

from grader.authoring.course import this_course
from grader.catalog import load_catalog
from grader.errors import GraderError, user_errors
from grader.notebook.build import write_notebooks
from grader.quiz.bank import display_path, load_bank

NOTEBOOKS_DIR = "notebooks"


@click.group(short_help="Instructors: regenerate the course's Jupyter notebooks.")
def notebooks() -> None:
    """The notebooks in notebooks/ are generated (catalog, stubs, notes, quizzes); never edit them by hand."""


@notebooks.command("build")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a notebook is not what the sources give.")
@user_errors
def build(check: bool) -> None:
    """Write notebooks/: one notebook per exercise (notes, formula, stub, check, plot) and one of the quizzes."""
    course = this_course()
    target = course.root / NOTEBOOKS_DIR
    try:
        stale = write_notebooks(target, course.solutions, course.notes, load_catalog(), load_bank(), check=check)
    except (OSError, SyntaxError, ValueError) as error:
        raise GraderError(f"cannot build the notebooks: {error}") from None
    for path in stale:
        click.echo(f"{'out of date' if check else 'wrote'} {display_path(Path(path))}")
    if check and stale:
        raise SystemExit(1)
    click.echo(f"{len(stale)} notebook(s) {'out of date' if check else 'written'}; the others are up to date")
