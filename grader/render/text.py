"""The human-readable report: rich tables for a whole grade, and a detailed view of one exercise."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grader.catalog import Exercise, load_catalog
from grader.report import ExerciseResult, Report
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text

STATUS = {
    "passed": ("green", Text(en="passed", zh="通过")),
    "failed": ("red", Text(en="failing", zh="未通过")),
    "not_implemented": ("yellow", Text(en="not implemented", zh="尚未实现")),
    "error": ("red", Text(en="error", zh="错误")),
    "missing": ("red", Text(en="missing", zh="缺少文件")),
}
MARK = {True: "[green]✓[/green]", False: "[red]✗[/red]"}


def status_label(result: ExerciseResult, lang: Lang) -> str:
    colour, label = STATUS[result.status]
    return f"[{colour}]{label(lang)}[/{colour}]"


def score_text(score: float, max_score: float) -> str:
    return f"{score:g}/{max_score:g}"


def print_report(report: Report, console: Console, lang: Lang, details: bool = True) -> None:
    """The whole grade: a table of exercises and quizzes, the failing checks, the total, the limits."""
    table = Table(title=Text(en=f"Loss Compass · {report.submission}", zh=f"Loss Compass · {report.submission}")(lang),
                  title_justify="left")
    table.add_column(Text(en="Exercise", zh="练习")(lang))
    table.add_column(Text(en="Title", zh="标题")(lang))
    table.add_column(Text(en="Points", zh="得分")(lang), justify="right")
    table.add_column(Text(en="Status", zh="状态")(lang))
    for result in report.exercises:
        table.add_row(result.id, escape(unicode_math(result.title)), score_text(result.score, result.max_score),
                      status_label(result, lang))
    for quiz in report.quizzes:
        colour = "green" if quiz.score == quiz.max_score else "yellow" if quiz.score else "red"
        table.add_row(f"quiz:{quiz.id}", escape(unicode_math(quiz.title)), score_text(quiz.score, quiz.max_score),
                      f"[{colour}]{escape(quiz.error) if quiz.error else ''}[/{colour}]")
    console.print(table)
    if details:
        for result in report.exercises:
            if result.status in ("failed", "error", "missing"):
                print_failures(result, console, lang)
    console.print(Text(en=f"[bold]Total: {score_text(report.score, report.max_score)}[/bold] "
                          f"({report.seconds:.2f} s)",
                       zh=f"[bold]总分：{score_text(report.score, report.max_score)}[/bold]"
                          f"（{report.seconds:.2f} 秒）")(lang))
    for warning in report.warnings + (report.limits.warnings if report.limits else []):
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")


def print_failures(result: ExerciseResult, console: Console, lang: Lang) -> None:
    console.print(f"\n[bold]{result.id}[/bold] {status_label(result, lang)}")
    if result.reason and result.status != "failed":
        console.print(f"  {escape(result.reason)}")
        return
    for check in result.checks:
        if not check.passed:
            points = Text(en=f"{check.max_points} pt", zh=f"{check.max_points} 分")(lang)
            console.print(f"  {MARK[False]} {check.name} ({points}): {escape(check.message)}")
    exercise = next((item for item in load_catalog() if item.id == result.id), None)
    if exercise is not None:
        print_notes(exercise, console, lang)


def print_exercise(result: ExerciseResult, exercise: Exercise, console: Console, lang: Lang) -> None:
    """One exercise in detail, for `grader check`: every check, the reason, the relevant notes."""
    console.print(f"[bold]{exercise.id}[/bold] · {escape(unicode_math(exercise.title(lang)))}  "
                  f"{score_text(result.score, result.max_score)}  {status_label(result, lang)}")
    if result.reason and result.status in ("error", "missing"):
        console.print(f"  [red]{escape(result.reason)}[/red]")
    for check in result.checks:
        line = f"  {MARK[check.passed]} {escape(unicode_math(check.title or check.name))} [dim]({check.name}, " \
               f"{check.points}/{check.max_points})[/dim]"
        console.print(line)
        if not check.passed and check.message and result.status not in ("not_implemented", "error", "missing"):
            console.print(f"      {escape(check.message)}", highlight=False)
        if check.advice:
            console.print(f"      [yellow]{Text(en='advice', zh='建议')(lang)}:[/yellow] {escape(check.advice)}",
                          highlight=False)
    if result.status == "failed":
        print_notes(exercise, console, lang)


def notes_place(exercise: Exercise) -> str:
    """Where in the notes the exercise's idea is taught: `page#anchor`."""
    return exercise.notes.page + (f"#{exercise.notes.anchor}" if exercise.notes.anchor else "")


def print_notes(exercise: Exercise, console: Console, lang: Lang, indent: str = "  ") -> None:
    """The relevant line of the notes and where to read more."""
    console.print(f"\n{indent}[cyan]{Text(en='From the notes', zh='笔记中说')(lang)}:[/cyan] "
                  f"{escape(unicode_math(exercise.notes.quote(lang)))} "
                  f"[dim]({Text(en='notes', zh='笔记')(lang)}: {escape(notes_place(exercise))})[/dim]")


OUTPUT_LINES = 20
OUTPUT_CHARACTERS = 2000


def print_output(result: ExerciseResult, console: Console, lang: Lang) -> None:
    """What the student's code printed while it was checked (print(), warnings), truncated and labelled."""
    text = result.output.rstrip()
    if not text:
        return
    lines = text[:OUTPUT_CHARACTERS].splitlines()
    shown = lines[:OUTPUT_LINES]
    cut = len(shown) < len(text.splitlines()) or len(text) > OUTPUT_CHARACTERS
    console.print(Text(en=f"\n  [bold]Your code printed[/bold] [dim](output of {result.id} while it was checked; "
                          f"--quiet hides it)[/dim]:",
                       zh=f"\n  [bold]你的代码输出了[/bold] [dim]（检查 {result.id} 时的输出；--quiet 可隐藏）[/dim]：")(lang))
    for line in shown:
        console.print(f"  [dim]│[/dim] {escape(line)}", highlight=False, soft_wrap=True)
    if cut:
        console.print(Text(en="  [dim]│ … (truncated)[/dim]", zh="  [dim]│ ……（已截断）[/dim]")(lang))
