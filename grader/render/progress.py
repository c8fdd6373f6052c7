"""The course's progress bar: exercises passing, quizzes passing, points earned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.table import Table

from grader.render.text import score_text
from grader.text import Lang, Text

if TYPE_CHECKING:
    from grader.progress import Entry


def print_course_bar(exercises: list["Entry"], quizzes: list["Entry"], console: Console, lang: Lang) -> None:
    score = sum(entry.score for entry in exercises + quizzes)
    max_score = sum(entry.max_score for entry in exercises + quizzes)
    passed = sum(entry.stage == "passing" for entry in exercises)
    quizzes_passed = sum(entry.stage == "passing" for entry in quizzes)
    line = Table.grid(padding=(0, 1))
    line.add_column(width=32)
    line.add_column()
    summary = Text(en=f"{passed}/{len(exercises)} exercises pass, {quizzes_passed}/{len(quizzes)} quizzes, "
                      f"{score_text(round(score, 2), max_score)} points",
                   zh=f"已通过 {passed}/{len(exercises)} 个练习、{quizzes_passed}/{len(quizzes)} 个测验，"
                      f"得分 {score_text(round(score, 2), max_score)}")(lang)
    line.add_row(ProgressBar(total=max_score or 1, completed=score, width=32, complete_style="green",
                             finished_style="bold green"), summary)
    console.print(line)
