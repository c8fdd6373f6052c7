"""The speed check: a Python loop is flagged with how many times slower it is; vectorised code is not."""

from __future__ import annotations

import pytest

from grader.speed import ADVISE_AT, FAIL_AT, Speed, speed_verdict
from grader.student import CheckFailed

from conftest import MISTAKES, SOLUTIONS

ZIP_LOOP = '''import numpy as np

def {name}(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("shapes differ or empty")
    total = 0.0
    for predicted, target in zip(y_pred.ravel().tolist(), y_true.ravel().tolist()):
        total += {term}
    return total / y_pred.size
'''
LOOPS = {"ex01_mse": ("mse", "(predicted - target) ** 2"), "ex02_mae": ("mae", "abs(predicted - target)")}


def speed_check(result):
    return next(check for check in result.checks if check.name == "vectorised")


@pytest.mark.parametrize("exercise_id", sorted(LOOPS))
def test_the_vectorised_reference_is_not_flagged(grade_file, exercise_id):
    check = speed_check(grade_file(exercise_id, SOLUTIONS / f"{exercise_id}.py"))
    assert check.passed and check.advice == ""


@pytest.mark.parametrize("exercise_id", sorted(LOOPS))
def test_a_plain_python_loop_gets_advice_that_costs_no_points(grade_file, exercise_id, tmp_path):
    name, term = LOOPS[exercise_id]
    source = tmp_path / f"{exercise_id}.py"
    source.write_text(ZIP_LOOP.format(name=name, term=term))
    result = grade_file(exercise_id, source)
    check = speed_check(result)
    assert check.passed and result.status == "passed"
    assert "times slower than the vectorised reference" in check.advice
    times = float(check.advice.split(" is ")[1].split(" times")[0])
    assert ADVISE_AT <= times < FAIL_AT


@pytest.mark.parametrize("exercise_id", sorted(LOOPS))
def test_a_loop_calling_numpy_per_element_fails_the_check(grade_file, exercise_id):
    result = grade_file(exercise_id, MISTAKES / exercise_id / "python_loop.py", lang="zh")
    check = speed_check(result)
    assert not check.passed and check.points == 0
    assert "倍" in check.message and "向量化" in check.message
    assert all(other.passed for other in result.checks if other.name != "vectorised")


def test_the_verdict_thresholds():
    assert speed_verdict(Speed(ADVISE_AT * 0.9, 0.009, 0.005, 10**6), "mse", "np.mean") is None
    advice = speed_verdict(Speed(20.0, 0.1, 0.005, 10**6), "mse", "np.mean")
    assert advice is not None and "20 times slower" in advice.en and "20 倍" in advice.zh
    with pytest.raises(CheckFailed) as failed:
        speed_verdict(Speed(FAIL_AT, 0.25, 0.005, 10**6), "mse", "np.mean")
    assert f"{FAIL_AT:.0f} times slower" in failed.value.message.en
