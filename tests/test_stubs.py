"""Stubs and solutions share functions, signatures and docstrings; the stubs are up to date."""

from __future__ import annotations

import ast

import pytest

from grader.catalog import load_catalog
from grader.stubs import write_stubs

from conftest import EXERCISES, SOLUTIONS

CATALOG = load_catalog()


def public_functions(path):
    tree = ast.parse(path.read_text())
    return {node.name: (ast.unparse(node.args), ast.get_docstring(node, clean=False))
            for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda exercise: exercise.id)
def test_stub_and_solution_have_the_same_functions_signatures_and_docstrings(exercise):
    stub, solution = public_functions(EXERCISES / exercise.filename), public_functions(SOLUTIONS / exercise.filename)
    assert stub == solution
    assert sorted(stub) == sorted(exercise.functions)
    assert all(docstring and len(docstring) > 80 for _, docstring in stub.values()), "docstrings must teach"


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda exercise: exercise.id)
def test_every_stub_function_raises_not_implemented(exercise):
    tree = ast.parse((EXERCISES / exercise.filename).read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            last = node.body[-1]
            assert isinstance(last, ast.Raise) and "NotImplementedError" in ast.unparse(last)
            assert len(node.body) == 2  # the docstring and the raise: no leftover solution code


def test_stubs_are_generated_from_the_current_solutions():
    assert write_stubs(SOLUTIONS, EXERCISES, CATALOG, check=True) == []
