"""The course in Jupyter: generated notebooks, `check` in a kernel, notebook submissions, quizzes in a cell.

No submodule may share a name with a function here: importing it would replace the function on this package.
"""

from __future__ import annotations

from typing import Any


def plot(exercise: str, lang: str | None = None) -> Any:
    """The exercise's figure: its functions (run in the sandbox) beside the reference's, inline."""
    from grader.notebook.figure import plot as draw

    return draw(exercise, lang)


def quiz(quiz_id: str, lang: str | None = None, student: str | None = None) -> Any:
    """A quiz in a cell: a form where ipywidgets is installed, else its questions and how to answer them;
    `student=` pins your id in answers.yaml, once, for a quiz whose numbers or order are drawn per student."""
    from grader.notebook.quiz_cell import quiz as ask

    return ask(quiz_id, lang, student)


def answer(quiz_id: str, question_id: str, value: str, lang: str | None = None) -> Any:
    """Save one answer to answers.yaml (as `grader quiz` does) and show its feedback."""
    from grader.notebook.quiz_cell import answer as save

    return save(quiz_id, question_id, value, lang)
