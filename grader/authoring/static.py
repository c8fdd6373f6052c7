"""`grader doctor`'s checks that run nothing: catalog, solutions, stubs, check functions, quizzes, placeholders."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path
from typing import Iterator

from grader.authoring.course import Course
from grader.authoring.scaffold import PLACEHOLDER
from grader.catalog import Exercise, load_exercise
from grader.errors import GraderError
from grader.grading.held_out import MARKER, PUBLIC_ONLY
from grader.quiz.answers import ANSWERS_FILE
from grader.quiz.bank import Problem, bank_files, validate_files
from grader.quiz.models import thorough_trials
from grader.quiz.models import QuestionBase, Quiz
from grader.quiz.reread import notes_problems
from grader.quiz.scoring import grade_quizzes
from grader.runner import checks_module
from grader.stubs import stub_source
from grader.student_tools.notes import find_section
from grader.text import LANGS

WHOLE_FILE = "(file)"


def error_problem(path: Path, error: GraderError, location: str = WHOLE_FILE) -> Problem:
    """A GraderError (its message starts with the path) as one doctor line about that path."""
    return Problem(path, location, str(error).removeprefix(f"{path}: "))


def catalog(course: Course) -> tuple[list[Exercise], list[Problem]]:
    """Every catalog entry that loads, and one problem per entry that does not or that clashes."""
    exercises, problems = [], []
    for path in sorted(course.catalog.glob("ex*.yaml")):
        try:
            exercises.append(load_exercise(path))
        except GraderError as error:
            problems.append(error_problem(path, error, "catalog entry"))
    numbers: dict[str, str] = {}
    for exercise in exercises:
        number = exercise.id[:4]
        if number in numbers:
            problems.append(Problem(course.catalog / f"{exercise.id}.yaml", "id",
                                    f"the number {number} is also {numbers[number]}'s: exercises are found by number"))
        numbers.setdefault(number, exercise.id)
    return exercises, problems


def stale_notebooks(course: Course) -> Iterator[Problem]:
    """The generated notebooks are what the catalog, solutions, notes and quizzes give now (with nbformat installed)."""
    target = course.root / "notebooks"
    if not target.is_dir():
        return
    try:
        from grader.notebook.build import write_notebooks
        from grader.catalog import load_catalog
        from grader.quiz.bank import load_bank

        stale = write_notebooks(target, course.solutions, course.notes, load_catalog(), load_bank(), check=True)
    except GraderError:  # nbformat is not installed here (the jupyter or dev extra): nothing to compare with
        return
    except (OSError, SyntaxError, ValueError) as error:
        yield Problem(target, WHOLE_FILE, f"cannot build the notebooks to compare: {error}")
        return
    for path in stale:
        yield Problem(Path(path), WHOLE_FILE, "out of date with the course's sources: run grader notebooks build")


def stray_files(course: Course, exercises: list[Exercise]) -> Iterator[Problem]:
    """Exercise files that no catalog entry grades."""
    known = {exercise.filename for exercise in exercises}
    for folder in (course.solutions, course.exercises, course.checks):
        for path in sorted(folder.glob("ex*.py")):
            if path.name not in known:
                yield Problem(path, WHOLE_FILE, f"no catalog entry {path.stem}.yaml in {course.catalog.name}/ "
                                                "(nothing grades or lists it)")


def solution_and_stub(course: Course, exercise: Exercise) -> Iterator[Problem]:
    """The reference defines every catalog function with a docstring, and the stub is generated from it."""
    solution = course.solutions / exercise.filename
    try:
        source = solution.read_text(encoding="utf-8")
        stub = stub_source(source, exercise)
    except OSError:
        yield Problem(solution, WHOLE_FILE, f"missing: the catalog entry {exercise.id} needs its reference solution")
        return
    except SyntaxError as error:
        yield Problem(solution, f"line {error.lineno}", f"not valid Python: {error.msg}")
        return
    except ValueError as error:  # a function without a docstring: the stub would teach nothing
        yield Problem(solution, WHOLE_FILE, str(error))
        return
    defined = {node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
    for function in exercise.functions:
        if function not in defined:
            yield Problem(solution, function, "listed in the catalog's functions but not defined here")
    target = course.exercises / exercise.filename
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if current != stub:
        state = "missing" if current is None else f"out of date with {course.solutions.name}/{exercise.filename}"
        yield Problem(target, WHOLE_FILE, f"stub {state}: run grader new stubs {exercise.id}")


def check_functions(course: Course, exercise: Exercise) -> list[Problem]:
    """Every catalog check has its `test_<name>` function in grader/checks/<id>.py, and nothing else does."""
    path = course.checks / exercise.filename
    if not path.is_file():
        return [Problem(path, WHOLE_FILE, f"missing: the checks of {exercise.id} (one test_<check> per catalog check)")]
    try:
        module = checks_module(exercise)
    except Exception as error:  # any error of an author's module, shown as one line
        return [Problem(path, "import", f"{type(error).__name__}: {error}")]
    defined = [name.removeprefix("test_") for name, value in vars(module).items()
               if name.startswith("test_") and inspect.isfunction(value) and value.__module__ == module.__name__]
    listed = [check.name for check in exercise.checks]
    problems = [Problem(path, f"check {name}", f"in the catalog but no function test_{name} is defined here")
                for name in listed if name not in defined]
    problems += [Problem(path, f"test_{name}", f"not a check of the catalog: add it under checks: in "
                                               f"{course.catalog.name}/{exercise.id}.yaml (or rename it)")
                 for name in defined if name not in listed]
    if not problems and defined != listed:
        problems.append(Problem(path, WHOLE_FILE, "the test_ functions are not in the catalog's order: "
                                                  f"{', '.join(listed)}"))
    return problems + list(held_out_markers(module, path))


def held_out_markers(module: object, path: Path) -> Iterator[Problem]:
    """Every check runs on held-out cases too, or says why no input of it can vary (a table of a release's answers
    passes a check with public cases only)."""
    for name, value in vars(module).items():
        if not (name.startswith("test_") and inspect.isfunction(value)):
            continue
        marks = {mark.name: mark for mark in getattr(value, "pytestmark", [])}
        public_only = marks.get(PUBLIC_ONLY)
        if MARKER in marks and public_only is not None:
            yield Problem(path, name, f"marked both {MARKER} and {PUBLIC_ONLY}: keep one")
        elif public_only is not None and not (public_only.args or public_only.kwargs.get("reason")):
            yield Problem(path, name, f'@pytest.mark.{PUBLIC_ONLY} needs its reason: {PUBLIC_ONLY}("why no input can vary")')
        elif MARKER not in marks and public_only is None:
            yield Problem(path, name, f"no held-out cases: mark it @pytest.mark.{MARKER} and draw its inputs with "
                                      f"grader.checks.cases (rng, either, like), or @pytest.mark.{PUBLIC_ONLY}(\"why\")")


def notes_page(course: Course, exercise: Exercise) -> Iterator[Problem]:
    """The section of the notes the exercise cites exists in both languages (the site and `grader notes` link it)."""
    if not course.notes.is_dir():
        return
    cited = exercise.notes.page + (f"#{exercise.notes.anchor}" if exercise.notes.anchor else "")
    for lang in LANGS:
        try:
            find_section(cited, lang)
        except GraderError as error:
            yield Problem(course.catalog / f"{exercise.id}.yaml", "notes", f"{lang}: {error}")
            return  # one line is enough: a missing page or anchor is usually missing in both languages


def quizzes(course: Course) -> tuple[list[Quiz], list[Problem]]:
    """Every quiz file valid, and the reference answers (solutions/answers.yaml) scoring full marks on each."""
    with thorough_trials():  # every formula on 200 students' draws
        valid, problems = validate_files(bank_files(course.quizzes))
    if not problems:  # every `notes:` names a section of the notes (with every file valid, quizzes and files pair up)
        problems = notes_problems(valid, bank_files(course.quizzes))
    answers = course.solutions / ANSWERS_FILE
    for result, quiz in zip(grade_quizzes(course.solutions, bank=tuple(valid)), valid):
        if result.error:
            problems.append(Problem(answers, quiz.id, result.error))
            continue
        for question, scored in zip(quiz.questions, result.questions):
            if not scored.passed:
                problems.append(Problem(answers, f"{quiz.id}.{question.id}",
                                        f"{scored.message.rstrip('.')}: the reference answers must score full marks "
                                        f"({_expected_answer(question)})"))
    return valid, problems


def _expected_answer(question: QuestionBase) -> str:
    answer = question.solution()
    if answer is None:  # numbers drawn per student: the answer is the version's that solutions/ is given
        return "its numbers are drawn per student: answer the version solutions/ gets"
    return f"the quiz file's answer: {question.id}: {json.dumps(answer, ensure_ascii=False)}"


def placeholders(paths: list[Path]) -> Iterator[Problem]:
    """Files still holding text that `grader new` left for the author to write."""
    for path in paths:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        found = [number for number, line in enumerate(lines, 1) if PLACEHOLDER in line]
        if found:
            yield Problem(path, f"line {found[0]}", f"{len(found)} line(s) with {PLACEHOLDER} still to write")
