"""`grader plot EXERCISE`: the exercise's losses as a PNG (yours next to the reference's), opened when it can be."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from grader.commands.options import lang_option, make_limits, resolve_lang, sandbox_options
from grader.errors import GraderError, user_errors
from grader.selection import choose
from grader.state import STATE_DIR, State
from grader.student_tools.drawing import matplotlib_missing, write_figure
from grader.student_tools.figures import exercise_panels, has_figure, with_figures
from grader.student_tools.opening import open_in_viewer
from grader.text import Lang, Text

INSTALL = 'pip install -e ".[plot]"'


@click.command(short_help="Your losses next to the reference's, as a PNG (ex03, ex05, ex07-09).")
@click.argument("exercise")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE.png",
              help="Where to write the figure (default: .grader/plots/EXERCISE.png in the exercises folder).")
@click.option("--no-open", is_flag=True, help="Only write the figure and print its path.")
@sandbox_options
@lang_option
@user_errors
def plot(exercise: str, path: Path | None, output: Path | None, no_open: bool, timeout: float, memory: str,
         lang: str | None) -> None:
    """Draw EXERCISE's losses with your functions (run in the sandbox) beside the reference's: the loss curves of
    ex07 and ex09, Huber against MSE and MAE (ex03), -log p (ex05), the validation curve (ex08)."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    if matplotlib_missing():
        raise GraderError(Text(en=f"grader plot needs matplotlib: run {INSTALL} in the course folder",
                               zh=f"grader plot 需要 matplotlib：请在课程文件夹中运行 {INSTALL}")(chosen))
    found, submission = choose(exercise, path, chosen)
    assert found is not None  # EXERCISE is required
    if not has_figure(found.id):
        names = ", ".join(name[:4] for name in with_figures())
        raise GraderError(Text(en=f"{found.id} has no loss curve to draw; these exercises have one: {names}",
                               zh=f"{found.id} 没有可画的损失曲线；有曲线的练习：{names}")(chosen))
    target = output or default_target(submission, found.id)
    panels = exercise_panels(found, submission, make_limits(timeout, memory))
    write_figure(panels, target)
    console = Console(highlight=False)
    for panel in panels:
        if panel.problem is not None:
            console.print(Text(en=f"[yellow]No line of yours in {escape(panel.title)}:[/yellow] ",
                               zh=f"[yellow]图中没有你的曲线（{escape(panel.title)}）：[/yellow]")(chosen)
                          + escape(panel.problem(chosen)))
    if not no_open and open_in_viewer(target):
        console.print(Text(en=f"Opened {escape(str(target))}", zh=f"已打开 {escape(str(target))}")(chosen))
    else:
        console.print(Text(en=f"Figure written to {escape(str(target))}",
                           zh=f"图已写入 {escape(str(target))}")(chosen))


def default_target(submission: Path, exercise_id: str) -> Path:
    """.grader/plots/ID.png in the submission, beside the state (ignored by git); a temporary folder when that
    folder is a link or cannot be written (the folder is the student's: never write through a planted link)."""
    State.load(submission).save()  # makes .grader with its .gitignore
    plots = submission / STATE_DIR / "plots"
    try:
        if stat.S_ISDIR(os.lstat(plots.parent).st_mode):
            plots.mkdir(exist_ok=True)
            if stat.S_ISDIR(os.lstat(plots).st_mode):
                return plots / f"{exercise_id}.png"
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="loss-compass-plots-")) / f"{exercise_id}.png"
