"""`grader quiz`: the terminal quiz driven end to end through CliRunner input, and validate / schema."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from grader.cli import cli
from grader.paths import PACKAGE_DIR
from grader.quiz.answers import ANSWERS_FILE, read_answers
from grader.quiz.bank import load_bank
from grader.terminal_math import render

PROJECT = PACKAGE_DIR.parent
SOLUTIONS = read_answers(PROJECT / "solutions" / ANSWERS_FILE)


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Invoke `grader ...` in an empty temporary folder, in an English locale with no LOSS_COMPASS_LANG."""
    monkeypatch.delenv("LOSS_COMPASS_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LOSS_COMPASS_ROOT", str(tmp_path))
    (tmp_path / "exercises").mkdir()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def typed(answer: object) -> str:
    """What a student types for an answer from answers.yaml."""
    if isinstance(answer, list):
        return ", ".join(answer)
    if isinstance(answer, bool):
        return "true" if answer else "false"
    return str(answer)


def solution_input(quiz_id: str) -> str:
    return "".join(typed(answer) + "\n" for answer in SOLUTIONS[quiz_id].values())


def test_schema_prints_json_schema(run):
    result = run("quiz", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "Loss Compass quiz"
    assert {"id", "title", "questions"} <= set(schema["properties"])


def test_validate_the_bank(run):
    result = run("quiz", "validate")
    assert result.exit_code == 0, result.output
    bank = load_bank()
    assert f"ok: {len(bank)} quizzes, {sum(len(q.questions) for q in bank)} questions" in result.output


def test_validate_prints_every_problem_and_fails(run, tmp_path):
    good = PACKAGE_DIR / "quizzes" / "01_what_is_loss.yaml"
    data = yaml.safe_load(good.read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "z"
    data["questions"][1]["prompt"].pop("en")
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "dup.yaml").write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("quiz", "validate", "bad.yaml", str(good), "dup.yaml")
    assert result.exit_code != 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("bad.yaml: line ") and "(what_loss_measures).answer: answer names 'z'" in line for line in lines)
    assert any(line.startswith("bad.yaml: line ") and "(blank_slate).prompt.en: missing the English (en) text" in line for line in lines)
    assert any(line.startswith("dup.yaml: id: duplicate quiz id 'what_is_loss'") for line in lines)
    assert "3 problem(s) in 2 file(s)" in result.stderr
    assert "Traceback" not in result.output


def test_validate_a_missing_file_is_a_usage_error(run):
    result = run("quiz", "validate", "nope.yaml")
    assert result.exit_code == 2 and "nope.yaml" in result.output


