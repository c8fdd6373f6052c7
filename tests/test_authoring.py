"""An instructor adds an exercise and a quiz from docs/authoring.md alone, in a copy of the course: grader new,
grader new stubs, grader doctor and grading, with the files the worked example shows."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT

NAME = "ex10_log_cosh"
QUIZ = "log_cosh_basics"
# Each file of the worked example is a fenced block whose info string names its path: ```python title="..."
DOCUMENTED = re.compile(r'^```\w+ title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)
# Not needed to author or grade, and large or generated: the copy leaves them out.
SKIPPED_NAMES = {".venv", ".git", "build", "benchmarks", "__pycache__", ".hypothesis", ".pytest_cache", ".grader"}
SKIPPED_PATHS = {Path("site/docs/exercises"), Path("site/docs/quizzes"), Path("site/docs/assets/figures")}


def documented_files() -> dict[str, str]:
    return dict(DOCUMENTED.findall((PROJECT / "docs" / "authoring.md").read_text(encoding="utf-8")))


def copy_course(target: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> list[str]:
        here = Path(folder).relative_to(PROJECT)
        return [name for name in names if name in SKIPPED_NAMES or name.endswith(".egg-info")
                or here / name in SKIPPED_PATHS]

    shutil.copytree(PROJECT, target, ignore=ignore)
    return target


def grader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """The copy's own grader (its catalog and checks are found beside its package), run in the copy."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LOSS_COMPASS", "PYTHON"))}
    env["PYTHONPATH"] = str(course)
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)


@contextlib.contextmanager
def edited(path: Path, text: str):
    """`path` holds `text` for the duration (created if absent), then what it held before."""
    before = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(text, encoding="utf-8")
    try:
        yield path
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    folder = copy_course(tmp_path_factory.mktemp("authoring") / "course")
    where = grader(folder, "--version")
    assert where.returncode == 0, where.stderr
    imported = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"], cwd=folder,
                              env={**os.environ, "PYTHONPATH": str(folder)}, capture_output=True, text=True)
    assert Path(imported.stdout.strip()).is_relative_to(folder)
    return folder


@pytest.fixture(scope="module")
def exercise(course) -> dict[str, subprocess.CompletedProcess]:
    """ex10_log_cosh scaffolded, checked half-done, then written as docs/authoring.md shows and its stub generated."""
    steps = {"new": grader(course, "new", "exercise", NAME)}
    steps["doctor_scaffold"] = grader(course, "doctor", "-e", NAME, "--quick")
    steps["new_again"] = grader(course, "new", "exercise", NAME)
    for scaffold in ("tests/mistakes", "tests/alternatives"):
        for path in (course / scaffold / NAME).glob("rename_after_*.py"):
            path.unlink()
    for title, text in documented_files().items():
        if title.startswith(("solutions/ex", "grader/catalog/", "grader/checks/", "tests/")):
            (course / title).write_text(text, encoding="utf-8")
    steps["stubs"] = grader(course, "new", "stubs", NAME)
    return steps


@pytest.fixture(scope="module")
def quiz(course, exercise) -> dict[str, subprocess.CompletedProcess]:
    """log_cosh_basics scaffolded, checked half-done, then written and answered as docs/authoring.md shows."""
    steps = {"new": grader(course, "new", "quiz", QUIZ)}
    steps["doctor_scaffold"] = grader(course, "doctor", "-e", NAME, "--quick")
    documented = documented_files()
    (path,) = (course / "grader" / "quizzes").glob(f"*_{QUIZ}.yaml")
    path.write_text(documented[f"grader/quizzes/NN_{QUIZ}.yaml"], encoding="utf-8")
    with (course / "solutions" / "answers.yaml").open("a", encoding="utf-8") as answers:
        answers.write("\n" + documented["solutions/answers.yaml"])
    steps["doctor"] = grader(course, "doctor", "-e", NAME, "--quick")
    return steps


def test_the_worked_example_shows_every_file_of_an_exercise_and_a_quiz():
    titles = set(documented_files())
    assert {f"solutions/{NAME}.py", f"grader/catalog/{NAME}.yaml", f"grader/checks/{NAME}.py",
            f"grader/quizzes/NN_{QUIZ}.yaml", "solutions/answers.yaml"} <= titles
    assert any(title.startswith(f"tests/mistakes/{NAME}/") for title in titles)
    assert any(title.startswith(f"tests/alternatives/{NAME}/") for title in titles)


def test_new_exercise_scaffolds_the_files_with_placeholders_and_next_steps(course, exercise):
    created = exercise["new"]
    assert created.returncode == 0, created.stderr
    for path in (f"solutions/{NAME}.py", f"grader/catalog/{NAME}.yaml", f"grader/checks/{NAME}.py"):
        assert path in created.stdout
    assert "Next" in created.stdout and f"grader new stubs {NAME}" in created.stdout
    # Before the author writes anything, doctor lists what is left: the placeholders and the missing stub.
    half_done = exercise["doctor_scaffold"]
    assert half_done.returncode == 1
    assert f"solutions/{NAME}.py: line" in half_done.stdout and "TODO(author)" in half_done.stdout
    assert f"exercises/{NAME}.py: (file): stub missing" in half_done.stdout


