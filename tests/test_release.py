"""The student release: stubs and a working grader, but no solution code and no plain-text quiz answers."""

from __future__ import annotations

import ast
import gzip
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli
from grader.quiz.answers import read_answers
from grader.quiz.bank import bank_files, load_bank
from grader.quiz.models import ChoiceQuestion, MultipleChoice, Numeric, ShortText
from grader.quiz.normalise import normalise_text, round_numeric
from grader.release.answer_key import HashedQuiz, hashed_quiz
from grader.release.build import build_release

from conftest import MISTAKES, PROJECT, SOLUTIONS

CATALOG = load_catalog()
BANK = load_bank()
SOURCE = "git+https://example.org/course/loss-compass-release@v1"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "loss-compass"
    build_release(out, SOLUTIONS, SOURCE, site_url="https://course.example.org", extra=[MISTAKES])
    return out


@pytest.fixture(scope="module")
def release_texts(release) -> dict[Path, str]:
    """Every file of the release as text (the recorded values decompressed), before anything ran in it."""
    texts = {}
    for path in release.rglob("*"):
        if path.is_file():
            data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            texts[path] = data.decode("utf-8", "replace")
    return texts


def run_release(release: Path, submission: Path, cwd: Path) -> dict:
    """`python -m grader grade` with only the release on the path: nothing installed, no project files."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LOSS_COMPASS", "PYTHON"))}
    env["PYTHONPATH"] = str(release)
    where = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"], env=env, cwd=cwd,
                           capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()).is_relative_to(release), where
    completed = subprocess.run([sys.executable, "-m", "grader", "grade", str(submission), "--format", "json"],
                               env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def solution_bodies() -> dict[str, str]:
    """Each solution function's body (docstring excluded), as ast.unparse writes it."""
    bodies = {}
    for path in sorted(SOLUTIONS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                bodies[f"{path.stem}.{node.name}"] = body_text(node)
    return bodies


def body_text(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return "\n".join(ast.unparse(statement) for statement in body)


def test_release_holds_what_students_need(release):
    for exercise in CATALOG:
        assert (release / "exercises" / exercise.filename).is_file()
    assert read_answers(release / "exercises" / "answers.yaml") == {}
    assert (release / ".github" / "workflows" / "classroom.yml").is_file()
    assert (release / "pyproject.toml").is_file() and (release / "grader" / "cli.py").is_file()
    assert (release / "grader" / "reference_values.json.gz").is_file()
    assert not any(path.name in ("solutions", "tests") for path in release.rglob("*"))
    readme = (release / "README.md").read_text(encoding="utf-8")
    for command in ("grader check", "grader watch", "grader quiz", "pip install", "https://course.example.org"):
        assert command in readme
    assert "## 中文" in readme and "## English" in readme


def test_no_solution_function_body_in_the_release(release, release_texts):
    bodies = {name: body for name, body in solution_bodies().items() if body.count("\n") >= 1}
    assert bodies
    for path, text in release_texts.items():
        for name, body in bodies.items():
            assert body not in text, f"{name}'s body is in {path}"
        if path.suffix == ".py":
            released = {body_text(node) for node in ast.walk(ast.parse(text))
                        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
            leaked = [name for name, body in bodies.items() if body in released]
            assert not leaked, f"{path} defines {leaked} as in the solutions"


def plain_answers(question) -> list[str]:
    """The texts a plain answer key would hold for this question."""
    if isinstance(question, ShortText):
        return [*question.accepted, *(normalise_text(item) for item in question.accepted)]
    if isinstance(question, Numeric) and question.answer is not None:
        return [repr(question.answer), round_numeric(question.answer, question.precision)]
    return []


def ships_its_formula(quiz, question) -> bool:
    """A parametrised practice question ships its formula and explanation (tests/test_quiz_variants.py)."""
    return question.varies and isinstance(question, Numeric) and quiz.mode_of(question) == "practice"


def scalars(data) -> list[str]:
    if isinstance(data, dict):
        return [item for value in data.values() for item in scalars(value)]
    if isinstance(data, list):
        return [item for value in data for item in scalars(value)]
    return [str(data)]


def test_no_plain_quiz_answer_in_the_release(release, release_texts):
    released = {path.name: path for path in (release / "grader" / "quizzes").glob("*.yaml")}
    assert sorted(released) == [path.name for path in bank_files()]
    for path, quiz in zip(bank_files(), BANK):
        data = yaml.safe_load(released[path.name].read_text(encoding="utf-8"))
        for entry, question in zip(data["questions"], quiz.questions):
            if ships_its_formula(quiz, question):
                continue
            assert not {"answer", "accepted", "explanation", "tolerance"} & set(entry), (quiz.id, question.id)
            values = scalars({name: value for name, value in entry.items() if name == "key"})
            for answer in plain_answers(question):
                assert answer not in values, (quiz.id, question.id)
                assert len(answer) < 4 or not any(answer in value for value in values), (quiz.id, question.id)
    for quiz in BANK:
        for question in quiz.questions:
            if ships_its_formula(quiz, question):
                continue
            for lang in ("zh", "en"):
                explanation = question.explanation(lang).strip()
                for path, text in release_texts.items():
                    assert explanation not in text, f"{quiz.id}.{question.id}'s explanation is in {path}"


def test_stubs_score_zero_and_full_solutions_score_full_marks(release, tmp_path):
    empty = run_release(release, release / "exercises", tmp_path)
    assert empty["score"] == 0 and empty["max_score"] > 0
    assert all(exercise["status"] == "not_implemented" for exercise in empty["exercises"])
    submission = tmp_path / "submission"
    shutil.copytree(release / "exercises", submission)
    for exercise in CATALOG:
        shutil.copyfile(SOLUTIONS / exercise.filename, submission / exercise.filename)
    shutil.copyfile(SOLUTIONS / "answers.yaml", submission / "answers.yaml")
    full = run_release(release, submission, tmp_path)
    failing = [f"{e['id']}.{c['name']}: {c['message']}" for e in full["exercises"] for c in e["checks"]
               if not c["passed"]]
    assert not failing
    # A graded question is only recorded in a release: the instructor's bank scores it (tests/test_quiz_variants.py).
    graded = {quiz.id: sum(q.points for q in quiz.questions if quiz.mode_of(q) == "graded") for quiz in BANK}
    assert full["quizzes"] and all(quiz["score"] == quiz["max_score"] - graded[quiz["id"]] for quiz in full["quizzes"])
    assert full["score"] == full["max_score"] - sum(graded.values()) and full["max_score"] == empty["max_score"]


def test_a_mistake_gets_the_same_feedback_as_from_the_instructors_grader(release, tmp_path):
    exercise = CATALOG[0]
    mistake = sorted((MISTAKES / exercise.id).glob("*.py"))[0]
    submission = tmp_path / "mistake"
    submission.mkdir()
    shutil.copyfile(mistake, submission / exercise.filename)
    released = run_release(release, submission, tmp_path)["exercises"][0]
    result = CliRunner().invoke(cli, ["grade", str(submission), "--format", "json", "--lang", "en"])
    original = json.loads(result.stdout)["exercises"][0]
    assert released["score"] == original["score"] < original["max_score"]
    assert [check["message"] for check in released["checks"]] == [check["message"] for check in original["checks"]]


def answers_to_try(question):
    if isinstance(question, MultipleChoice):
        ids = question.choice_ids
        return [list(subset) for size in range(1, len(ids) + 1) for subset in itertools.combinations(ids, size)]
    if isinstance(question, ChoiceQuestion):
        return question.choice_ids
    if isinstance(question, Numeric):
        window = question.window
        return [question.answer, question.answer + 0.4 * window, question.answer + 3 * window + 1,
                round_numeric(question.answer, question.precision), -question.answer - 1]
    if isinstance(question, ShortText):
        return [*question.accepted, f"  {question.accepted[0].upper()}. ", "certainly not this"]
    return [True, False]


def test_hashed_key_scores_like_the_plain_one():
    for quiz in BANK:
        hashed = HashedQuiz.model_validate(yaml.safe_load(yaml.safe_dump(hashed_quiz(quiz), allow_unicode=True)))
        for plain, secret in zip(quiz.questions, hashed.questions):
            if quiz.mode_of(plain) == "graded":  # no key: tests/test_quiz_variants.py
                continue
            plain, secret = plain.variant(7), secret.variant(7)
            for raw in answers_to_try(plain):
                expected = plain.check(raw)
                got = secret.check(raw)
                assert got.fraction == pytest.approx(expected.fraction), (quiz.id, plain.id, raw)
                if ships_its_formula(quiz, quiz.question(plain.id)):  # its explanation is plain: no key to open
                    continue
                if expected.fraction == 1:  # the explanation opens with a right answer only
                    assert plain.explanation("en").strip() in got.feedback("en")
                else:
                    assert plain.explanation("en").strip() not in got.feedback("en")


def test_workflow_installs_the_pinned_grader_and_grades_outside_the_checkout(release):
    text = (release / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert "push" in workflow["on"] and "repository_dispatch" in workflow["on"]  # GitHub Classroom's triggers
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    runs = [step.get("run", "") for step in steps]
    install = next(run for run in runs if "pip install" in run)
    assert SOURCE in install
    assert not any(word in " ".join(runs) for word in ("pip install .", "pip install -e", "install -e ."))
    grade = next(step for step in steps if "grader grade" in step.get("run", ""))
    assert "runner.temp" in grade["working-directory"]
    assert "--format markdown" in grade["run"] and "GITHUB_STEP_SUMMARY" in grade["run"]
    assert any("autograding-grading-reporter" in step.get("uses", "") for step in steps)
    assert "--constraint" in install and (release / "constraints.txt").is_file()  # the versions grading was tested with
    pyproject = (release / "pyproject.toml").read_text(encoding="utf-8")
    assert "watchfiles" not in pyproject.split("[project.optional-dependencies]")[0]  # CI installs no watchfiles


def test_release_command_refuses_a_full_folder_and_needs_a_grader_source(tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["release", str(full), "--grader-source", SOURCE])
    assert result.exit_code != 0 and "not an empty folder" in result.output
    result = CliRunner().invoke(cli, ["release", str(tmp_path / "new")])
    assert result.exit_code != 0 and "--grader-source" in result.output
    assert (PROJECT / "solutions").is_dir()  # the release never touches the project


def test_the_reference_loss_curves_are_recorded_for_grader_check(release):
    """`grader check` shows the reference's loss curve next to the student's: the release must know it."""
    from grader.curves import CURVES
    from grader.reference import RecordedReference

    recorded = RecordedReference.load(release / "grader" / "reference_values.json.gz")
    for exercise_id, specs in CURVES.items():
        for spec in specs:
            value = recorded.bound(exercise_id).call(spec.function, *spec.inputs(), **spec.kwargs)
            losses = value[spec.part]
            assert len(losses) == spec.kwargs["epochs"]
