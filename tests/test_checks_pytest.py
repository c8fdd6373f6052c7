"""The checks are pytest tests: the grader runs them in a pytest session, and an instructor can run them with pytest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from grader.catalog import find_exercise, load_catalog
from grader.grading import session as grading_session
from grader.grading.session import ChecksError, run_checks
from grader.paths import PACKAGE_DIR

from conftest import SOLUTIONS

PROJECT = PACKAGE_DIR.parent


def test_every_catalog_check_is_collected_by_pytest_and_nothing_else():
    def names(checks):
        return {exercise_id: sorted({item.originalname.removeprefix("test_") for item in items})
                for exercise_id, items in checks.items.items()}

    collected = run_checks(names)
    assert collected == {exercise.id: sorted(check.name for check in exercise.checks) for exercise in load_catalog()}


@pytest.fixture
def fake_checks(tmp_path, monkeypatch):
    """A checks folder of our own making for ex01_mse (same catalog entry), to watch how pytest runs it."""
    folder = tmp_path / "checks"
    folder.mkdir()
    shutil.copyfile(PACKAGE_DIR / "checks" / "pytest.ini", folder / "pytest.ini")
    monkeypatch.setattr(grading_session, "CHECKS_DIR", folder)
    monkeypatch.delitem(sys.modules, "ex01_mse", raising=False)
    yield folder / "ex01_mse.py"
    sys.modules.pop("ex01_mse", None)


def _write_checks(path: Path, body: str) -> None:
    names = [check.name for check in find_exercise("ex01_mse").checks]
    passing = "\n".join(f"def test_{name}(student, ref):\n    pass\n" for name in names
                        if f"def test_{name}(" not in body)
    path.write_text("import pytest\nfrom grader.expect import close\n" + textwrap.dedent(body) + "\n" + passing)


def test_parametrised_cases_make_one_result_per_catalog_check_naming_the_failing_case(fake_checks, grade_file):
    _write_checks(fake_checks, """
        @pytest.mark.parametrize("values", [[1.0, 2.0], [3.0, -1.0], [5.0, 5.0]], ids=["small", "mixed", "equal"])
        def test_worked_example(student, ref, values):
            close(student.call("mse", values, [0.0, 0.0]), ref.call("mse", values, [0.0, 0.0]) + (values[0] == 3.0))
    """)
    result = grade_file("ex01_mse", SOLUTIONS / "ex01_mse.py")
    by_name = {check.name: check for check in result.checks}
    assert [check.name for check in result.checks] == [check.name for check in find_exercise("ex01_mse").checks]
    assert not by_name["worked_example"].passed and by_name["worked_example"].points == 0
    assert by_name["worked_example"].message.startswith("[mixed] mse([3.0, -1.0], [0.0, 0.0]) returned 5.0, expected 6.0")
    assert all(check.passed for check in result.checks if check.name != "worked_example")


def test_a_bug_in_a_check_costs_that_check_only_and_says_so(fake_checks, grade_file, capsys):
    _write_checks(fake_checks, """
        def test_random_arrays(student, ref):
            return 1 / 0
    """)
    result = grade_file("ex01_mse", SOLUTIONS / "ex01_mse.py")
    by_name = {check.name: check for check in result.checks}
    assert by_name["random_arrays"].message == "internal error in check random_arrays: ZeroDivisionError: division by zero"
    assert result.score == result.max_score - by_name["random_arrays"].max_points
    assert "internal error in ex01_mse.random_arrays" in capsys.readouterr().err


def test_a_plain_assert_in_a_check_fails_it_with_pytests_introspection(fake_checks, grade_file):
    _write_checks(fake_checks, """
        def test_random_arrays(student, ref):
            got = student.call("mse", [1.0, 3.0], [0.0, 0.0]).value
            assert got == 4.0
    """)
    result = grade_file("ex01_mse", SOLUTIONS / "ex01_mse.py")
    message = {check.name: check.message for check in result.checks}["random_arrays"]
    assert "assert 5.0 == 4.0" in message  # pytest rewrote the assert: the values are in the message


def test_a_checks_module_that_does_not_import_is_the_courses_error_named_by_file(fake_checks, grade_file):
    fake_checks.write_text("def test_worked_example(student, ref):\n    return (\n")
    with pytest.raises(ChecksError, match=r"ex01_mse\.py"):
        grade_file("ex01_mse", SOLUTIONS / "ex01_mse.py")


def test_the_users_pytest_settings_do_not_reach_grading(grade_file, monkeypatch):
    monkeypatch.setenv("PYTEST_ADDOPTS", "-k nothing_matches --maxfail=1 -x")
    monkeypatch.setenv("PYTEST_PLUGINS", "a_plugin_that_does_not_exist")
    result = grade_file("ex02_mae", SOLUTIONS / "ex02_mae.py")
    assert result.score == result.max_score and len(result.checks) == len(find_exercise("ex02_mae").checks)
    assert os.environ["PYTEST_ADDOPTS"] == "-k nothing_matches --maxfail=1 -x"  # given back as it was
    assert "PYTEST_DISABLE_PLUGIN_AUTOLOAD" not in os.environ


def _pytest_checks(*arguments: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "grader/checks", *arguments], cwd=PROJECT, input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def wrong_huber(tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    source = (SOLUTIONS / "ex03_huber.py").read_text()
    assert "error <= delta" in source
    (folder / "ex03_huber.py").write_text(source.replace("error <= delta", "error < delta").replace(
        "delta * (error - 0.5 * delta)", "delta * error"))
    return folder


def test_an_instructor_runs_the_checks_with_pytest_and_reads_the_messages(wrong_huber):
    run = _pytest_checks("--submission", str(wrong_huber), "-k", "ex03_huber")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAILED grader/checks/ex03_huber.py::test_worked_example" in run.stdout
    assert "huber([1.5, -1.0], [1.0, 2.0], delta=1.0) returned" in run.stdout
    assert "Traceback" not in run.stdout  # a verdict is its message, not a stack
    assert "ex03_huber: " in run.stdout and "(14 in all)" in run.stdout

    run = _pytest_checks("--submission", str(SOLUTIONS), "-k", "ex03_huber", "--lang", "zh")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ex03_huber: 14/14 points" in run.stdout


def test_an_instructor_can_debug_a_failing_check_with_pdb(wrong_huber):
    run = _pytest_checks("--submission", str(wrong_huber), "-k", "ex03_huber and worked_example", "--pdb",
                         stdin="p got.value\ncontinue\n")
    assert "(Pdb)" in run.stdout, run.stdout + run.stderr
    assert "CheckFailed" in run.stdout


def test_the_checks_without_a_submission_say_how_to_give_one():
    run = _pytest_checks("-k", "mse")
    assert run.returncode == pytest.ExitCode.USAGE_ERROR
    assert "pytest grader/checks --submission PATH" in run.stderr


HELD_OUT_CHECK = """
    from grader.checks.cases import pairs

    @pytest.mark.held_out
    def test_random_arrays(student, ref):
        for y_pred, y_true in pairs(seed=1, shapes=[(3,), (2, 2)]):
            close(student.call("mse", y_pred, y_true), ref.call("mse", y_pred, y_true))
