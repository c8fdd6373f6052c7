"""`grader doctor`'s checks that grade: the reference passes every check, mistakes fail theirs, alternatives pass."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from grader.authoring.course import Course
from grader.authoring.mistakes import expected_failures
from grader.authoring.static import WHOLE_FILE, error_problem
from grader.catalog import Exercise
from grader.errors import GraderError
from grader.grading.session import GradingSession
from grader.quiz.bank import Problem
from grader.reference import Reference
from grader.report import ExerciseResult
from grader.runner import grade_exercise
from grader.sandbox.pool import Sandbox


class Grading:
    """One sandbox, one pytest session and the course's reference, grading any file as an exercise's submission."""

    def __init__(self, course: Course, sandbox: Sandbox, session: GradingSession) -> None:
        self.sandbox = sandbox
        self.session = session
        self.reference = Reference(course.solutions)

    def grade(self, exercise: Exercise, source: Path) -> ExerciseResult:
        with tempfile.TemporaryDirectory(prefix="grader-doctor-") as folder:
            submission = Path(folder)
            shutil.copyfile(source, submission / exercise.filename)
            src, _ = self.sandbox.stage(submission)
            return grade_exercise(exercise, self.sandbox, src, submission, self.reference, "en", self.session)


def _unusable(path: Path, result: ExerciseResult) -> Problem | None:
    """A file that did not run at all (import error, not implemented): none of its verdicts mean anything."""
    if result.status in ("error", "missing", "not_implemented"):
        return Problem(path, WHOLE_FILE, f"could not be graded: {result.reason or result.status}")
    return None


def reference_passes(grading: Grading, course: Course, exercise: Exercise) -> list[Problem]:
    path = course.solutions / exercise.filename
    result = grading.grade(exercise, path)
    unusable = _unusable(path, result)
    if unusable:
        return [unusable]
    return [Problem(path, f"check {check.name}", f"the reference fails it: {check.message}")
            for check in result.checks if not check.passed]


def mistakes_fail(grading: Grading, course: Course, exercise: Exercise) -> list[Problem]:
    """Each mistake fails the checks it declares (with its message), and every check is failed by one."""
    folder = course.mistakes / exercise.id
    files = sorted(folder.glob("*.py"))
    if not files:
        return [Problem(folder, "(folder)", "no wrong implementations: every check needs one that fails it")]
    problems: list[Problem] = []
    covered: set[str] = set()
    for path in files:
        try:
            expected = expected_failures(path)
        except GraderError as error:
            problems.append(error_problem(path, error))
            continue
        result = grading.grade(exercise, path)
        unusable = _unusable(path, result)
        if unusable:
            problems.append(unusable)
            continue
        problems.extend(_declared_failures(path, result, expected))
        covered |= {check.name for check in result.checks if not check.passed and check.name in expected}
    problems += [Problem(folder, f"check {check.name}", "no wrong implementation here fails it (add one, with "
                                                        "the check in its EXPECTED_FAILURES)")
                 for check in exercise.checks if check.name not in covered]
    return problems


def _declared_failures(path: Path, result: ExerciseResult, expected: dict[str, str | None]) -> Iterator[Problem]:
    by_name = {check.name: check for check in result.checks}
    for name, fragment in expected.items():
        check = by_name.get(name)
        if check is None:
            yield Problem(path, "EXPECTED_FAILURES", f"names {name!r}, which is not a check of {result.id}")
        elif check.passed:
            yield Problem(path, f"check {name}", "passes, although EXPECTED_FAILURES says this mistake fails it")
        elif fragment and fragment not in check.message:
            yield Problem(path, f"check {name}", f"fails without saying {fragment!r}: {check.message}")
    if result.score == result.max_score:
        yield Problem(path, WHOLE_FILE, "gets full marks: the checks do not see this mistake")


def alternatives_pass(grading: Grading, course: Course, exercise: Exercise) -> list[Problem]:
    folder = course.alternatives / exercise.id
    files = sorted(folder.glob("*.py"))
    if not files:
        return [Problem(folder, "(folder)", "no correct alternative implementation (a loop, another formula or "
                                            "idiom) to prove the checks accept more than the reference")]
    problems: list[Problem] = []
    for path in files:
        result = grading.grade(exercise, path)
        unusable = _unusable(path, result)
        if unusable:
            problems.append(unusable)
            continue
        problems += [Problem(path, f"check {check.name}", f"a correct alternative fails it: {check.message}")
                     for check in result.checks if not check.passed]
    return problems
