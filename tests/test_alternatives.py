"""Correct implementations written differently (loops, other formulas, other idioms) get full marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.catalog import load_catalog

ALTERNATIVES = Path(__file__).parent / "alternatives"
EXERCISES = [exercise.id for exercise in load_catalog()]
FILES = sorted(path for exercise in EXERCISES for path in (ALTERNATIVES / exercise).glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_alternative_correct_implementation_gets_full_marks(grade_file, path):
    result = grade_file(path.parent.name, path)
    failures = {check.name: check.message for check in result.checks if not check.passed}
    assert failures == {}
    assert result.score == result.max_score and result.status == "passed"


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_every_exercise_has_an_alternative(exercise_id):
    assert list((ALTERNATIVES / exercise_id).glob("*.py")), f"no alternative implementation for {exercise_id}"
