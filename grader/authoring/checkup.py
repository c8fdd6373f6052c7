"""`grader doctor`: every problem of the course, as one line each, from the static checks and a grading run."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from grader.authoring import graded, static
from grader.authoring.course import Course
from grader.catalog import Exercise
from grader.errors import GraderError
from grader.grading.session import GradingSession, run_checks
from grader.quiz.bank import Problem, bank_files
from grader.sandbox.pool import Sandbox, SandboxLimits


def select(exercises: list[Exercise], names: Sequence[str]) -> list[Exercise]:
    """The exercises named by id or number (ex10_log_cosh, ex10, 10); all of them when none is named."""
    if not names:
        return exercises
    chosen = []
    for name in names:
        wanted = f"ex{int(name):02d}" if name.isdigit() else name.removesuffix(".py")
        found = [exercise for exercise in exercises if exercise.id == wanted or exercise.id.startswith(wanted + "_")]
        if len(found) != 1:
            known = ", ".join(exercise.id for exercise in exercises)
            raise GraderError(f"--exercise {name}: no exercise of the catalog has that id or number; they are: {known}")
        chosen.append(found[0])
    return chosen


def authored_files(course: Course, exercise: Exercise) -> list[Path]:
    """The files of an exercise that an author writes (where `grader new` leaves placeholders)."""
    files = [course.solutions / exercise.filename, course.catalog / f"{exercise.id}.yaml",
             course.checks / exercise.filename]
    for folder in (course.mistakes, course.alternatives):
        files += sorted((folder / exercise.id).glob("*.py"))
    return [path for path in files if path.is_file()]


def diagnose(course: Course, names: Sequence[str] = (), grade: bool = True, timeout: float = 20.0,
             progress: Callable[[str], None] = lambda _: None) -> list[Problem]:
    """Every problem found, in course order; grading runs only for exercises whose files are sound."""
    exercises, problems = static.catalog(course)
    selected = select(exercises, names)
    if not names:
        problems += static.stray_files(course, exercises)
        problems += static.stale_notebooks(course)
    sound = []
    for exercise in selected:
        found = [*static.solution_and_stub(course, exercise), *static.notes_page(course, exercise)]
        functions = static.check_functions(course, exercise)
        problems += found + functions
        problems += static.placeholders(authored_files(course, exercise))
        if not functions and not any(problem.file == course.solutions / exercise.filename for problem in found):
            sound.append(exercise)
    _, quiz_problems = static.quizzes(course)
    problems += quiz_problems
    problems += static.placeholders(bank_files(course.quizzes))
    if grade and sound:
        problems += _graded(course, sound, timeout, progress)
    return problems


def _graded(course: Course, exercises: list[Exercise], timeout: float,
            progress: Callable[[str], None]) -> list[Problem]:
    def grade_all(session: GradingSession) -> list[Problem]:
        grading = graded.Grading(course, sandbox, session)
        problems: list[Problem] = []
        for exercise in exercises:
            progress(f"grading {exercise.id}: the reference, its mistakes and alternatives")
            failing = graded.reference_passes(grading, course, exercise)
            problems += failing
            if failing:
                continue  # what mistakes and alternatives score means nothing until the reference passes
            if course.mistakes.is_dir():
                problems += graded.mistakes_fail(grading, course, exercise)
            if course.alternatives.is_dir():
                problems += graded.alternatives_pass(grading, course, exercise)
        return problems

    # One sandbox and one pytest session for every file graded: their start-up is paid once.
    with Sandbox(SandboxLimits(timeout=timeout)) as sandbox:
        return run_checks(grade_all, [exercise.id for exercise in exercises])
