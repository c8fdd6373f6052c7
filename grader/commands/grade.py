"""`grader grade [PATH]`: grade a whole submission folder, for people (text) or machines (json)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from grader.commands.options import (lang_option, make_limits, resolve_lang, sandbox_options,
                                     submission_argument, submission_path)
from grader.errors import user_errors
from grader.render import formats
from grader.render.text import print_report
from grader.runner import GradeOptions, grade_submission


@click.command()
@submission_argument
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", *formats()]), help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@sandbox_options
@lang_option
@user_errors
def grade(path: Path | None, output_format: str, output: Path | None, timeout: float, memory: str,
          lang: str | None) -> None:
    """Grade every exercise and quiz in PATH (default: exercises/).

    Exits 0 whenever grading finished, whatever the score.
    """
    chosen = resolve_lang(lang)
    report = grade_submission(submission_path(path),
                              GradeOptions(limits=make_limits(timeout, memory), lang=chosen))  # type: ignore[arg-type]
    if output_format == "text":
        if output is None:
            print_report(report, Console(highlight=False), chosen)  # type: ignore[arg-type]
        else:
            with output.open("w", encoding="utf-8") as handle:
                print_report(report, Console(file=handle, width=120, highlight=False), chosen)  # type: ignore[arg-type]
        return
    document = formats()[output_format](report)
    if output is None:
        click.echo(document)
    else:
        output.write_text(document + "\n", encoding="utf-8")
