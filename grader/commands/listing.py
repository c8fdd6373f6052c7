"""`grader list`: every exercise with its points and status, and the course's progress."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grader.catalog import load_catalog
from grader.commands.options import lang_option, resolve_lang
from grader.errors import user_errors
from grader.paths import exercises_dir
from grader.render.text import score_text, status_label
from grader.runner import GradeOptions, grade_submission
from grader.text import Text


@click.command(name="list")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@lang_option
@user_errors
def list_exercises(path: Path | None, lang: str | None) -> None:
    """List the exercises, their points and whether they pass."""
    chosen = resolve_lang(lang)
    catalog = load_catalog()
    report = grade_submission(path or exercises_dir(), GradeOptions(lang=chosen))  # type: ignore[arg-type]
    results = {result.id: result for result in report.exercises}
    table = Table(title_justify="left", title=Text(en="Exercises", zh="练习")(chosen))
    for heading in (Text(en="#", zh="#"), Text(en="Exercise", zh="练习"), Text(en="Title", zh="标题"),
                    Text(en="Points", zh="得分"), Text(en="Status", zh="状态")):
        table.add_column(heading(chosen))
    for number, exercise in enumerate(catalog, start=1):
        result = results[exercise.id]
        table.add_row(str(number), exercise.id, escape(exercise.title(chosen)),
                      score_text(result.score, result.max_score), status_label(result, chosen))
    console = Console(highlight=False)
    console.print(table)
    passed = sum(result.status == "passed" for result in report.exercises)
    width = 30
    filled = round(width * report.score / report.max_score) if report.max_score else 0
    console.print(f"[green]{'█' * filled}[/green][dim]{'░' * (width - filled)}[/dim] "
                  + Text(en=f"{passed}/{len(catalog)} exercises pass, {score_text(report.score, report.max_score)} points",
                         zh=f"已通过 {passed}/{len(catalog)} 个练习，得分 {score_text(report.score, report.max_score)}")(chosen))
