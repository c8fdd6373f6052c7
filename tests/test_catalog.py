"""The exercise catalog: valid, consistent with the checks and solutions, and strict about mistakes."""

from __future__ import annotations

import inspect

import pytest

from grader.catalog import find_exercise, load_catalog, load_exercise
from grader.errors import GraderError
from grader.runner import checks_module

from conftest import SOLUTIONS

CATALOG = load_catalog()


def test_catalog_holds_the_nine_exercises_in_order():
    assert [exercise.id for exercise in CATALOG] == [
        "ex01_mse", "ex02_mae", "ex03_huber", "ex04_binary_cross_entropy", "ex05_cross_entropy",
        "ex06_gradients", "ex07_training_loop", "ex08_overfitting", "ex09_language_model",
    ]


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda exercise: exercise.id)
def test_every_catalog_check_has_exactly_one_check_function(exercise):
    module = checks_module(exercise)
    defined = [name.removeprefix("test_") for name, value in vars(module).items()
               if name.startswith("test_") and inspect.isfunction(value)]
    assert defined == [check.name for check in exercise.checks]


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda exercise: exercise.id)
def test_solution_defines_every_catalog_function(exercise):
    source = (SOLUTIONS / exercise.filename).read_text()
    for function in exercise.functions:
        assert f"def {function}(" in source


@pytest.mark.parametrize("name, expected", [("1", "ex01_mse"), ("ex01", "ex01_mse"), ("ex01_mse.py", "ex01_mse"),
                                            ("mse", "ex01_mse")])
def test_find_exercise_accepts_numbers_and_names(name, expected):
    assert find_exercise(name).id == expected


def test_unknown_exercise_is_a_user_error():
    with pytest.raises(GraderError, match="no exercise named 'nope'"):
        find_exercise("nope")


@pytest.mark.parametrize("text, fragment", [
    ("id: ex01_mse\n: bad", "cannot read the catalog entry"),
    ("id: ex01_mse\ntitle: {zh: '', en: x}\n", "title.zh: Value error, must not be empty"),
    ("[1, 2]", "(top)"),
])
def test_malformed_catalog_entries_name_the_file_and_problem(tmp_path, text, fragment):
    path = tmp_path / "ex01_mse.yaml"
    path.write_text(text)
    with pytest.raises(GraderError) as error:
        load_exercise(path)
    assert str(path) in str(error.value) and fragment in str(error.value)


def test_duplicate_check_names_are_rejected(tmp_path):
    source = (load_catalog()[0])
    data = source.model_dump()
    data["checks"].append(data["checks"][0])
    path = tmp_path / "ex01_mse.yaml"
    import yaml

    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(GraderError, match="duplicate check names: worked_example"):
        load_exercise(path)