def test_new_exercise_never_overwrites(course, exercise):
    again = exercise["new_again"]
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "already exists" in again.stderr
    assert "log_cosh(y_pred, y_true)" in (course / "solutions" / f"{NAME}.py").read_text()


def test_stubs_are_written_from_the_solution(course, exercise):
    assert exercise["stubs"].returncode == 0, exercise["stubs"].stderr
    stub = (course / "exercises" / f"{NAME}.py").read_text(encoding="utf-8")
    assert "np.cosh(e) overflows to inf" in stub and "raise NotImplementedError" in stub
    assert "np.log1p" not in stub.split('"""')[-1]  # the docstring stays, the body does not


def test_doctor_passes_on_the_documented_exercise(course, exercise, quiz):
    checked = grader(course, "doctor", "-e", NAME)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("ok:")


def test_the_reference_gets_full_marks_and_a_mistake_fails_the_check_it_names(course, exercise, quiz, tmp_path):
    reference = tmp_path / "reference"  # only the new exercise and the answers: the rest would be graded for nothing
    reference.mkdir()
    for name in (f"{NAME}.py", "answers.yaml"):
        shutil.copyfile(course / "solutions" / name, reference / name)
    graded = grader(course, "grade", str(reference), "--format", "json")
    assert graded.returncode == 0, graded.stderr
    report = json.loads(graded.stdout)
    (result,) = [item for item in report["exercises"] if item["id"] == NAME]
    assert (result["score"], result["max_score"], result["status"]) == (7, 7, "passed")
    (answered,) = [item for item in report["quizzes"] if item["id"] == QUIZ]
    assert answered["score"] == answered["max_score"] == 2

    wrong_folder = tmp_path / "wrong"
    wrong_folder.mkdir()
    shutil.copyfile(course / "tests" / "mistakes" / NAME / "naive_cosh.py", wrong_folder / f"{NAME}.py")
    wrong = json.loads(grader(course, "grade", str(wrong_folder), "--format", "json").stdout)
    (result,) = [item for item in wrong["exercises"] if item["id"] == NAME]
    failed = {check["name"]: check["message"] for check in result["checks"] if not check["passed"]}
    assert list(failed) == ["large_errors_stay_finite"]
    assert "returned inf, expected a finite value" in failed["large_errors_stay_finite"]


def test_new_quiz_scaffolds_one_question_of_each_kind_and_doctor_validates_it(course, quiz):
    created = quiz["new"]
    assert created.returncode == 0, created.stderr
    assert re.search(rf"grader/quizzes/\d\d_{QUIZ}\.yaml", created.stdout) and "Next" in created.stdout
    half_done = quiz["doctor_scaffold"]
    assert half_done.returncode == 1
    for kind in ("single_choice", "multiple_choice", "true_or_false", "numeric_answer", "short_text"):
        assert f"solutions/answers.yaml: {QUIZ}.{kind}: not answered" in half_done.stdout
    assert re.search(rf"grader/quizzes/\d\d_{QUIZ}\.yaml: line \d+: \d+ line\(s\) with TODO\(author\)", half_done.stdout)
    assert quiz["doctor"].returncode == 0, quiz["doctor"].stdout


BAD_NAMES = [
    ("exercise", "Ex10_bad", "must look like ex01_name"),
    ("exercise", "ex1_short", "must look like ex01_name"),
    ("exercise", "ex01_again", "already uses the number ex01"),
    ("exercise", "ex11_class", "not a usable function name"),
    ("quiz", "Bad-Name", "must be snake_case"),
    ("quiz", "validate", "reserved"),
    ("quiz", "why_square", "already exists"),
]
# Every refusal in one process of the copy (click's runner), not one start of the grader each.
REFUSALS = """
import json, sys
from click.testing import CliRunner
from grader.cli import cli
print(json.dumps([[result.exit_code, result.stderr, repr(result.exception)]
                  for result in (CliRunner().invoke(cli, ["new", kind, name]) for kind, name in json.loads(sys.argv[1]))]))
"""


