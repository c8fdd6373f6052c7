"""`grader check [EXERCISE]`: the student's everyday command, one exercise in detail and the next step."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from grader.coach import grade_one, show_result
from grader.commands.options import lang_option, make_limits, resolve_lang, sandbox_options
from grader.curves import matplotlib_missing
from grader.errors import user_errors
from grader.progress import exercise_progress, next_unfinished
from grader.selection import choose
from grader.state import State
from grader.text import Lang, Text


@click.command(short_help="Check one exercise, or the next unfinished one.")
@click.argument("exercise", required=False)
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE.png",
              help="Write your losses and the reference's to this figure (ex03, ex05, ex07, ex08, ex09).")
@click.option("--quiet", "-q", is_flag=True, help="Do not show what your code printed.")
@sandbox_options
@lang_option
@user_errors
def check(exercise: str | None, path: Path | None, plot: Path | None, quiet: bool, timeout: float, memory: str,
          lang: str | None) -> None:
    """Check one exercise (by id, number or file: `ex01`, `1`, `exercises/ex01_mse.py`), or the next unfinished.

    Exits 0 when every check of the exercise passes, 1 when one fails, 2 on a usage error.
    """
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    console = Console(highlight=False)
    named, submission = choose(exercise, path, chosen)
    limits = make_limits(timeout, memory)
    no_plot = plot is not None and matplotlib_missing()
    if no_plot:
        plot = None
    state = State.load(submission)
    # Unchanged files keep their cached grade; without an exercise named, the changed ones are graded
    # here to find the first unfinished.
    entries, fresh = exercise_progress(submission, chosen, limits, state, grade_stale=not named)
    target = named.id if named else next_unfinished(entries)
    if target is None:
        console.print(Text(en="[green]All exercises pass.[/green] Try the quizzes: grader quiz",
                           zh="[green]所有练习都已通过。[/green] 试试测验：grader quiz")(chosen))
        return
    result = fresh.get(target) or grade_one(submission, target, chosen, limits, state)
    if named and result.status == "passed":
        # "Next:" may point only at an exercise known to fail: grade the files changed since their last grade.
        entries, _ = exercise_progress(submission, chosen, limits, state)
    show_result(result, submission, entries, console, chosen, limits, plot, show_output=not quiet)
    if no_plot:
        install = escape('pip install -e ".[plot]"')
        console.print(Text(en=f"\n[yellow]No figure: --plot needs matplotlib.[/yellow] Install it in the course "
                              f"folder with: {install}",
                           zh=f"\n[yellow]未生成图：--plot 需要 matplotlib。[/yellow]在课程文件夹中安装：{install}")(chosen))
    if result.status != "passed":
        raise SystemExit(1)
