"""`grader quiz` keeps what was answered: Ctrl-C or the end of input stops it, the next run resumes at the first
unanswered question (--restart starts over), and the summary lists the notes sections to reread."""

from __future__ import annotations

import os
import pty
import re
import select
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.paths import PACKAGE_DIR
from grader.quiz.answers import ANSWERS_FILE, read_answers
from grader.quiz.bank import load_bank
from grader.student_tools.notes import find_section
from test_quiz_cli import typed

PROJECT = PACKAGE_DIR.parent
SOLUTIONS = read_answers(PROJECT / "solutions" / ANSWERS_FILE)
QUIZ = next(quiz for quiz in load_bank() if quiz.id == "what_is_loss")


RIGHT = [typed(SOLUTIONS[QUIZ.id][question.id]) + "\n" for question in QUIZ.questions]


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.delenv("LOSS_COMPASS_LANG", raising=False)
    monkeypatch.setenv("LOSS_COMPASS_ROOT", str(tmp_path))
    (tmp_path / "exercises").mkdir()
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str = ""):
        return CliRunner().invoke(cli, ["quiz", *args], input=input, catch_exceptions=False)

    return invoke


def saved(tmp_path: Path) -> dict:
    return read_answers(tmp_path / "exercises" / ANSWERS_FILE).get(QUIZ.id, {})


def test_the_end_of_input_keeps_what_was_answered_and_says_how_to_resume(run, tmp_path):
    result = run(QUIZ.id, "--lang", "en", input="".join(RIGHT[:2]))
    assert result.exit_code == 130
    assert f"Stopped: 2 of {len(QUIZ.questions)} answers are saved" in result.output
    assert f"grader quiz {QUIZ.id} again to resume at question 3" in result.output
    assert list(saved(tmp_path)) == [question.id for question in QUIZ.questions[:2]]


def test_the_next_run_resumes_at_the_first_unanswered_question(run, tmp_path):
    run(QUIZ.id, "--lang", "en", input="".join(RIGHT[:2]))
    result = run(QUIZ.id, "--lang", "en", input="".join(RIGHT[2:]))
    assert result.exit_code == 0, result.output
    total = len(QUIZ.questions)
    assert f"Resuming at question 3 of {total} (2 answered before); --restart to start over." in result.output
    assert f"Question 1/{total}" not in result.output and f"Question 3/{total}" in result.output
    # the score counts the earlier run's answers too
    practice = sum(q.points for q in QUIZ.questions if QUIZ.mode_of(q) != "graded")
    assert f"Score: {practice}/{practice}" in result.output
    assert len(saved(tmp_path)) == total


def test_a_resumed_quiz_in_chinese_says_so_in_chinese(run):
    run(QUIZ.id, "--lang", "zh", input=RIGHT[0])
    result = run(QUIZ.id, "--lang", "zh", input="")
    assert f"从第 2/{len(QUIZ.questions)} 题继续（前面的 1 题已作答）；加 --restart 从头开始。" in result.output
    assert "已停止：1/" in result.output


def test_restart_clears_this_quiz_only_and_starts_at_question_one(run, tmp_path):
    other = next(quiz for quiz in load_bank() if quiz.id == "loss_zero")
    run(other.id, "--lang", "en", input="false\n")
    run(QUIZ.id, "--lang", "en", input="".join(RIGHT[:3]))
    result = run(QUIZ.id, "--restart", "--lang", "en", input=RIGHT[0])
    assert "This quiz's earlier answers are cleared; starting at question 1." in result.output
    assert f"Question 1/{len(QUIZ.questions)}" in result.output
    assert list(saved(tmp_path)) == [QUIZ.questions[0].id]
    assert read_answers(tmp_path / "exercises" / ANSWERS_FILE)[other.id] == {other.questions[0].id: False}


def test_a_finished_quiz_starts_again_from_the_first_question(run, tmp_path):
    run(QUIZ.id, "--lang", "en", input="".join(RIGHT))
    result = run(QUIZ.id, "--lang", "en", input="a\n")
    assert "Every question of this quiz is answered: starting again at question 1" in result.output
    assert saved(tmp_path)[QUIZ.questions[0].id] == "a"  # the new answer replaced the old one
    assert len(saved(tmp_path)) == len(QUIZ.questions)
    assert "Stopped: an answer to every question is saved in" in result.output


