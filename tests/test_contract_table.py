"""Every promise of every exercise is listed with the checks that catch its violation, and a mistake proves it."""

from __future__ import annotations

import pytest

from grader.authoring.contract_table import TABLE_FILE, contract_table
from grader.catalog import load_catalog

from conftest import MISTAKES
from test_mistakes import expected_failures

CATALOG = load_catalog()


def test_the_contract_table_is_generated_from_the_catalog():
    assert TABLE_FILE.read_text(encoding="utf-8") == contract_table(), \
        "docs/contract.md is out of date: python -m grader.authoring.contract_table"


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda exercise: exercise.id)
def test_every_function_has_clauses_and_every_clause_a_mistake_that_its_checks_catch(exercise):
    assert {clause.function for clause in exercise.contract} == set(exercise.functions)
    caught = [set(expected_failures(path)) for path in (MISTAKES / exercise.id).glob("*.py")]
    for clause in exercise.contract:
        assert any(set(clause.checks) & failures for failures in caught), \
            f"{exercise.id}: no mistake in tests/mistakes fails a check of {clause.clause.en!r}"
