"""Feedback on wrong answers: every wrong choice's, known numeric and text mistakes, validated, shown in the terminal
before the explanation, carried obfuscated by a release's practice key and never by a graded question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.cli import cli
from grader.quiz.bank import load_bank, validate_file
from grader.quiz.models import ChoiceQuestion, MultipleChoice, Numeric, ShortText, SingleChoice
from grader.release.answer_key import HashedQuiz, hashed_quiz
from grader.terminal_math import render
from grader.text import LANGS

LEFTOVER = re.compile(r"\$|\\[A-Za-z]+|\\[,;:!|{}]")  # as tests/test_terminal_math.py


def correct_ids(question: ChoiceQuestion) -> list[str]:
    return [question.answer] if isinstance(question, SingleChoice) else list(question.answer)


def choice_questions():
    for quiz in load_bank():
        for question in quiz.questions:
            if isinstance(question, ChoiceQuestion):
                yield quiz, question


def feedback_texts():
    """Every feedback text of the bank, with where it is."""
    for quiz in load_bank():
        for question in quiz.questions:
            for choice in getattr(question, "choices", []):
                if choice.feedback is not None:
                    yield f"{quiz.id}.{question.id}.{choice.id}", choice.feedback
            for index, mistake in enumerate(getattr(question, "mistakes", [])):
                yield f"{quiz.id}.{question.id}.mistakes[{index}]", mistake.feedback


def test_every_wrong_choice_in_the_bank_has_feedback_and_no_right_one_does():
    missing, on_right = [], []
    for quiz, question in choice_questions():
        for choice in question.choices:
            right = choice.id in correct_ids(question)
            if right and choice.feedback is not None:
                on_right.append(f"{quiz.id}.{question.id}.{choice.id}")
            if not right and choice.feedback is None:
                missing.append(f"{quiz.id}.{question.id}.{choice.id}")
    assert not missing and not on_right, (missing, on_right)
    assert sum(1 for _ in choice_questions()) > 40


def test_numeric_and_text_mistakes_exist_where_a_slip_is_predictable_and_are_wrong_answers():
    numeric = [(q, m) for quiz in load_bank() for q in quiz.questions if isinstance(q, Numeric) for m in q.mistakes]
    text = [(q, m) for quiz in load_bank() for q in quiz.questions if isinstance(q, ShortText) for m in q.mistakes]
    assert len(numeric) >= 30 and len(text) >= 5
    for question, mistake in numeric:
        assert question.score(mistake.value).fraction == 0, (question.id, mistake.value)
        assert question.feedback_on(mistake.value) == [mistake.feedback]
    for question, mistake in text:
        assert question.check(mistake.value).fraction == 0, (question.id, mistake.value)
        assert question.feedback_on(mistake.value.upper() + " ") == [mistake.feedback]  # compared as answers are


def test_feedback_texts_are_bilingual_and_reach_the_terminal_without_tex():
    texts = list(feedback_texts())
    assert len(texts) > 170
    problems = []
    for where, text in texts:
        for lang in LANGS:
            assert text(lang).strip(), where
            shown = render(text(lang))
            if LEFTOVER.search(shown):
                problems.append(f"{where}.{lang}: {shown[:100]!r}")
    assert not problems, "\n".join(problems[:10])
    assert any("$" in text.en for _, text in texts)  # formulas really are there


def _quiz_file(tmp_path: Path, question: str) -> Path:
    path = tmp_path / "99_broken.yaml"
    path.write_text("id: broken\ntitle: {zh: 题, en: Title}\nquestions:\n" + question, encoding="utf-8")
    return path


SINGLE = """  - id: pick
    type: single
    points: 1
    prompt: {zh: 选, en: Pick}
    explanation: {zh: 因为, en: Because}
    choices:
      - id: a
        text: {zh: 对, en: right}
        feedback: {zh: 为什么, en: why}
      - id: b
        text: {zh: 错, en: wrong}
    answer: a
"""
NUMERIC = """  - id: number
    type: numeric
    points: 1
    prompt: {zh: 算, en: Compute}
    explanation: {zh: 因为, en: Because}
    answer: 25
    precision: 0
    mistakes:
      - value: 25.4
        feedback: {zh: 忘了, en: forgot}
