"""`grader solution EXERCISE`: the reference solution, shown only once the student's own version passes."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.syntax import Syntax

from grader.coach import grade_one
from grader.commands.options import lang_option, make_limits, resolve_lang, sandbox_options
from grader.errors import GraderError, user_errors
from grader.paths import solutions_dir
from grader.progress import stage_of
from grader.selection import choose
from grader.state import State
from grader.text import Lang, Text


@click.command(short_help="The reference solution, once your version passes.")
@click.argument("exercise")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@sandbox_options
@lang_option
@user_errors
def solution(exercise: str, path: Path | None, timeout: float, memory: str, lang: str | None) -> None:
    """Show the reference solution of EXERCISE, once your own version passes every check."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    found, submission = choose(exercise, path, chosen)
    assert found is not None
    solutions = solutions_dir()
    reference = solutions / found.filename if solutions else None
    if reference is None or not reference.is_file():
        raise GraderError(Text(en="this copy of the course has no reference solutions (solutions/ is not here); "
                                  "ask your instructor after the deadline",
                               zh="这份课程副本中没有参考答案（没有 solutions/ 文件夹）；截止日期之后请向老师索取")(chosen))
    # Always graded, never read from .grader/state.json: that file is the student's to write, and a
    # forged "passed" there must not unlock the reference.
    status = grade_one(submission, found.id, chosen, make_limits(timeout, memory), State.load(submission)).status
    number = found.id[2:4]
    if stage_of(status) != "passing":
        raise GraderError(Text(en=f"the solution of {found.id} is shown once your version passes: "
                                  f"grader check {number} (stuck? grader hint {number})",
                               zh=f"你的 {found.id} 通过之后才能查看参考答案：grader check {number}"
                                  f"（卡住了？grader hint {number}）")(chosen))
    console = Console(highlight=False)
    console.print(Text(en=f"[bold]Reference solution of {found.id}[/bold] (compare it with yours):",
                       zh=f"[bold]{found.id} 的参考答案[/bold]（和你的版本对照一下）：")(chosen))
    console.print(Syntax(reference.read_text(encoding="utf-8"), "python", line_numbers=True, word_wrap=True))