"""


def test_a_held_out_check_runs_twice_where_the_instructor_grades_and_once_elsewhere(fake_checks, sandbox, reference,
                                                                                    tmp_path):
    from grader.grading.held_out import HeldOut
    from grader.runner import grade_exercise

    _write_checks(fake_checks, HELD_OUT_CHECK)
    submission = tmp_path / "alice"
    submission.mkdir()
    (submission / "ex01_mse.py").write_text(  # right on the public cases only: a lookup table of 2 answers
        "import numpy as np\ng = np.random.default_rng(1)\n"
        "TABLE = [float(np.mean((g.normal(0, 3, s) - g.normal(0, 3, s)) ** 2)) for s in [(3,), (2, 2)]]\n"
        "calls = []\n"
        "def mse(y_pred, y_true):\n    calls.append(1)\n    return TABLE[(len(calls) - 1) % 2]\n")
    src, _ = sandbox.stage(submission)
    exercise = find_exercise("ex01_mse")
    public = grade_exercise(exercise, sandbox, src, submission, reference, "en")
    check = {c.name: c for c in public.checks}["random_arrays"]
    assert check.passed and check.held_out == "not_run"

    held_out = HeldOut("instructor secret", "alice")
    graded = grade_exercise(exercise, sandbox, src, submission, reference, "en", held_out=held_out)
    check = {c.name: c for c in graded.checks}["random_arrays"]
    assert not check.passed and check.held_out == "failed" and check.points == 0
    assert check.message.startswith("held-out case: mse(np.array([")
    assert "expected" not in check.message.replace("the expected value of a held-out case is not shown", "")

    right = tmp_path / "bob"
    right.mkdir()
    shutil.copyfile(SOLUTIONS / "ex01_mse.py", right / "ex01_mse.py")
    src, _ = sandbox.stage(right)
    for secret in ("one", "two"):
        graded = grade_exercise(exercise, sandbox, src, right, reference, "en", held_out=HeldOut(secret, "bob"))
        assert {c.name: c.held_out for c in graded.checks}["random_arrays"] == "passed"
        assert graded.score == graded.max_score


def test_held_out_inputs_differ_by_student_and_secret_and_repeat_for_the_same_pair():
    from grader.checks.cases import rng
    from grader.grading.held_out import HeldOut, drawing

    def first(secret: str, student: str) -> float:
        with drawing(HeldOut(secret, student), "ex01_mse", "random_arrays"):
            return float(rng(1).normal())

    public = float(rng(1).normal())
    assert public == float(np.random.default_rng(1).normal())
    values = {first(secret, student) for secret in ("s1", "s2") for student in ("ann", "ben")}
    assert len(values) == 4 and public not in values
    assert first("s1", "ann") == first("s1", "ann")
