"""The Gradescope bundle end to end: export, unpack into a simulated /autograder, run run_autograder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli
from grader.quiz.answers import read_answers
from grader.quiz.bank import load_bank
from grader.quiz.variant import Variants, answer_sheet, variant_key
from grader.release.bundle import unpack
from grader.variants import StudentId

from conftest import SOLUTIONS
from test_formats import assert_gradescope_schema

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    result = CliRunner().invoke(cli, ["export", "gradescope", str(out), "--hide", f"{CATALOG[0].id}.*",
                                      "--timeout", "20"])
    assert result.exit_code == 0, result.output
    return out


def layout(tmp_path: Path, bundle: Path, files: dict[str, Path | str]) -> Path:
    """A simulated /autograder: source/ (the unpacked bundle), submission/ (the student's files), results/."""
    root = tmp_path / "autograder"
    unpack(bundle, root / "source")
    submission = root / "submission"
    submission.mkdir(parents=True)
    for name, content in files.items():
        target = submission / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def run(root: Path, script: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LOSS_COMPASS", "PYTHON"))}
    env.update(AUTOGRADER_ROOT=str(root), GRADER_SKIP_SETUP="1",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    return subprocess.run(["bash", str(root / "source" / script)], env=env, capture_output=True, text=True,
                          timeout=300, cwd=root)


def results(root: Path) -> dict:
    document = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    if document["tests"]:
        assert_gradescope_schema(document)
    return document


def solved() -> dict[str, Path | str]:
    files: dict[str, Path | str] = {exercise.filename: SOLUTIONS / exercise.filename for exercise in CATALOG}
    files["answers.yaml"] = SOLUTIONS / "answers.yaml"
    return files


def test_bundle_has_gradescopes_layout(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in archive.infolist()}
    assert {"setup.sh", "run_autograder", "requirements.txt", "grader/cli.py"} <= names
    assert all(f"solutions/{exercise.filename}" in names for exercise in CATALOG)
    assert modes["setup.sh"] & 0o100 and modes["run_autograder"] & 0o100
    assert not any("__pycache__" in name for name in names)


def test_setup_installs_dependencies_unless_skipped(bundle, tmp_path):
    root = layout(tmp_path, bundle, {})
    assert run(root, "setup.sh").returncode == 0
    requirements = (root / "source" / "requirements.txt").read_text()
    assert "numpy" in requirements and "pydantic" in requirements


def answers_for_the_bundles_secret(root: Path, folder: str = "") -> None:
    """solutions/answers.yaml answers the public versions of the quiz questions that vary per student: rewrite it
    for the secret the bundle carries (grader.quiz.variant)."""
    secret = (root / "source" / "held-out-secret").read_text(encoding="utf-8").strip()
    student = StudentId(read_answers(SOLUTIONS / "answers.yaml")["id"], "answers.yaml")
    sheet = answer_sheet(load_bank(), Variants(variant_key(secret), student, public=False))
    (root / "submission" / folder / "answers.yaml").write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")


def test_a_full_solution_gets_full_marks_with_hidden_checks_hidden(bundle, tmp_path):
    files = solved()
    files["grader/__init__.py"] = "raise SystemExit('a submitted grader must never be imported')\n"
    root = layout(tmp_path, bundle, files)
    answers_for_the_bundles_secret(root)
    completed = run(root, "run_autograder")
    assert completed.returncode == 0, completed.stderr
    document = results(root)
    assert document["score"] == sum(test["max_score"] for test in document["tests"]) > 0
    assert all(test["status"] == "passed" for test in document["tests"])
    hidden = [test for test in document["tests"] if test["visibility"] == "after_published"]
    assert len(hidden) == len(CATALOG[0].checks)
    assert not (root / "submission" / "results.json").exists()


def test_a_repository_submission_is_graded_in_its_exercises_folder(bundle, tmp_path):
    files = {f"exercises/{name}": path for name, path in solved().items()}
    root = layout(tmp_path, bundle, files)
    answers_for_the_bundles_secret(root, "exercises")
    assert run(root, "run_autograder").returncode == 0
    document = results(root)
    assert document["score"] == sum(test["max_score"] for test in document["tests"])


def test_an_empty_or_broken_submission_still_gets_valid_results(bundle, tmp_path):
    root = layout(tmp_path / "empty", bundle, {})
    assert run(root, "run_autograder").returncode == 0
    assert results(root)["score"] == 0
    root = layout(tmp_path / "broken", bundle, {CATALOG[0].filename: "def (:\n", "answers.yaml": "[unclosed\n"})
    assert run(root, "run_autograder").returncode == 0
    document = results(root)
    assert document["score"] == 0 and document["tests"]


def test_a_grader_failure_still_writes_results(bundle, tmp_path):
    root = layout(tmp_path, bundle, solved())
    (root / "source" / "grader" / "cli.py").write_text("raise RuntimeError('the grader is broken')\n")
    assert run(root, "run_autograder").returncode == 0
    document = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert document["score"] == 0 and "could not grade" in document["output"]
    assert "the grader is broken" in document["output"]
