"""The folders of the course an instructor edits: the checkout holding the running grader package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.catalog import CATALOG_DIR
from grader.errors import GraderError
from grader.paths import PACKAGE_DIR
from grader.quiz.bank import QUIZ_DIR


@dataclass(frozen=True)
class Course:
    """Where each kind of course file lives; the catalog, checks and quizzes are always the running grader's."""

    root: Path

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    @property
    def catalog(self) -> Path:
        return CATALOG_DIR

    @property
    def checks(self) -> Path:
        return PACKAGE_DIR / "checks"

    @property
    def quizzes(self) -> Path:
        return QUIZ_DIR

    @property
    def mistakes(self) -> Path:
        return self.root / "tests" / "mistakes"

    @property
    def alternatives(self) -> Path:
        return self.root / "tests" / "alternatives"

    @property
    def notes(self) -> Path:
        return self.root / "site" / "docs" / "notes"


def this_course() -> Course:
    """The checkout around the running grader; an error when the grader is installed without its course."""
    course = Course(PACKAGE_DIR.parent)
    if not course.solutions.is_dir():
        raise GraderError(f"{course.solutions}: no such folder: authoring works in a course checkout (solutions/ "
                          "beside grader/, installed with pip install -e .); run that checkout's grader "
                          "(cd COURSE && python -m grader ...)")
    return course
