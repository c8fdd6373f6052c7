"""`grader new`: the files of a new exercise or quiz, from the templates beside this module, never over a file."""

from __future__ import annotations

import keyword
from pathlib import Path
from string import Template

from pydantic import ValidationError

from grader.authoring.course import Course
from grader import yaml_loader
from grader.catalog import Exercise
from grader.errors import GraderError
from grader.quiz.bank import bank_files, display_path, validate_files
from grader.quiz.models import Quiz

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Left in every scaffolded text that the author must write; `grader doctor` lists the files still holding it.
PLACEHOLDER = "TODO(author)"


def _render(template: str, **values: str) -> str:
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


def _id_problem(model: type[Exercise] | type[Quiz], name: str) -> str:
    """What the model's own rule for ids says about `name` ('' if it is a valid id)."""
    try:
        model.model_validate({"id": name})
    except ValidationError as error:
        for item in error.errors():
            if item["loc"] == ("id",):
                return str(item["msg"]).removeprefix("Value error, ")
    return ""


def _refuse_existing(paths: list[Path]) -> None:
    existing = [path for path in paths if path.exists()]
    if existing:
        raise GraderError(f"{display_path(existing[0])} already exists: grader new never overwrites a file "
                          "(choose another name, or delete the file first)")


def _write(files: dict[Path, str]) -> list[Path]:
    _refuse_existing(list(files))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": not even a file created since the check above
            handle.write(text)
    return list(files)


def exercise_files(course: Course, name: str, function: str | None = None) -> dict[Path, str]:
    """The scaffold of exercise `name` (ex10_log_cosh): its path -> text; an error for a bad or taken name."""
    problem = _id_problem(Exercise, name)
    if problem:
        raise GraderError(f"{problem} (for example ex10_log_cosh: ex, two digits, _, the topic in snake_case)")
    function = function or name.split("_", 1)[1]
    if not function.isidentifier() or keyword.iskeyword(function) or not function.islower():
        raise GraderError(f"{function!r} is not a usable function name: pass --function NAME (snake_case)")
    number = name[:4]
    for path in sorted(course.catalog.glob("ex*.yaml")):
        if path.stem.startswith(number + "_") and path.stem != name:
            raise GraderError(f"{display_path(path)} already uses the number {number}: exercises are found by "
                              f"number too (grader check {int(number[2:])}), so take the next free one")
    values = dict(id=name, function=function, number=str(int(name[2:4])))
    catalog = _render("catalog.yaml.tmpl", **values)
    Exercise.model_validate(yaml_loader.safe_load(catalog))  # a broken template is this module's bug: fail loudly
    return {
        course.solutions / f"{name}.py": _render("solution.py.tmpl", **values),
        course.catalog / f"{name}.yaml": catalog,
        course.checks / f"{name}.py": _render("checks.py.tmpl", **values),
        course.mistakes / name / "rename_after_the_mistake.py": _render("mistake.py.tmpl", **values),
        course.alternatives / name / "rename_after_the_idiom.py": _render("alternative.py.tmpl", **values),
    }


def new_exercise(course: Course, name: str, function: str | None = None) -> list[Path]:
    return _write(exercise_files(course, name, function))


def quiz_file(course: Course, name: str) -> tuple[Path, str]:
    """The scaffold of quiz `name`: the next numbered file of the bank and its text."""
    problem = _id_problem(Quiz, name)
    if problem:
        raise GraderError(f"{problem} (for example why_log_loss)")
    files = bank_files(course.quizzes)
    quizzes, _ = validate_files(files)
    if name in {quiz.id for quiz in quizzes}:
        raise GraderError(f"a quiz with id {name!r} already exists in {display_path(course.quizzes)}")
    numbers = [int(path.name[:2]) for path in files if path.name[:2].isdigit()]
    path = course.quizzes / f"{max(numbers, default=0) + 1:02d}_{name}.yaml"
    text = _render("quiz.yaml.tmpl", id=name)
    Quiz.model_validate(yaml_loader.safe_load(text))
    return path, text


def new_quiz(course: Course, name: str) -> list[Path]:
    path, text = quiz_file(course, name)
    return _write({path: text})