@pytest.fixture(scope="module")
def refusals(course) -> dict[tuple[str, str], tuple[int, str, str]]:
    before = sorted(path for path in course.rglob("*") if "__pycache__" not in path.parts)
    cases = [[kind, name] for kind, name, _ in BAD_NAMES]
    completed = subprocess.run([sys.executable, "-c", REFUSALS, json.dumps(cases)], cwd=course, capture_output=True,
                               text=True, env={**os.environ, "PYTHONPATH": str(course)}, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert sorted(path for path in course.rglob("*") if "__pycache__" not in path.parts) == before, "wrote files"
    return {(kind, name): tuple(result) for (kind, name), result in zip(cases, json.loads(completed.stdout))}


@pytest.mark.parametrize("kind, name, fragment", BAD_NAMES)
def test_bad_names_are_one_line_errors_and_write_nothing(refusals, kind, name, fragment):
    exit_code, stderr, exception = refusals[kind, name]
    assert exit_code == 2 and exception.startswith("SystemExit")
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1 and fragment in stderr


def test_doctor_names_a_stub_out_of_sync(course):
    stub = course / "exercises" / "ex01_mse.py"
    with edited(stub, stub.read_text(encoding="utf-8") + "\nLEFTOVER = 1\n"):
        checked = grader(course, "doctor", "-e", "ex01", "--quick")
    assert checked.returncode == 1
    assert "exercises/ex01_mse.py: (file): stub out of date with solutions/ex01_mse.py" in checked.stdout


def test_doctor_names_a_catalog_check_without_its_function(course, exercise):
    entry = course / "grader" / "catalog" / f"{NAME}.yaml"
    text = entry.read_text(encoding="utf-8").replace(
        "hints:", "  - name: gradient_is_tanh\n    points: 1\n    title: {zh: 梯度是 tanh, en: The gradient is tanh}\nhints:")
    with edited(entry, text):
        checked = grader(course, "doctor", "-e", NAME, "--quick")
    assert checked.returncode == 1
    assert (f"grader/checks/{NAME}.py: check gradient_is_tanh: in the catalog but no function test_gradient_is_tanh"
            in checked.stdout)


def test_doctor_names_a_check_without_held_out_cases_or_a_reason(course, exercise):
    checks = course / "grader" / "checks" / f"{NAME}.py"
    text = checks.read_text(encoding="utf-8")
    unmarked = text.replace("@pytest.mark.held_out\ndef test_empty_input_raises", "def test_empty_input_raises")
    no_reason = text.replace("@pytest.mark.held_out\ndef test_inputs_unchanged",
                             "@pytest.mark.public_only\ndef test_inputs_unchanged")
    assert unmarked != text and no_reason != text
    for edit, fragment in ((unmarked, "test_empty_input_raises: no held-out cases: mark it @pytest.mark.held_out"),
                           (no_reason, "test_inputs_unchanged: @pytest.mark.public_only needs its reason")):
        with edited(checks, edit):
            checked = grader(course, "doctor", "-e", NAME, "--quick")
        assert checked.returncode == 1
        assert f"grader/checks/{NAME}.py: {fragment}" in checked.stdout, checked.stdout


def test_doctor_names_a_notebook_out_of_date_with_its_sources(course):
    notebook = course / "notebooks" / "ex02_mae.ipynb"
    with edited(notebook, notebook.read_text(encoding="utf-8").replace("mae", "mea", 1)):
        checked = grader(course, "doctor", "--quick")
    assert checked.returncode == 1
    assert "notebooks/ex02_mae.ipynb: (file): out of date with the course's sources: run grader notebooks build" \
        in checked.stdout, checked.stdout


def test_doctor_names_an_invalid_quiz_file_and_line(course):
    broken = ("id: broken_quiz\ntitle: {zh: 坏, en: Broken}\nquestions:\n  - id: q\n    type: single\n    points: 1\n"
              "    prompt: {zh: 题, en: Q}\n    explanation: {zh: 因为, en: Because}\n"
              "    choices:\n      - {id: a, text: {zh: 甲, en: A}}\n      - {id: b, text: {zh: 乙, en: B}}\n"
              "    answer: c\n")
    with edited(course / "grader" / "quizzes" / "99_broken_quiz.yaml", broken):
        checked = grader(course, "doctor", "-e", "ex01", "--quick")
    assert checked.returncode == 1
    assert re.search(r"grader/quizzes/99_broken_quiz\.yaml: line 12: questions\[0\] \(q\)\.answer: .*'c'.*not a choice",
                     checked.stdout), checked.stdout


def test_doctor_names_a_broken_catalog_entry_without_a_traceback(course):
    with edited(course / "grader" / "catalog" / "ex98_broken.yaml", "id: ex98_broken\ntitle: [unclosed\n"):
        checked = grader(course, "doctor", "-e", "ex01", "--quick")
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert "grader/catalog/ex98_broken.yaml: catalog entry: cannot read the catalog entry" in checked.stdout


def test_doctor_names_a_mistake_the_checks_miss_and_a_check_no_mistake_fails(course, exercise):
    mistakes = course / "tests" / "mistakes" / NAME
    correct = (course / "tests" / "alternatives" / NAME / "logaddexp.py").read_text(encoding="utf-8")
    unvalidated = mistakes / "no_validation.py"
    kept = unvalidated.read_text(encoding="utf-8")
    unvalidated.unlink()
    try:
        with edited(mistakes / "not_a_mistake.py", correct + '\nEXPECTED_FAILURES = {"worked_example": None}\n'):
            checked = grader(course, "doctor", "-e", NAME)
    finally:
        unvalidated.write_text(kept, encoding="utf-8")
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    folder = f"tests/mistakes/{NAME}"
    assert (f"{folder}/not_a_mistake.py: check worked_example: passes, although EXPECTED_FAILURES says this "
            "mistake fails it") in lines
    assert f"{folder}/not_a_mistake.py: (file): gets full marks: the checks do not see this mistake" in lines
    for check in ("shape_mismatch_raises", "empty_input_raises"):
        assert any(line.startswith(f"{folder}: check {check}: no wrong implementation here fails it") for line in lines)
