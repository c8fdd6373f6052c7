"""`grader check [EXERCISE]`: the student's everyday command, one exercise in detail and the next step."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from grader.catalog import find_exercise
from grader.coach import grade_one, show_result
from grader.curves import require_matplotlib
from grader.commands.options import lang_option, make_limits, resolve_lang, sandbox_options
from grader.errors import GraderError, user_errors
from grader.paths import exercises_dir
from grader.progress import exercise_progress, next_unfinished
from grader.state import State
from grader.text import Lang, Text


@click.command()
@click.argument("exercise", required=False)
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE.png",
              help="Training exercises (ex07, ex09): write your loss curves and the reference's to this figure.")
@sandbox_options
@lang_option
@user_errors
def check(exercise: str | None, path: Path | None, plot: Path | None, timeout: float, memory: str,
          lang: str | None) -> None:
    """Check one exercise (by id or number, e.g. `ex01` or `1`), or, without one, the next unfinished."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    console = Console(highlight=False)
    submission = path or exercises_dir()
    if not submission.is_dir():
        raise GraderError(f"{submission}: no such folder")
    named = find_exercise(exercise).id if exercise else None
    limits = make_limits(timeout, memory)
    if plot is not None:
        require_matplotlib()
    state = State.load(submission)
    # Unchanged files keep their cached grade; without an exercise named, the changed ones are graded
    # here to find the first unfinished.
    entries, fresh = exercise_progress(submission, chosen, limits, state, grade_stale=not exercise)
    target = named or next_unfinished(entries)
    if target is None:
        console.print(Text(en="[green]All exercises pass.[/green] Try the quizzes: grader quiz",
                           zh="[green]所有练习都已通过。[/green] 试试测验：grader quiz")(chosen))
        return
    result = fresh.get(target) or grade_one(submission, target, chosen, limits, state)
    show_result(result, submission, entries, console, chosen, limits, plot)
