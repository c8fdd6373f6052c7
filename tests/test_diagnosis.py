"""grader/checks/diagnosis.py: which known mistakes a wrong value can be blamed on, and the return-type check."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.diagnosis import averaging_mistakes, dtype_mistakes, python_float, told_apart
from grader.expect import mistake
from grader.student import CheckFailed, Returned


def squared_error(a, b):
    return np.mean((a - b) ** 2)


def test_told_apart_drops_a_mistake_that_gives_the_right_value_and_names_ties_together():
    kept = told_apart(2.0, [mistake(2.0, "looks like a sum", "求和"), mistake(4.0, "looks like A", "甲"),
                            mistake(1.0, "looks like B", "乙"), mistake(4.0 + 1e-9, "looks like C", "丙")])
    assert [item.value for item in kept] == [4.0, 1.0]
    assert kept[0].text.en == "looks like A; or it looks like C" and kept[0].text.zh == "甲；或者丙"
    assert kept[1].text.en == "looks like B"


def test_told_apart_names_nothing_for_a_tiny_loss_where_every_mistake_is_within_close_s_absolute_tolerance():
    # expect.close names a mistake within 1e-9 of the value returned: at 1e-300 that would be any answer at all
    assert told_apart(2.5e-300, [mistake(5e-300, "looks like a sum", "求和"), mistake(0.0, "float32", "float32")],
                      atol=0.0) == []
    assert [item.value for item in told_apart(2.5, [mistake(5.0, "looks like a sum", "求和")], atol=0.0)] == [5.0]


def test_told_apart_keeps_a_float32_sized_difference_and_never_repeats_a_text():
    right = 1.0 / 3.0
    in_float32 = float(np.float32(right))
    kept = told_apart(right, [mistake(in_float32, "float32", "float32"), mistake(in_float32, "float32", "float32")])
    assert [item.text.en for item in kept] == ["float32"]


def test_dtype_mistakes_show_uint8_wrap_around_and_float32_rounding():
    y_pred, y_true = np.array([0, 200], dtype=np.uint8), np.array([1, 0], dtype=np.uint8)
    wrapped, float32 = dtype_mistakes(squared_error, y_pred, y_true)
    assert wrapped.value == squared_error(y_pred, y_true) != 20000.5  # 0 - 1 = 255 and 200**2 wraps in uint8
    assert "uint8" in wrapped.text.en and "wrap around" in wrapped.text.en
    assert "float32" in float32.text.en


def test_dtype_mistakes_blame_no_wrap_around_on_lists_or_int64():
    found = dtype_mistakes(squared_error, [1, 2], np.array([3, 4], dtype=np.int64))
    assert len(found) == 1 and "float32" in found[0].text.en


def test_averaging_mistakes_divide_by_rows_only_for_2d_and_floor_only_for_integers():
    terms = np.array([[1.0, 2.0], [3.0, 5.0]])
    by_rows, bessel, floored = averaging_mistakes(terms, [[1, 2], [3, 4]], [[0, 0], [0, 0]])
    assert (by_rows.value, bessel.value, floored.value) == (5.5, 11 / 3, 2.0)
    assert "len()" in by_rows.text.en and "n - 1" in bessel.text.en and "//" in floored.text.en
    assert [item.value for item in averaging_mistakes(terms[0], [1.5, 2.0], [0, 0])] == [3.0]  # n - 1 only
    assert averaging_mistakes(np.array([4.0]), [2.0], [0.0]) == []  # one element: n - 1 = 0 is no mistake to name


@pytest.mark.parametrize("value", [0.25, np.float64(0.25)])
def test_python_float_accepts_a_float(value):
    assert python_float(Returned(value, "mse([1], [0.5])")) == 0.25


@pytest.mark.parametrize("value, said", [(np.float32(0.25), "numpy float32"), (np.array(0.25), "shape ()"),
                                         (np.array([0.25]), "one number"), (1, "a int")])
def test_python_float_refuses_anything_else_and_says_what_came_back(value, said):
    with pytest.raises(CheckFailed) as failed:
        python_float(Returned(value, "mse([1], [0.5])"))
    assert "expected a Python float" in failed.value.message.en and said in failed.value.message.en
    assert "mse([1], [0.5])" in failed.value.message.zh
