"""`grader watch [PATH]`: re-check the exercise being worked on at every save, until Ctrl-C."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from grader.catalog import find_exercise
from grader.commands.options import (lang_option, make_limits, resolve_lang, sandbox_options, submission_argument,
                                     submission_path)
from grader.errors import GraderError, user_errors
from grader.text import Lang, Text
from grader.watching import Watcher, changes


@click.command()
@submission_argument
@click.option("--exercise", "-e", default=None, metavar="EXERCISE",
              help="Start with this exercise (default: the first unfinished one).")
@click.option("--poll", is_flag=True, help="Poll for changes (for file systems without change events).")
@sandbox_options
@lang_option
@user_errors
def watch(path: Path | None, exercise: str | None, poll: bool, timeout: float, memory: str, lang: str | None) -> None:
    """Watch PATH (default: exercises/) and re-check the exercise you are working on each time you save."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    submission = submission_path(path)
    if not submission.is_dir():
        raise GraderError(f"{submission}: no such folder")
    start = find_exercise(exercise).id if exercise else None
    console = Console(highlight=False)
    watcher = Watcher(submission, chosen, make_limits(timeout, memory), console, start)
    try:
        watcher.begin()
        for names in changes(submission, poll):
            watcher.saved(names)
    except KeyboardInterrupt:
        console.print(Text(en="\nStopped watching. Your progress: grader list",
                           zh="\n已停止监视。查看进度：grader list")(chosen))
