"""The exercise catalog: one YAML file per exercise, the single source for ids, points and hints."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from grader import yaml_loader
from grader.errors import GraderError
from grader.paths import PACKAGE_DIR
from grader.text import Text

CATALOG_DIR = PACKAGE_DIR / "catalog"
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
# Who sees a check's result on a platform that can hide tests (Gradescope's visibility values).
Visibility = Literal["visible", "hidden", "after_due_date", "after_published"]


class CheckSpec(BaseModel):
    """One hidden check: its name (the `test_<name>` function in grader/checks), points and title."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    points: int = Field(gt=0)
    title: Text
    visibility: Visibility = "visible"

    @field_validator("name")
    @classmethod
    def _snake(cls, value: str) -> str:
        if not _SNAKE.match(value):
            raise ValueError(f"check name {value!r} must be snake_case")
        return value


class NotesRef(BaseModel):
    """The section of the notes an exercise teaches, for feedback and site links."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    page: str
    anchor: str = ""
    quote: Text


class Clause(BaseModel):
    """One promise of an exercise's docstring and the checks that a violation of it alone fails."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    function: str
    clause: Text
    checks: list[str] = Field(min_length=1)


class Exercise(BaseModel):
    """Everything the course knows about one exercise module."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Text
    summary: Text
    functions: list[str] = Field(min_length=1)
    formula: str
    notes: NotesRef
    checks: list[CheckSpec] = Field(min_length=1)
    hints: list[Text] = Field(min_length=2)
    contract: list[Clause] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _module_name(cls, value: str) -> str:
        if not re.match(r"^ex\d\d_[a-z0-9_]+$", value):
            raise ValueError(f"exercise id {value!r} must look like ex01_name")
        return value

    @model_validator(mode="after")
    def _unique_checks(self) -> "Exercise":
        names = [check.name for check in self.checks]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate check names: {', '.join(duplicates)}")
        for clause in self.contract:
            unknown = [name for name in clause.checks if name not in names]
            if unknown:
                raise ValueError(f"contract clause {clause.clause.en!r} names unknown checks: {', '.join(unknown)}")
            if clause.function not in self.functions:
                raise ValueError(f"contract clause {clause.clause.en!r} names unknown function {clause.function!r}")
        return self

    @property
    def max_score(self) -> int:
        return sum(check.points for check in self.checks)

    @property
    def filename(self) -> str:
        return f"{self.id}.py"


def load_exercise(path: Path) -> Exercise:
    """Read and validate one catalog file, naming the file in any error."""
    try:
        data = yaml_loader.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GraderError(f"{path}: cannot read the catalog entry: {error}") from None
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or '(top)'}: {item['msg']}"
            for item in error.errors()
        )
        raise GraderError(f"{path}: {problems}") from None
    if exercise.id != path.stem:
        raise GraderError(f"{path}: id {exercise.id!r} does not match the file name")
    return exercise


@functools.lru_cache(maxsize=None)
def load_catalog(directory: Path = CATALOG_DIR) -> tuple[Exercise, ...]:
    """Every exercise, in course order (by id)."""
    return tuple(load_exercise(path) for path in sorted(directory.glob("ex*.yaml")))


def find_exercise(name: str, directory: Path = CATALOG_DIR) -> Exercise:
    """Look an exercise up by id, by number (`1`, `01`, `ex01`) or by a unique part of its id."""
    catalog = load_catalog(directory)
    wanted = name.strip().lower().removesuffix(".py")
    if wanted.isdigit():
        wanted = f"ex{int(wanted):02d}"
    exact = [exercise for exercise in catalog if exercise.id == wanted]
    if exact:
        return exact[0]
    matches = [exercise for exercise in catalog if exercise.id.startswith(wanted) or wanted in exercise.id]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(exercise.id for exercise in catalog)
    if not matches:
        raise GraderError(f"no exercise named {name!r}; the exercises are: {known}")
    raise GraderError(f"{name!r} matches several exercises: {', '.join(e.id for e in matches)}")