def test_listing_shows_progress_and_next_quiz(run, tmp_path):
    answers = tmp_path / "mine.yaml"
    answers.write_text(yaml.safe_dump({"what_is_loss": SOLUTIONS["what_is_loss"]}), encoding="utf-8")
    result = run("quiz", "--lang", "en", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    for quiz in load_bank():
        assert quiz.id in result.output
    first = load_bank()[0]
    assert f"answered {len(first.questions)}/{len(first.questions)}, score {first.max_score:g}/{first.max_score:g}" in result.output
    assert f"Next unfinished quiz: grader quiz {load_bank()[1].id}" in result.output


def test_listing_survives_a_broken_answers_file(run, tmp_path):
    (tmp_path / "exercises" / ANSWERS_FILE).write_text("what_is_loss: [\n", encoding="utf-8")
    result = run("quiz")
    assert result.exit_code == 0
    assert "not valid YAML" in result.stderr
    assert "what_is_loss" in result.stdout


def test_correct_answers_score_full_marks_and_keep_other_quizzes(run, tmp_path):
    answers = tmp_path / "exercises" / ANSWERS_FILE
    answers.write_text(yaml.safe_dump({"loss_zero": {"three_readings": ["a"]}}), encoding="utf-8")
    quiz = load_bank()[0]
    # "zz" is not an answer to the first question: it is asked again, nothing is scored.
    result = run("quiz", quiz.id, "--lang", "en", input="zz\n" + solution_input(quiz.id))
    assert result.exit_code == 0, result.output
    assert "Could not read that: 'zz' is not a choice" in result.output
    assert result.output.count("Correct!") == len(quiz.questions)
    assert f"Score: {quiz.max_score:g}/{quiz.max_score:g}" in result.output
    saved = read_answers(answers)
    assert saved["loss_zero"] == {"three_readings": ["a"]}
    assert {key: str(value) for key, value in saved[quiz.id].items()} == {
        key: str(value) for key, value in SOLUTIONS[quiz.id].items()
    }


def test_wrong_answers_show_the_explanation_and_score_zero(run, tmp_path):
    quiz = next(q for q in load_bank() if q.id == "surprise_and_log")
    wrong = {"single": "b", "true_false": "false", "numeric": "13.29", "text": "nothing", "multiple": "d"}
    typed_answers = "".join(
        wrong[q.type] + "\n" if not (q.type == "single" and q.answer == "b") else "c\n" for q in quiz.questions
    )
    result = run("quiz", quiz.id, "--lang", "en", input=typed_answers)
    assert result.exit_code == 0, result.output
    assert "Correct!" not in result.output
    assert f"Score: 0/{quiz.max_score:g}" in result.output
    tiny = quiz.question("tiny_p_loss")
    assert "Why: " + render(tiny.explanation.en.strip()) in result.output


def test_a_chinese_locale_gives_chinese_and_a_number_selects_the_quiz(run, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    quiz = load_bank()[1]
    result = run("quiz", "2", input=solution_input(quiz.id))
    assert result.exit_code == 0, result.output
    assert quiz.title.zh in result.output
    assert "正确！" in result.output
    assert f"得分：{quiz.max_score:g}/{quiz.max_score:g}" in result.output
    assert quiz.id in read_answers(tmp_path / "exercises" / ANSWERS_FILE)


@pytest.mark.parametrize("environment, expected", [
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LOSS_COMPASS_LANG": "en"}, "en"),
    ({"LANG": "en_US.UTF-8", "LOSS_COMPASS_LANG": "zh"}, "zh"),
])
def test_the_quiz_follows_the_same_language_rule_as_every_command(run, monkeypatch, environment, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    quiz = load_bank()[0]
    listing = run("quiz").output
    title = run("quiz", quiz.id, input=solution_input(quiz.id)).output
    hint = run("hint", "1").output
    words = {"en": ("Quizzes (answers file", "Correct!", "Hint 1/"), "zh": ("测验列表", "正确！", "提示 1/")}[expected]
    assert words[0] in listing and words[1] in title and words[2] in hint
    assert "--lang" in run("quiz", "--help").output and "default: zh" not in run("quiz", "--help").output


def test_an_unreadable_answer_in_chinese_is_explained_in_chinese_only(run):
    quiz = load_bank()[0]
    result = run("quiz", quiz.id, "--lang", "zh", input="zz\n" + solution_input(quiz.id))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "无法识别" in line)
    first = quiz.questions[0]
    assert "'zz'" in line and ", ".join(first.choice_ids) in line and "请再输入一次" in line
    english = re.sub(r"'zz'|\b[a-z]\b", "", line)  # the typed answer and the choice ids are the student's own letters
    assert not re.search(r"[A-Za-z]{2,}", english), line


def test_stopping_early_keeps_the_answers_given(run, tmp_path):
    quiz = load_bank()[0]
    first_two = "".join(typed(a) + "\n" for a in list(SOLUTIONS[quiz.id].values())[:2])
    result = run("quiz", quiz.id, input=first_two)
    assert result.exit_code != 0  # end of input aborts the prompt
    saved = read_answers(tmp_path / "exercises" / ANSWERS_FILE)[quiz.id]
    assert list(saved) == [q.id for q in quiz.questions[:2]]


def test_broken_answers_file_is_refused_before_the_first_question(run, tmp_path):
    answers = tmp_path / "exercises" / ANSWERS_FILE
    answers.write_text("loss_zero: {three_readings: [a\n", encoding="utf-8")
    result = run("quiz", load_bank()[0].id, input=solution_input(load_bank()[0].id))
    assert result.exit_code != 0
    assert "not valid YAML" in result.stderr and str(answers) in result.stderr
    assert "Traceback" not in result.output
    assert answers.read_text(encoding="utf-8") == "loss_zero: {three_readings: [a\n"


def test_unknown_quiz_is_a_one_line_error(run):
    result = run("quiz", "no_such_quiz")
    assert result.exit_code != 0
    assert "no quiz named 'no_such_quiz'; the quizzes are:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_grade_scores_quizzes_next_to_exercises_despite_bad_answers(run, tmp_path):
    submission = tmp_path / "submission"
    shutil.copytree(PROJECT / "solutions", submission)
    answers = dict(SOLUTIONS)
    answers["what_is_loss"] = ["not", "a", "mapping"]
    answers["loss_zero"] = {**SOLUTIONS["loss_zero"], "overfitting_symptom": "z"}
    (submission / ANSWERS_FILE).write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = run("grade", str(submission), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["exercises"] and all(e["status"] == "passed" for e in report["exercises"])
    quizzes = {quiz["id"]: quiz for quiz in report["quizzes"]}
    assert list(quizzes) == [quiz.id for quiz in load_bank()]
    assert quizzes["what_is_loss"]["score"] == 0 and "what_is_loss: expected a mapping" in quizzes["what_is_loss"]["error"]
    symptom = next(q for q in quizzes["loss_zero"]["questions"] if q["id"] == "overfitting_symptom")
    assert symptom["score"] == 0 and "answers.yaml: loss_zero.overfitting_symptom: 'z' is not a choice" in symptom["message"]
    assert quizzes["loss_zero"]["score"] == quizzes["loss_zero"]["max_score"] - symptom["max_score"]
    assert all(quizzes[q]["score"] == quizzes[q]["max_score"] for q in list(quizzes)[2:])
