"""What reports let slip to students: quiz explanations after wrong answers, quizzes meant to be hidden, --hide typos."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from grader.batch import BatchOptions, find_submissions, run_batch
from grader.cli import cli
from grader.quiz.bank import load_bank
from grader.quiz.models import MultipleChoice, Numeric, ShortText, SingleChoice, TrueFalse
from grader.quiz.variant import Variants, variant_key
from grader.render.gradescope import render_gradescope
from grader.runner import GradeOptions, grade_submission
from grader.sandbox.pool import SandboxLimits
from grader.variants import StudentId

BANK = load_bank()
# The junk student's version of the questions that vary per student (no secret in the tests: the public seed's).
JUNK = Variants(variant_key(None), StudentId("junk-student", "answers.yaml"), public=True)
FORMATS = ["text", "json", "gradescope", "junit", "markdown"]


def wrong_answer(question: Any) -> Any:
    """A well-formed answer that is wrong, for every question type."""
    if isinstance(question, SingleChoice):
        return next(choice for choice in question.choice_ids if choice != question.answer)
    if isinstance(question, MultipleChoice):
        wrong = [choice for choice in question.choice_ids if choice not in question.answer]
        return wrong or question.choice_ids[:1]
    if isinstance(question, TrueFalse):
        return not question.answer
    if isinstance(question, Numeric):
        return question.answer + 1000 * (question.window + 1)
    assert isinstance(question, ShortText)
    return "zzz not an answer"


def explanations() -> list[str]:
    """Every explanation worth leaking (long enough not to appear in a report by chance), in English."""
    return [text for quiz in BANK for question in quiz.questions
            if len(text := JUNK.of(quiz, question).explanation("en").strip()) > 20]


@pytest.fixture(scope="module")
def junk(tmp_path_factory) -> Path:
    """The junk submission that used to reveal every answer: no code, every question answered wrongly."""
    folder = tmp_path_factory.mktemp("junk")
    versions = {quiz.id: [JUNK.of(quiz, question) for question in quiz.questions] for quiz in BANK}
    answers = {"id": JUNK.student.value, **{quiz_id: {version.id: version.written(wrong_answer(version))
                                                       for version in found} for quiz_id, found in versions.items()}}
    (folder / "answers.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_report_format_shows_an_explanation_after_a_wrong_answer(junk, output_format):
    result = CliRunner().invoke(cli, ["grade", str(junk), "--format", output_format, "--lang", "en",
                                      "--timeout", "5"])
    assert result.exit_code == 0, result.output
    leaked = [text[:40] for text in explanations() if text in result.output]
    assert not leaked, f"{output_format} shows explanations (answers): {leaked[:3]}"
    if output_format == "json":
        questions = [question for quiz in json.loads(result.output)["quizzes"] for question in quiz["questions"]]
        assert questions and not any(question["passed"] for question in questions)


def test_the_instructor_can_opt_in_to_explanations(junk):
    result = CliRunner().invoke(cli, ["grade", str(junk), "--format", "json", "--lang", "en",
                                      "--show-explanations", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    kept = [question["explanation"] for quiz in json.loads(result.output)["quizzes"] for question in quiz["questions"]]
    assert all(text in kept for text in explanations())
    shown = CliRunner().invoke(cli, ["grade", str(junk), "--format", "gradescope", "--lang", "en",
                                     "--show-explanations", "--timeout", "5"])
    assert explanations()[0] in shown.output


def test_batch_reports_show_no_explanation_after_a_wrong_answer(junk, tmp_path):
    submissions = tmp_path / "class"
    submissions.mkdir()
    (submissions / "junk").mkdir()
    (submissions / "junk" / "answers.yaml").write_bytes((junk / "answers.yaml").read_bytes())
    out = tmp_path / "out"
    run_batch(find_submissions(submissions), out, BatchOptions(jobs=1, limits=SandboxLimits(timeout=5)))
    text = (out / "reports" / "junk.json").read_text(encoding="utf-8")
    assert json.loads(text)["quizzes"] and not [t for t in explanations() if t in text]
    shown = tmp_path / "shown"
    run_batch(find_submissions(submissions), shown,
              BatchOptions(jobs=1, limits=SandboxLimits(timeout=5), show_explanations=True))
    kept = [question["explanation"] for quiz in json.loads((shown / "reports" / "junk.json").read_text("utf-8"))
            ["quizzes"] for question in quiz["questions"]]
    assert all(text in kept for text in explanations())


@pytest.mark.parametrize("command", [["grade", "{folder}", "--format", "gradescope"],
                                     ["export", "gradescope", "{folder}/bundle.zip"]])
def test_a_hide_pattern_that_matches_nothing_is_a_usage_error(tmp_path, command):
    args = [part.format(folder=tmp_path) for part in command] + ["--hide", "ex01_mse.*", "--hide", "ex99_typo*"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "'ex99_typo*'" in errors[0] and "Traceback" not in result.output
    assert not (tmp_path / "bundle.zip").exists()


@pytest.fixture(scope="module")
def junk_report(junk):
    return grade_submission(junk, GradeOptions(limits=SandboxLimits(timeout=5), lang="en"))


def quiz_tests(document: dict) -> dict[str, dict]:
    return {test["name"].split(":")[0].removeprefix("quiz "): test for test in document["tests"]
            if test["name"].startswith("quiz ")}


def test_hide_patterns_reach_quizzes(junk_report):
    first, second = BANK[0], BANK[1]
    document = json.loads(render_gradescope(junk_report, hide=[first.id, f"{second.id}.*"],
                                            hidden_visibility="after_due_date"))
    tests = quiz_tests(document)
    assert tests[first.id]["visibility"] == tests[second.id]["visibility"] == "after_due_date"
    assert all(test["visibility"] == "visible" for quiz_id, test in tests.items() if quiz_id not in (first.id, second.id))
    assert "hidden until grades are published" in document["output"]


def test_a_quiz_files_visibility_reaches_gradescope(junk_report, monkeypatch):
    secret = BANK[0].model_copy(update={"visibility": "hidden"})
    monkeypatch.setattr("grader.render.gradescope.load_bank", lambda: (secret, *BANK[1:]))
    tests = quiz_tests(json.loads(render_gradescope(junk_report)))
    assert tests[secret.id]["visibility"] == "hidden"
    assert sum(test["visibility"] == "hidden" for test in tests.values()) == 1


def test_quiz_visibility_defaults_to_visible_and_is_validated():
    assert all(quiz.visibility == "visible" for quiz in BANK)
    data = BANK[0].model_dump(mode="json")
    with pytest.raises(ValueError, match="visibility"):
        type(BANK[0]).model_validate({**data, "visibility": "sometimes"})
