"""Scoring: right answers score full marks, wrong and partial ones what the rules say, malformed ones 0 with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from grader.paths import PACKAGE_DIR
from grader.quiz.answers import ANSWERS_FILE, AnswersFileError, read_answers, save_quiz_answers
from grader.quiz.bank import load_bank
from grader.quiz.models import AnswerError, Quiz
from grader.quiz.scoring import grade_quizzes

PROJECT = PACKAGE_DIR.parent

SMALL = Quiz.model_validate(
    {
        "id": "small",
        "title": {"zh": "小测", "en": "Small"},
        "questions": [
            {
                "id": "one",
                "type": "single",
                "points": 1,
                "prompt": {"zh": "选", "en": "Pick"},
                "choices": [{"id": c, "text": {"zh": c, "en": c}} for c in "abcd"],
                "answer": "b",
                "explanation": {"zh": "乙对。", "en": "B is right."},
            },
            {
                "id": "all_or_nothing",
                "type": "multiple",
                "points": 2,
                "prompt": {"zh": "选", "en": "Pick"},
                "choices": [{"id": c, "text": {"zh": c, "en": c}} for c in "abcd"],
                "answer": ["a", "b", "c"],
                "explanation": {"zh": "甲乙丙。", "en": "A, B and C."},
            },
            {
                "id": "partial",
                "type": "multiple",
                "scoring": "partial",
                "points": 3,
                "prompt": {"zh": "选", "en": "Pick"},
                "choices": [{"id": c, "text": {"zh": c, "en": c}} for c in "abcd"],
                "answer": ["a", "b", "c"],
                "explanation": {"zh": "甲乙丙。", "en": "A, B and C."},
            },
            {
                "id": "statement",
                "type": "true_false",
                "points": 1,
                "prompt": {"zh": "对吗", "en": "True?"},
                "answer": False,
                "explanation": {"zh": "错。", "en": "False."},
            },
            {
                "id": "number",
                "type": "numeric",
                "points": 2,
                "prompt": {"zh": "算", "en": "Compute"},
                "answer": 9.2103,
                "precision": 2,
                "explanation": {"zh": "约 9.21。", "en": "About 9.21."},
            },
            {
                "id": "relative",
                "type": "numeric",
                "points": 1,
                "prompt": {"zh": "约多少", "en": "About"},
                "answer": 87.42,
                "precision": 0,
                "relative_tolerance": 0.05,
                "explanation": {"zh": "约 87。", "en": "About 87."},
            },
            {
                "id": "word",
                "type": "text",
                "points": 1,
                "prompt": {"zh": "叫什么", "en": "Name"},
                "accepted": ["overfitting", "过拟合"],
                "explanation": {"zh": "过拟合。", "en": "Overfitting."},
            },
        ],
    }
)
OTHER = SMALL.model_copy(update={"id": "other"})
BANK = (SMALL, OTHER)
PERFECT = {"one": "b", "all_or_nothing": ["a", "b", "c"], "partial": ["c", "b", "a"], "statement": False,
           "number": 9.21, "relative": 87, "word": "Overfitting"}


def submit(tmp_path: Path, content: object) -> Path:
    """A submission folder whose answers.yaml holds `content` (a string is written as is)."""
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
    (tmp_path / ANSWERS_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def grade(tmp_path: Path, content: object, warnings: list[str] | None = None):
    results = grade_quizzes(submit(tmp_path, content), "en", warnings=warnings, bank=BANK)
    assert [result.id for result in results] == ["small", "other"], "one result per quiz, in bank order"
    for result in results:
        assert [q.id for q in result.questions] == [q.id for q in SMALL.questions], "always complete"
    return {result.id: result for result in results}


def question(result, question_id):
    return next(q for q in result.questions if q.id == question_id)


# --- the real solutions ----------------------------------------------------------------------------


def test_solutions_score_full_marks():
    warnings: list[str] = []
    results = grade_quizzes(PROJECT / "solutions", warnings=warnings)
    assert len(results) == len(load_bank())
    for result in results:
        assert result.error == ""
        assert result.score == result.max_score > 0, [q for q in result.questions if not q.passed]
        assert all(q.passed for q in result.questions)
    assert warnings == []


def test_solutions_answer_exactly_the_bank():
    answers = read_answers(PROJECT / "solutions" / ANSWERS_FILE)
    assert answers.pop("id") == "reference-solutions"  # the student whose versions of varying questions it answers
    assert {quiz.id: [q.id for q in quiz.questions] for quiz in load_bank()} == {
        quiz_id: list(entry) for quiz_id, entry in answers.items()
    }


def test_student_file_is_empty_and_documented():
    path = PROJECT / "exercises" / ANSWERS_FILE
    assert read_answers(path) == {}
    assert path.read_text(encoding="utf-8").startswith("#")
    results = grade_quizzes(PROJECT / "exercises")
    assert all(result.score == 0 and result.error == "" for result in results)


# --- right, wrong and partial ---------------------------------------------------------------------


def test_perfect_answers_score_full_marks(tmp_path):
    results = grade(tmp_path, {"small": PERFECT})
    assert results["small"].score == results["small"].max_score == 11
    assert results["small"].error == ""
    assert results["other"].score == 0


@pytest.mark.parametrize(
    "question_id, answer, expected",
    [
        ("one", "B", 1),
        ("one", " b ", 1),
        ("one", "a", 0),
        ("all_or_nothing", ["a", "b"], 0),
        ("all_or_nothing", ["a", "b", "c", "d"], 0),
        ("all_or_nothing", "c, a b", 2),
        ("partial", ["a", "b"], 2),  # 2 of 3 right: 3 * 2/3
        ("partial", ["a", "b", "d"], 1),  # (2 - 1) / 3
        ("partial", ["a", "b", "c", "d"], 2),  # (3 - 1) / 3
        ("partial", ["d"], 0),  # never below zero
        ("partial", [], 0),
        ("partial", "ac", 2),
        ("statement", "false", 1),
        ("statement", "错", 1),
        ("statement", True, 0),
        ("number", 9.2103, 2),
        ("number", "9.21", 2),
        ("number", 9.214, 2),
        ("number", 9.2, 0),
        ("number", 9.22, 0),
        ("number", 13.29, 0),
        ("relative", 84, 1),
        ("relative", 91, 1),
        ("relative", 80, 0),
        ("word", "  OVERFITTING. ", 1),
        ("word", "过拟合。", 1),
        ("word", "underfitting", 0),
    ],
)
def test_answer_scores_what_the_rules_say(tmp_path, question_id, answer, expected):
    result = question(grade(tmp_path, {"small": {question_id: answer}})["small"], question_id)
    assert result.score == pytest.approx(expected)
    assert result.passed == (result.score == result.max_score)


def test_wrong_answer_feedback_teaches(tmp_path):
    result = question(grade(tmp_path, {"small": {"one": "a"}})["small"], "one")
    assert "Not quite." in result.message and "B is right." in result.explanation
    assert "B is right." not in result.message  # reports show it only when the instructor opts in


def test_partial_feedback_counts_picks(tmp_path):
    result = question(grade(tmp_path, {"small": {"partial": ["a", "d"]}})["small"], "partial")
    assert result.score == 0
    assert "1 of 3 correct choices picked, plus 1 wrong" in result.message


def test_missing_file_means_unanswered(tmp_path):
    results = grade_quizzes(tmp_path, bank=BANK)
    assert all(result.score == 0 and result.error == "" for result in results)
    assert all(q.message == "not answered" for result in results for q in result.questions)


def test_unanswered_in_chinese(tmp_path):
    results = grade_quizzes(tmp_path, "zh", bank=BANK)
    assert results[0].title == "小测" and results[0].questions[0].message == "未作答"


# --- malformed answers.yaml -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, reason",
    [
        ("small: [unclosed\n", "not valid YAML (line 2)"),
        ("- a\n- b\n", "expected a mapping from quiz id to that quiz's answers, got list"),
        ("small:\n  one: a\n  one: b\n", "'one' is given twice"),
        ("!!python/object:os.system ls\n", "not valid YAML"),
    ],
)
def test_unusable_file_zeroes_every_quiz_with_the_reason(tmp_path, content, reason):
    results = grade(tmp_path, content)
    for result in results.values():
        assert result.score == 0
        assert ANSWERS_FILE in result.error and reason in result.error
        assert all(q.score == 0 and "not graded" in q.message for q in result.questions)


def test_quiz_entry_of_the_wrong_type_zeroes_only_that_quiz(tmp_path):
    results = grade(tmp_path, {"small": ["b", "a"], "other": PERFECT})
    assert results["small"].score == 0
    assert f"{ANSWERS_FILE}: small: expected a mapping from question id to answer, got list" in results["small"].error
    assert results["other"].score == results["other"].max_score and results["other"].error == ""


@pytest.mark.parametrize(
    "question_id, answer, reason",
    [
        ("one", "e", "'e' is not a choice; the choices are a, b, c, d"),
        ("one", ["b"], "expected a choice id (a, b, c, d), got ['b']"),
        ("all_or_nothing", ["a", "x"], "'x' is not a choice"),
        ("all_or_nothing", {"a": 1}, "expected a list of choice ids"),
        ("statement", "maybe", "expected true or false, got 'maybe'"),
        ("number", "nine", "expected a number, got 'nine'"),
        ("number", True, "expected a number, got True"),
        ("number", [9.21], "expected a number"),
        ("word", ["overfitting"], "expected a short text"),
    ],
)
def test_malformed_answer_scores_zero_naming_file_and_entry(tmp_path, question_id, answer, reason):
    results = grade(tmp_path, {"small": {**PERFECT, question_id: answer}})
    result = question(results["small"], question_id)
    assert result.score == 0 and not result.passed
    assert result.message.startswith(f"{tmp_path / ANSWERS_FILE}: small.{question_id}: ")
    assert reason in result.message
    others = [q for q in results["small"].questions if q.id != question_id]
    assert all(q.passed for q in others), "the other questions are still graded"


def test_misspelt_quiz_id_is_reported_on_the_quiz_it_meant(tmp_path):
    warnings: list[str] = []
    results = grade(tmp_path, {"smal": PERFECT}, warnings)
    assert "'smal' is not a quiz id (did you mean 'small'?)" in results["small"].error
    assert results["small"].score == 0
    assert warnings == []


def test_unknown_quiz_id_goes_to_warnings(tmp_path):
    warnings: list[str] = []
    results = grade(tmp_path, {"zzz_unrelated": {}, "other": PERFECT}, warnings)
    assert results["other"].score == results["other"].max_score
    assert len(warnings) == 1 and "'zzz_unrelated' is not a quiz id" in warnings[0] and ANSWERS_FILE in warnings[0]


def test_unknown_question_ids_are_reported(tmp_path):
    warnings: list[str] = []
    entry = {k: v for k, v in PERFECT.items() if k != "statement"}
    results = grade(tmp_path, {"small": {**entry, "statment": False, "bogus_question": 1}}, warnings)
    meant = question(results["small"], "statement")
    assert meant.score == 0
    assert "small.statment: not a question of quiz small (did you mean 'statement'?)" in meant.message
    assert len(warnings) == 1 and "small.bogus_question: not a question of quiz small" in warnings[0]
    assert results["small"].score == results["small"].max_score - 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_answers_are_refused(tmp_path):
    target = tmp_path / "elsewhere.yaml"
    target.write_text(yaml.safe_dump({"small": PERFECT}), encoding="utf-8")
    (tmp_path / ANSWERS_FILE).symlink_to(target)
    results = grade_quizzes(tmp_path, bank=BANK)
    assert all(r.score == 0 and "symbolic link" in r.error for r in results)
    with pytest.raises(AnswersFileError):
        save_quiz_answers(tmp_path / ANSWERS_FILE, "small", {"one": "b"})
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == {"small": PERFECT}


# --- saving ----------------------------------------------------------------------------------------


def test_saving_keeps_other_quizzes_and_questions(tmp_path):
    path = submit(tmp_path, {"other": {"one": "c"}, "small": {"word": "x"}}) / ANSWERS_FILE
    save_quiz_answers(path, "small", {"one": "b", "partial": ["a", "b"]})
    saved = read_answers(path)
    assert saved == {"other": {"one": "c"}, "small": {"word": "x", "one": "b", "partial": ["a", "b"]}}
    assert path.read_text(encoding="utf-8").startswith("# Your quiz answers")
    assert list(tmp_path.iterdir()) == [path], "no temporary file is left behind"


def test_saving_refuses_to_overwrite_a_broken_file(tmp_path):
    path = submit(tmp_path, "other: [unclosed\n") / ANSWERS_FILE
    with pytest.raises(AnswersFileError, match="not overwriting"):
        save_quiz_answers(path, "small", {"one": "b"})
    assert path.read_text(encoding="utf-8") == "other: [unclosed\n"


def test_saving_creates_a_new_file(tmp_path):
    path = tmp_path / ANSWERS_FILE
    save_quiz_answers(path, "small", {"number": 9.21, "word": "过拟合"})
    assert read_answers(path) == {"small": {"number": 9.21, "word": "过拟合"}}
    assert grade_quizzes(tmp_path, bank=BANK)[0].score == 3


def test_parse_errors_are_answer_errors():
    with pytest.raises(AnswerError):
        SMALL.questions[0].parse(3)
