"""Quizzes in a notebook: a form per question (ipywidgets), or the questions as text and `answer(...)` calls.

Either way each answer goes to the course's answers.yaml through grader.quiz.answers, as `grader quiz` saves it,
in the student's own version of the questions (drawn from their id, pinned in answers.yaml).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.errors import GraderError
from grader.paths import exercises_dir
from grader.quiz.answers import ANSWERS_FILE, save_quiz_answers, save_student_id
from grader.quiz.bank import find_quiz, load_bank
from grader.quiz.models import RECORDED, AnswerError, ChoiceQuestion, MultipleChoice, QuestionBase, Quiz, TrueFalse
from grader.quiz.variant import variants_for
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text, default_lang
from grader.variants import clean_id, find_student_id

NEEDS_ID = Text(en="Your version of this quiz depends on your student id: run quiz(\"{quiz}\", student=\"you@school.edu\") "
                   "once (it is written to answers.yaml, where grading reads it)",
                zh="这个测验的题目版本取决于你的学号：请运行一次 quiz(\"{quiz}\", student=\"你的学号或邮箱\")"
                   "（写入 answers.yaml，评分时从那里读取）")
HOW_TO_ANSWER = Text(en='Answer with answer("{quiz}", "QUESTION_ID", "YOUR ANSWER"); install ipywidgets for a form.',
                     zh='用 answer("{quiz}", "题目ID", "你的答案") 作答；安装 ipywidgets 可使用表单。')
SAVE = Text(en="Save", zh="保存")
EXPLANATION = Text(en="Explanation: ", zh="解析：")


def answers_path() -> Path:
    """The course's answers.yaml (exercises/ of the course around the notebook's folder)."""
    folder = exercises_dir()
    if not folder.is_dir():
        raise GraderError(f"no exercises/ folder above {Path.cwd()}: open the notebook inside the course folder")
    return folder / ANSWERS_FILE


def _student(quiz: Quiz, path: Path, student: str | None, lang: Lang) -> None:
    """Pin the student's id in answers.yaml when the quiz varies, as `grader quiz` does; say how when none is known."""
    if student is not None:
        if not clean_id(student):
            raise GraderError(f"{student!r} is not a usable student id")
        save_student_id(path, clean_id(student))  # type: ignore[arg-type]
        return
    if not quiz.varies:
        return
    found = find_student_id(path.parent)
    if found is None:
        raise GraderError(NEEDS_ID(lang).format(quiz=quiz.id))
    if found.source != "answers.yaml":
        save_student_id(path, found.value)


def _versions(quiz: Quiz, path: Path) -> list[tuple[QuestionBase, QuestionBase]]:
    variants = variants_for(path.parent, load_bank())
    return [(original, variants.of(quiz, original)) for original in quiz.questions]


@dataclass
class Feedback:
    """What saving one answer says: recorded (graded), or right/wrong and the explanation (practice)."""

    lines: list[str] = field(default_factory=list)
    good: bool = True

    def __repr__(self) -> str:
        return "\n".join(self.lines)

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.good else "#cf222e"
        return "".join(f'<p style="color: {colour if index == 0 else "inherit"}">{html.escape(line)}</p>'
                       for index, line in enumerate(self.lines))


def save_answer(quiz: Quiz, original: QuestionBase, question: QuestionBase, raw: Any, path: Path,
                lang: Lang) -> Feedback:
    """Parse, save and judge one answer (a graded question is only recorded: the instructor scores it)."""
    try:
        parsed = question.parse(raw)
    except AnswerError as error:
        return Feedback([f"{raw!r}: {error}"], good=False)
    save_quiz_answers(path, quiz.id, {question.id: question.written(parsed)})
    if quiz.mode_of(original) == "graded":
        return Feedback([RECORDED(lang)])
    fraction, feedback = question.score(parsed)
    explanation = EXPLANATION(lang) + unicode_math(question.explanation(lang).strip())
    return Feedback([unicode_math(feedback(lang)), explanation], good=fraction == 1)


def answer(quiz_id: str, question_id: str, value: Any, lang: Lang | None = None) -> Any:
    """Save one answer of the student's version of a question and show the feedback."""
    chosen: Lang = lang or default_lang()  # type: ignore[assignment]
    from grader.notebook.view import ProblemView

    try:
        found = find_quiz(quiz_id)
        path = answers_path()
        _student(found, path, None, chosen)
        pairs = {original.id: (original, question) for original, question in _versions(found, path)}
        if question_id not in pairs:
            raise GraderError(f"{found.id} has no question {question_id!r}; its questions: {', '.join(pairs)}")
        return save_answer(found, *pairs[question_id], value, path, chosen)
    except GraderError as error:
        return ProblemView(str(error))


def _choices(question: QuestionBase, lang: Lang) -> list[tuple[str, str]]:
    if isinstance(question, ChoiceQuestion):
        return [(label, unicode_math(choice.text(lang))) for label, choice in question.shown()]
    if isinstance(question, TrueFalse):
        return [("true", Text(en="true", zh="对")(lang)), ("false", Text(en="false", zh="错")(lang))]
    return []


@dataclass
class QuizText:
    """The quiz as text (and HTML): each question, its choices and the `answer(...)` call that saves an answer."""

    quiz: Quiz
    questions: list[QuestionBase]
    lang: Lang

    def lines(self) -> list[str]:
        lines = [unicode_math(self.quiz.title(self.lang))]
        for number, question in enumerate(self.questions, start=1):
            lines.append(f"{number}. [{question.id}] {unicode_math(question.prompt(self.lang).strip())}")
            lines += [f"   {label}) {text}" for label, text in _choices(question, self.lang)]
        lines.append(HOW_TO_ANSWER(self.lang).format(quiz=self.quiz.id))
        return lines

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        return "<pre style=\"white-space: pre-wrap\">" + html.escape(repr(self)) + "</pre>"


def quiz(quiz_id: str, lang: Lang | None = None, student: str | None = None) -> Any:
    """The quiz as a form (ipywidgets), else as text; `student=` pins your id once, where the quiz varies."""
    chosen: Lang = lang or default_lang()  # type: ignore[assignment]
    from grader.notebook.view import ProblemView

    try:
        found = find_quiz(quiz_id)
        path = answers_path()
        _student(found, path, student, chosen)
        versions = _versions(found, path)
    except GraderError as error:
        return ProblemView(str(error))
    try:
        from grader.notebook.quiz_form import quiz_form
    except ImportError:  # no ipywidgets: the text works everywhere
        return QuizText(found, [question for _, question in versions], chosen)
    return quiz_form(found, versions, path, chosen)
