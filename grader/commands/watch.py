"""`grader watch [PATH]`: re-check the exercise being worked on at every save, until Ctrl-C."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from grader.commands.options import lang_option, make_limits, resolve_lang, sandbox_options, submission_argument
from grader.errors import user_errors
from grader.selection import choose
from grader.text import Lang, Text
from grader.watching import Watcher, changes


@click.command(short_help="Re-check the exercise you are editing at every save.")
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
    named, submission = choose(exercise, path, chosen, how="give PATH")
    start = named.id if named else None
    console = Console(highlight=False)
    watcher = Watcher(submission, chosen, make_limits(timeout, memory), console, start)
    try:
        saves = changes(submission, poll)
        next(saves)  # watching before the first check: a save made while it runs is seen
        watcher.begin()
        for names in saves:
            watcher.saved(names)
    except KeyboardInterrupt:
        console.print(Text(en="\nStopped watching. Your progress: grader list",
                           zh="\n已停止监视。查看进度：grader list")(chosen))
