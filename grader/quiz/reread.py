"""What to reread after a quiz: the notes sections (`notes:` of each question) of the questions answered wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from grader.errors import GraderError
from grader.quiz.bank import Problem
from grader.quiz.models import Quiz
from grader.report import QuizResult
from grader.student_tools.notes import find_section, notes_folder
from grader.text import Lang, Text

HEADING = Text(zh="建议重读（答错的题目对应的笔记小节）：", en="Reread (the notes behind the questions you got wrong):")


def wrong_refs(quiz: Quiz, result: QuizResult) -> list[str]:
    """The `notes:` of each practice question answered and not fully right, each once, in question order."""
    refs: list[str] = []
    for scored in result.questions:
        question = quiz.question(scored.id)
        if question is None or question.notes is None or scored.passed or quiz.mode_of(question) == "graded":
            continue
        if not scored.explanation:  # unanswered or unreadable: nothing was got wrong yet
            continue
        if question.notes not in refs:
            refs.append(question.notes)
    return refs


def reread_lines(refs: Iterable[str], lang: Lang) -> list[str]:
    """One line per section: the command that opens it, and its title when this copy of the course has the notes."""
    lines = []
    for ref in refs:
        try:
            title = f"  ({find_section(ref, lang).title})"
        except GraderError:  # a release without the notes: the command still names the section
            title = ""
        lines.append(f"  grader notes {ref}{title}")
    return lines


def notes_problems(quizzes: Iterable[Quiz], files: Iterable[Path]) -> list[Problem]:
    """Every `notes:` that names no section of the notes (site/docs/notes), in both languages; [] without notes."""
    if notes_folder() is None:
        return []
    problems = []
    for quiz, path in zip(quizzes, files):
        for question in quiz.questions:
            if question.notes is None:
                continue
            for lang in ("zh", "en"):
                try:
                    find_section(question.notes, lang)  # type: ignore[arg-type]
                except GraderError:
                    problems.append(Problem(path, f"questions ({question.id}).notes",
                                            f"{question.notes!r} names no section of the {lang} notes "
                                            "(grader notes lists them)"))
                    break
    return problems