"""


@pytest.mark.parametrize("question, expected", [
    (SINGLE, r"99_broken\.yaml: line \d+: questions\[0\] \(pick\): choice a is a correct answer and has feedback"),
    (NUMERIC, r"99_broken\.yaml: line \d+: questions\[0\] \(number\): mistakes\[0\]: 25\.4 would be marked right"),
    (SINGLE.replace("        feedback: {zh: 为什么, en: why}\n", "").replace("    points: 1\n",
                                                                               "    points: 1\n    notes: nowhere\n"),
     r"99_broken\.yaml: line \d+: questions\[0\] \(pick\)\.notes: notes 'nowhere' must be PAGE#ANCHOR"),
    (SINGLE.replace("        feedback: {zh: 为什么, en: why}\n", "        feedback: {zh: 为什么}\n"),
     r"99_broken\.yaml: line \d+: questions\[0\] \(pick\)\.choices\[0\] \(a\)\.feedback\.en: missing the English"),
])
def test_an_authoring_slip_is_one_line_naming_the_file_and_the_place(tmp_path, question, expected):
    result = CliRunner().invoke(cli, ["quiz", "validate", str(_quiz_file(tmp_path, question))])
    assert result.exit_code != 0
    assert re.search(expected, result.output), result.output
    assert "Traceback" not in result.output


def test_validate_names_a_notes_anchor_that_does_not_exist(tmp_path):
    question = SINGLE.replace("        feedback: {zh: 为什么, en: why}\n", "").replace(
        "    points: 1\n", "    points: 1\n    notes: regression#why-cube\n")
    path = _quiz_file(tmp_path, question)
    assert validate_file(path)[1] == []  # the form is right; only the notes know the anchor is not there
    result = CliRunner().invoke(cli, ["quiz", "validate", str(path)])
    assert result.exit_code != 0
    assert re.search(r"99_broken\.yaml: questions \(pick\)\.notes: 'regression#why-cube' names no section",
                     result.output)


@pytest.fixture
def answers(monkeypatch, tmp_path) -> Path:
    monkeypatch.delenv("LOSS_COMPASS_LANG", raising=False)
    monkeypatch.setenv("LOSS_COMPASS_ROOT", str(tmp_path))
    return tmp_path / "answers.yaml"


def _run(answers: Path, quiz: str, lang: str, typed: str):
    return CliRunner().invoke(cli, ["quiz", quiz, "--lang", lang, "--answers", str(answers)], input=typed)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_choice_shows_its_feedback_before_the_explanation(answers, lang):
    quiz = next(q for q in load_bank() if q.id == "what_is_loss")
    first = quiz.questions[0]
    result = _run(answers, quiz.id, lang, "c\n")  # then the input ends: the rest waits for the next run
    wrong = next(choice for choice in first.choices if choice.id == "c")
    label = {"en": "Why not c: ", "zh": "为什么不是 c："}[lang]
    why = {"en": "Why: ", "zh": "解析："}[lang]
    output = result.output
    shown = output.index(label + render(wrong.feedback(lang)))
    explained = output.index(why + render(first.explanation(lang)))
    assert output.index({"en": "Not quite.", "zh": "不对。"}[lang]) < shown < explained
    others = [c.feedback(lang) for c in first.choices if c.id not in ("b", "c")]
    assert not any(render(text) in output for text in others)  # only the choice picked


def test_a_right_answer_shows_no_feedback(answers):
    quiz = next(q for q in load_bank() if q.id == "what_is_loss")
    output = _run(answers, quiz.id, "en", "b\n").output
    assert "Why not" not in output and "Correct!" in output


def test_each_wrong_pick_of_a_multiple_choice_question_is_named(answers):
    quiz = next(q for q in load_bank() if q.id == "loss_zero")
    question = next(q for q in quiz.questions if q.id == "three_readings")
    assert isinstance(question, MultipleChoice) and set(question.answer) == {"a", "b", "c"}
    output = _run(answers, quiz.id, "en", "true\na, d, e\n").output
    by_id = {choice.id: choice for choice in question.choices}
    explained = output.index("Why: " + render(question.explanation.en))
    assert output.index("Why not d: " + render(by_id["d"].feedback.en)) < \
        output.index("Why not e: " + render(by_id["e"].feedback.en)) < explained


def test_a_known_numeric_mistake_gets_its_feedback(answers):
    quiz = next(q for q in load_bank() if q.id == "why_not_mae")
    question = next(q for q in quiz.questions if q.id == "mae_by_hand")
    output = _run(answers, quiz.id, "en", "true\n1.67\n").output  # 1.67 is the MSE of the same data
    assert output.index("Not quite.") < output.index(render(question.mistakes[0].feedback.en)) < \
        output.index("Why: " + render(question.explanation.en))
    assert not any(render(m.feedback.en) in output for m in question.mistakes[1:])


# ---------------------------------------------------------------- the release and the site


def _release(quiz):
    return HashedQuiz.model_validate(hashed_quiz(quiz, "a-test-seed", secret=""))


def test_a_release_carries_practice_feedback_obfuscated_and_gives_it_back():
    for quiz in load_bank():
        released, dumped = _release(quiz), yaml.safe_dump(hashed_quiz(quiz, "a-test-seed", secret=""),
                                                          allow_unicode=True, width=10**6)
        for original, question in zip(quiz.questions, released.questions):
            if quiz.mode_of(original) == "graded" or original.varies:
                continue
            if isinstance(original, ChoiceQuestion):
                for choice in original.choices:
                    if choice.feedback is None:
                        continue
                    assert choice.feedback.en not in dumped and choice.feedback.zh not in dumped
                    picked = [choice.id] if isinstance(original, MultipleChoice) else choice.id
                    assert question.feedback_on(picked) == [choice.feedback], (quiz.id, original.id, choice.id)
                right = correct_ids(original)
                assert question.feedback_on(right if isinstance(original, MultipleChoice) else right[0]) == []
            for mistake in getattr(original, "mistakes", []):
                assert mistake.feedback.en not in dumped
                assert question.feedback_on(question.parse(mistake.value)) == [mistake.feedback]


def test_a_graded_question_ships_no_feedback_at_all():
    graded = [(quiz, q) for quiz in load_bank() for q in quiz.questions if quiz.mode_of(q) == "graded"]
    assert any(isinstance(q, ChoiceQuestion) and any(c.feedback for c in q.choices) for _, q in graded)
    for quiz, question in graded:
        data = next(item for item in hashed_quiz(quiz, "a-test-seed", secret="")["questions"]
                    if item["id"] == question.id)
        assert "feedback" not in repr(data) and "mistakes" not in data and "key" not in data
        assert "notes" in data  # where to reread is no part of the key