def test_the_summary_lists_the_notes_of_the_questions_answered_wrong(run, tmp_path):
    wrong = {"what_loss_measures": "a\n", "training_goal": "b\n"}
    answers = "".join(wrong.get(question.id, right) for question, right in zip(QUIZ.questions, RIGHT))
    result = run(QUIZ.id, "--lang", "en", input=answers)
    assert result.exit_code == 0
    summary = result.output[result.output.index("Score:"):]
    refs = [QUIZ.question(question_id).notes for question_id in wrong]
    assert refs == ["what-is-a-loss#what-the-model-wants", "lowering-the-loss#lower-the-loss"]
    lines = [line.strip() for line in summary.splitlines()]
    assert lines[1] == "Reread (the notes behind the questions you got wrong):"
    for ref in refs:
        assert f"grader notes {ref}  ({find_section(ref, 'en').title})" in lines
    assert sum(line.startswith("grader notes") for line in lines) == 2  # right answers send nobody back
    listing = run("--lang", "en").output  # the list of quizzes says it too
    assert f"reread: grader notes {refs[0]}, grader notes {refs[1]}" in listing


def test_a_perfect_run_has_nothing_to_reread(run):
    result = run(QUIZ.id, "--lang", "en", input="".join(RIGHT))
    assert "Reread" not in result.output and "grader notes" not in result.output


def test_every_question_of_the_bank_names_notes_that_exist():
    from grader.quiz.bank import bank_files
    from grader.quiz.reread import notes_problems

    bank = load_bank()
    assert all(question.notes for quiz in bank for question in quiz.questions)
    assert notes_problems(bank, bank_files()) == []


# ---------------------------------------------------------------- a real terminal


def _read_until(fd: int, wanted: str, seen: list[str]) -> str:
    """Read the terminal until `wanted` shows (a 120 s guard against a hang on a loaded machine, not a measure of
    speed)."""
    text = "".join(seen)
    while wanted not in text:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            raise AssertionError(f"{wanted!r} never came; the terminal showed:\n{text[-2000:]}")
        try:
            chunk = os.read(fd, 4096).decode("utf-8", "replace")
        except OSError:  # the child closed the terminal
            raise AssertionError(f"{wanted!r} never came; the terminal showed:\n{text[-2000:]}") from None
        seen.append(chunk)
        text += chunk
    return text


def _spawn(folder: Path, *args: str) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: `python -m grader quiz ...` in the course folder, on the terminal
        os.chdir(folder)
        env = {**os.environ, "LOSS_COMPASS_ROOT": str(folder), "LOSS_COMPASS_LANG": "en", "TERM": "dumb"}
        os.execvpe(sys.executable, [sys.executable, "-m", "grader", "quiz", *args], env)
    return pid, fd


def test_ctrl_c_in_a_real_terminal_keeps_the_answers_and_the_next_run_resumes(tmp_path):
    (tmp_path / "exercises").mkdir()
    pid, fd = _spawn(tmp_path, QUIZ.id)
    seen: list[str] = []
    _read_until(fd, "Your answer (a/b/c/d)", seen)
    os.write(fd, RIGHT[0].encode())
    _read_until(fd, "Your answer (true/false)", seen)
    os.write(fd, b"\x03")  # Ctrl-C, through the terminal's line discipline: SIGINT
    text = _read_until(fd, "to resume at question 2", seen)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 130
    assert re.search(rf"Stopped: 1 of {len(QUIZ.questions)} answers are saved", text)
    assert list(saved(tmp_path)) == [QUIZ.questions[0].id]

    pid, fd = _spawn(tmp_path, QUIZ.id)
    seen = []
    text = _read_until(fd, "Your answer (true/false)", seen)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    assert f"Resuming at question 2 of {len(QUIZ.questions)}" in text and "Question 1/" not in text
