"""`grader hint EXERCISE`: one more hint each time it is asked, remembered per submission folder."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from grader.commands.options import lang_option, resolve_lang
from grader.errors import user_errors
from grader.render.text import notes_place
from grader.selection import choose_loosely
from grader.state import State
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text


@click.command(short_help="The next hint for an exercise (--all for every hint).")
@click.argument("exercise")
@click.option("--all", "show_all", is_flag=True, help="Show every hint at once.")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/); hints are counted per folder.")
@lang_option
@user_errors
def hint(exercise: str, show_all: bool, path: Path | None, lang: str | None) -> None:
    """Show the next hint for EXERCISE (by id or number, e.g. `ex01` or `1`); the earlier ones stay visible."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    found, submission = choose_loosely(exercise, path)
    state = State.load(submission) if submission.is_dir() else State(submission)
    total = len(found.hints)
    already = min(state.hints.get(found.id, 0), total)
    shown = total if show_all else min(already + 1, total)
    console = Console(highlight=False)
    for number, text in enumerate(found.hints[:shown], start=1):
        label = Text(en=f"Hint {number}/{total}", zh=f"提示 {number}/{total}")(chosen)
        newest = number > already or show_all
        style = "bold cyan" if newest else "dim"
        console.print(f"[{style}]{label}[/{style}] {escape(unicode_math(text(chosen)))}")
    number = found.id[2:4]
    if already >= total and not show_all:
        console.print(Text(en=f"That was the last hint for {found.id}: there are no more. Read the notes "
                              f"(grader notes {notes_place(found)}), and once it passes compare with grader solution {number}.",
                           zh=f"这已经是 {found.id} 的最后一条提示，没有更多了。请阅读笔记（grader notes {notes_place(found)}），"
                              f"通过之后可以用 grader solution {number} 对照参考答案。")(chosen))
    elif shown < total:
        console.print(Text(en=f"[dim]{total - shown} more: grader hint {number}[/dim]",
                           zh=f"[dim]还有 {total - shown} 条：grader hint {number}[/dim]")(chosen))
    else:
        console.print(Text(en="[dim]That is the last hint.[/dim]", zh="[dim]这是最后一条提示。[/dim]")(chosen))
    if shown > already or show_all:  # the exhausted-hints message above already points at the notes
        console.print(Text(en=f"[dim]From the notes: grader notes {notes_place(found)}[/dim]",
                           zh=f"[dim]出自笔记：grader notes {notes_place(found)}[/dim]")(chosen))
    if submission.is_dir():
        state.hints[found.id] = shown
        state.save()
