"""Options shared by several commands: language, sandbox limits, submission folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import click

from grader.paths import SOLUTIONS_ENV, submission_folder
from grader.sandbox.pool import SandboxLimits
from grader.text import default_lang

_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
          "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}


def parse_memory(text: str) -> int:
    """'1GiB', '512M', '2g' or a number of bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in _UNITS:
        raise click.BadParameter(f"{text!r} is not a size such as 512MiB or 1GiB", param_hint="'--memory'")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size < 64 << 20:
        raise click.BadParameter(f"{text!r} is too small: at least 64MiB is needed to import numpy",
                                 param_hint="'--memory'")
    return size


def lang_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                        help="Language of messages (default: from LOSS_COMPASS_LANG or the locale).")(command)


def resolve_lang(lang: str | None) -> str:
    return lang or default_lang()


def sandbox_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--memory", default="1GiB", show_default=True, metavar="SIZE",
                           help="Memory cap per exercise, enforced by the OS.")(command)
    command = click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
                           metavar="SECONDS", help="Wall-time limit per exercise.")(command)
    return command


def make_limits(timeout: float, memory: str) -> SandboxLimits:
    return SandboxLimits(timeout=timeout, memory=parse_memory(memory))


def solutions_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--solutions", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="PATH",
                        help=f"The reference solutions (default: ${SOLUTIONS_ENV}, else the solutions/ beside the "
                             "installed grader). Never taken from the submission or the folders around it.")(command)


def explanations_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--show-explanations", is_flag=True,
                         help="Keep each quiz question's explanation in the report after a wrong answer. It "
                              "states the answer, so by default reports leave it out, as the student release "
                              "does.")(command)


def submission_argument(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("path", required=False, type=click.Path(path_type=Path))(command)


def submission_path(path: Path | None, lang: str) -> Path:
    """The PATH argument, else the course's exercises/ (a one-line error when there is none)."""
    return path if path is not None else submission_folder(None, lang, how="give PATH")  # type: ignore[arg-type]


def held_out_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--held-out/--no-held-out, --secret-file and --show-held-out-expected (grade, grade-all, the bundle)."""
    command = click.option("--show-held-out-expected", is_flag=True,
                           help="A failing held-out case shows its expected value too (by default only the call "
                                "and what came back).")(command)
    command = click.option("--held-out/--no-held-out", "held_out", default=None,
                           help="Also run each check's held-out cases, drawn from the instructor's secret and the "
                                "student's id (default: when a secret is configured; needs the solutions).")(command)
    command = click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                           metavar="FILE", help="The instructor's secret (default: $LOSS_COMPASS_SECRET), for held-out "
                                                "cases and per-student quiz variants. Never put it in a release.")(command)
    return command


def version_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--version: the grader's version and the fingerprint its reports record (checks, catalog, quiz bank, reference)."""

    def show(context: click.Context, _: click.Parameter, value: bool) -> None:
        if not value or context.resilient_parsing:
            return
        from grader.errors import GraderError
        from grader.paths import solutions_dir
        from grader.provenance import version_text

        try:
            solutions = solutions_dir()
        except GraderError as error:  # a bad $LOSS_COMPASS_SOLUTIONS is a usage error, as for every command
            raise click.UsageError(str(error)) from None
        click.echo(version_text(solutions))
        context.exit()

    return click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show,
                        help="Show the version and the fingerprint of the checks, catalog, quiz bank and "
                             "reference, then exit.")(command)
