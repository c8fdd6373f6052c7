"""Every check passes the reference and is failed by at least one realistic wrong implementation."""

from __future__ import annotations

import pytest

from grader.authoring.mistakes import expected_failures
from grader.catalog import load_catalog

from conftest import MISTAKES, SOLUTIONS

CATALOG = {exercise.id: exercise for exercise in load_catalog()}
MISTAKE_FILES = sorted(MISTAKES.glob("ex*/*.py"))


@pytest.mark.parametrize("exercise_id", sorted(CATALOG))
def test_reference_solution_passes_every_check(grade_file, exercise_id):
    result = grade_file(exercise_id, SOLUTIONS / f"{exercise_id}.py")
    failures = {check.name: check.message for check in result.checks if not check.passed}
    assert failures == {}
    assert result.score == result.max_score and result.status == "passed"


@pytest.mark.parametrize("path", MISTAKE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_wrong_implementation_fails_its_checks(grade_file, path):
    exercise_id = path.parent.name
    expected = expected_failures(path)
    unknown = set(expected) - {check.name for check in CATALOG[exercise_id].checks}
    assert not unknown, f"EXPECTED_FAILURES names checks that do not exist: {unknown}"
    result = grade_file(exercise_id, path)
    by_name = {check.name: check for check in result.checks}
    for name, fragment in expected.items():
        assert not by_name[name].passed, f"{name} passed a wrong implementation ({path.name})"
        if fragment:
            assert fragment in by_name[name].message, (name, by_name[name].message)
    assert result.score < result.max_score


@pytest.mark.parametrize("exercise_id", sorted(CATALOG))
def test_every_check_is_failed_by_some_mistake(exercise_id):
    covered: set[str] = set()
    for path in (MISTAKES / exercise_id).glob("*.py"):
        covered |= set(expected_failures(path))
    uncovered = {check.name for check in CATALOG[exercise_id].checks} - covered
    assert not uncovered, f"no wrong implementation in tests/mistakes/{exercise_id} fails: {sorted(uncovered)}"
