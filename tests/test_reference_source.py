"""Where the reference comes from: never a student's repository, never re-read after student code ran; solutions unlock by grading."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import __version__
from grader.catalog import find_exercise
from grader.cli import cli
from grader.errors import GraderError
from grader.paths import SOLUTIONS_ENV, check_reference, installed_solutions, solutions_dir
from grader.progress import file_key
from grader.reference import Reference

from conftest import SOLUTIONS

MSE = find_exercise("ex01")
# A module that proves it was imported by writing a marker file, and agrees with the student's wrong mse.
WRONG_MSE = "def mse(y_pred, y_true):\n    return 0.0\n"


def forged_reference(folder: Path, marker: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MSE.filename).write_text(f"open({str(marker)!r}, 'w').write('imported')\n{WRONG_MSE}",
                                       encoding="utf-8")
    return folder


@pytest.fixture
def student_repo(course, tmp_path):
    """A student's repository as a TA clones it: exercises/ with a wrong mse, and a solutions/ that agrees."""
    (course / MSE.filename).write_text(WRONG_MSE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    marker = tmp_path / "reference-was-imported"
    forged_reference(tmp_path / "solutions", marker)
    return tmp_path, marker


def mse_score(output: str) -> int:
    report = json.loads(output)
    return next(item["score"] for item in report["exercises"] if item["id"] == MSE.id)


@pytest.mark.parametrize("root_variable", [False, True], ids=["cwd", "LOSS_COMPASS_ROOT"])
def test_grading_inside_a_student_repository_ignores_its_solutions(student_repo, monkeypatch, root_variable):
    repo, marker = student_repo
    monkeypatch.chdir(repo)
    if root_variable:
        monkeypatch.setenv("LOSS_COMPASS_ROOT", str(repo))
    monkeypatch.delenv(SOLUTIONS_ENV, raising=False)
    assert solutions_dir() == installed_solutions().resolve()
    result = CliRunner().invoke(cli, ["grade", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert mse_score(result.output) < MSE.max_score  # graded against the course's reference, not the student's
    checked = CliRunner().invoke(cli, ["check", "1", "--lang", "en"])
    assert checked.exit_code == 1, checked.output  # ex01 fails against the course's reference
    assert "ex01_mse passes" not in checked.output
    assert not marker.exists(), "the student's solutions/ was imported by the grader"


@pytest.mark.parametrize("how", ["option", "environment"])
@pytest.mark.parametrize("where", ["solutions", "exercises/solutions"])
def test_a_reference_in_the_submission_or_its_repository_is_refused(student_repo, monkeypatch, how, where):
    repo, marker = student_repo
    reference = forged_reference(repo / where, marker)
    monkeypatch.delenv(SOLUTIONS_ENV, raising=False)
    args = ["grade", str(repo / "exercises"), "--format", "json"]
    if how == "option":
        args += ["--solutions", str(reference)]
    else:
        monkeypatch.setenv(SOLUTIONS_ENV, str(reference))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    assert "cannot come from the submission" in result.output and "Traceback" not in result.output
    assert not marker.exists()


def test_a_reference_that_holds_the_submission_or_is_it_is_refused(tmp_path):
    reference = shutil.copytree(SOLUTIONS, tmp_path / "reference")
    with pytest.raises(GraderError, match="cannot come from the submission"):
        check_reference(reference, reference)
    with pytest.raises(GraderError, match="cannot come from the submission"):
        check_reference(reference, reference / "bob")
    check_reference(installed_solutions(), installed_solutions())  # grading the course's own reference: a self-test


def test_an_explicit_reference_elsewhere_grades_and_a_world_writable_one_is_refused(course, tmp_path):
    reference = shutil.copytree(SOLUTIONS, tmp_path / "instructor" / "reference")
    shutil.copyfile(SOLUTIONS / MSE.filename, course / MSE.filename)
    result = CliRunner().invoke(cli, ["grade", str(course), "--format", "json", "--solutions", str(reference)])
    assert result.exit_code == 0, result.output
    assert mse_score(result.output) == MSE.max_score
    os.chmod(reference, 0o777)
    refused = CliRunner().invoke(cli, ["grade", str(course), "--solutions", str(reference)])
    assert refused.exit_code != 0 and "writable by every user" in refused.output
    missing = CliRunner().invoke(cli, ["grade", str(course), "--solutions", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0 and "no such folder" in missing.output and "Traceback" not in missing.output


def test_the_reference_runs_from_a_snapshot_taken_before_student_code(tmp_path):
    """Where the kernel offers no file isolation, a worker could rewrite solutions/ between two imports."""
    folder = shutil.copytree(SOLUTIONS, tmp_path / "reference")
    reference = Reference(folder)
    marker = tmp_path / "rewritten-reference-ran"
    forged_reference(folder, marker)  # what student code would do after the reference was read
    assert reference.bound(MSE.id).call("mse", [1.0, 2.0], [1.0, 4.0]) == pytest.approx(2.0)
    assert not marker.exists()
    assert not (folder / "__pycache__").exists()  # nothing cached where a student might write


@pytest.mark.parametrize("layout", ["folder", "repository"])
def test_grade_all_refuses_a_reference_inside_a_submission(tmp_path, layout):
    submissions = tmp_path / "class"
    bob = submissions / "bob"
    code = bob / "exercises" if layout == "repository" else bob  # graded in bob/exercises, bob/ is still his
    code.mkdir(parents=True)
    (code / MSE.filename).write_text(WRONG_MSE, encoding="utf-8")
    marker = tmp_path / "reference-was-imported"
    reference = forged_reference(bob / "notes" / "solutions", marker)
    result = CliRunner().invoke(cli, ["grade-all", str(submissions), "--solutions", str(reference), "--jobs", "1"])
    assert result.exit_code != 0 and "cannot come from the submission" in result.output
    assert not marker.exists() and not (tmp_path / "grades" / "grades.csv").exists()


def test_a_forged_state_file_does_not_unlock_the_solution(course):
    """state.json is the student's to write: a 'passed' entry for the untouched stub must not show the reference."""
    state = {"grader": __version__, "hints": {},
             "results": {MSE.id: {"hash": file_key(course, MSE), "status": "passed", "score": MSE.max_score,
                                  "max_score": MSE.max_score}}}
    (course / ".grader").mkdir()
    (course / ".grader" / "state.json").write_text(json.dumps(state), encoding="utf-8")
    result = CliRunner().invoke(cli, ["solution", "1", "--path", str(course), "--lang", "en"])
    assert result.exit_code != 0 and "once your version passes" in result.output
    assert "def mse" not in result.output
