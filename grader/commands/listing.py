"""`grader list`: every exercise and quiz with its points and stage, and the course's progress bar."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grader.commands.options import lang_option, make_limits, resolve_lang, sandbox_options
from grader.errors import user_errors
from grader.paths import submission_folder
from grader.progress import Entry, exercise_progress, next_unfinished, quiz_progress, stage_label
from grader.render.progress import print_course_bar
from grader.render.text import score_text
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text


@click.command(name="list", short_help="Every exercise and quiz: points, passing or not, a progress bar.")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@sandbox_options
@lang_option
@user_errors
def list_exercises(path: Path | None, timeout: float, memory: str, lang: str | None) -> None:
    """List the exercises and quizzes, their points and whether they pass (only changed files are graded)."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    submission = submission_folder(path, chosen)
    exercises, _ = exercise_progress(submission, chosen, make_limits(timeout, memory))
    quizzes = quiz_progress(submission, chosen)
    console = Console(highlight=False)
    console.print(progress_table(exercises + quizzes, chosen))
    print_course_bar(exercises, quizzes, console, chosen)
    upcoming = next_unfinished(exercises)
    if upcoming:
        console.print(Text(en=f"Next: grader check {upcoming[:4]}", zh=f"下一步：grader check {upcoming[:4]}")(chosen))


def progress_table(entries: list[Entry], lang: Lang) -> Table:
    table = Table(title_justify="left", title=Text(en="Exercises and quizzes", zh="练习与测验")(lang))
    for heading in (Text(en="#", zh="#"), Text(en="Id", zh="编号"), Text(en="Title", zh="标题"),
                    Text(en="Points", zh="得分"), Text(en="Status", zh="状态")):
        table.add_column(heading(lang))
    number = 0
    for entry in entries:
        if entry.kind == "exercise":
            number += 1
        table.add_row(str(number) if entry.kind == "exercise" else "", entry.id if entry.kind == "exercise"
                      else f"quiz:{entry.id}", escape(unicode_math(entry.title)),
                      score_text(entry.score, entry.max_score), stage_label(entry.stage, lang))
    return table
