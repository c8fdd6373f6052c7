"""`grader grade [PATH]`: grade a whole submission folder, for people (text) or machines (json and the rest)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console

from grader import variants
from grader.commands.options import (explanations_option, held_out_options, lang_option, make_limits, resolve_lang,
                                     sandbox_options, solutions_option, submission_argument, submission_path)
from grader.errors import user_errors
from grader.exit_codes import BELOW
from grader.grading.held_out import choose_secret
from grader.notebook.submission import staged_submission
from grader.paths import check_reference, solutions_dir
from grader.provenance import cite
from grader.reference import Reference
from grader.render import formats
from grader.render.gradescope import unmatched_patterns
from grader.render.text import print_report
from grader.report import Report, without_explanations
from grader.runner import GradeOptions, grade_submission

VISIBILITIES = click.Choice(["hidden", "after_due_date", "after_published", "visible"])


def gradescope_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of `--format gradescope` (shared with `grader export gradescope`)."""
    command = click.option("--gradescope-tests", type=click.Choice(["check", "exercise"]), default="check",
                           show_default=True, help="gradescope: one test per check, or per exercise.")(command)
    command = click.option("--hide", "hide", multiple=True, metavar="PATTERN",
                           help="gradescope: hide these checks or quizzes (ex03_huber, ex03_huber.random_*, "
                                "*.extreme_*, why_square); repeatable; a pattern that matches nothing is an error. "
                                "Checks and quizzes can also be hidden in their YAML files (visibility:).")(command)
    command = click.option("--hidden-visibility", type=VISIBILITIES, default="after_published", show_default=True,
                           help="gradescope: the visibility given to what --hide names.")(command)
    command = click.option("--gradescope-output-format", type=click.Choice(["text", "md"]), default="text",
                           show_default=True, help="gradescope: how each test's output is rendered.")(command)
    return command


def parse_threshold(text: str | None, max_score: float) -> float | None:
    """--fail-under: points ('120') or a share of the maximum ('80%')."""
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*", text)
    if not match:
        raise click.BadParameter(f"{text!r} is not a score such as 120 or 80%", param_hint="--fail-under")
    value = float(match.group(1))
    return value * max_score / 100 if match.group(2) else value


def check_threshold(text: str | None) -> None:
    """--fail-under above the most a submission can score would fail everyone: a usage error (exit 2)."""
    if text is None:
        return
    from grader.catalog import load_catalog
    from grader.quiz.bank import load_bank

    most = sum(exercise.max_score for exercise in load_catalog()) + sum(quiz.max_score for quiz in load_bank())
    threshold = parse_threshold(text, most)
    if threshold is not None and threshold > most + 1e-9:
        raise click.BadParameter(f"{text!r} is above the maximum score, {most:g} points (100%)",
                                 param_hint="--fail-under")


def check_hide(hide: tuple[str, ...]) -> None:
    """A --hide pattern that names nothing is a typo that would show what was meant to be hidden."""
    unmatched = unmatched_patterns(hide)
    if unmatched:
        raise click.BadParameter(f"{unmatched[0]!r} matches no check, exercise, quiz or question "
                                 "(e.g. ex03_huber, ex03_huber.random_*, why_square, why_square.*)",
                                 param_hint="--hide")


@click.command()
@submission_argument
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", *formats()]), help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--fail-under", metavar="SCORE", default=None,
              help="Exit with code 1 when the score is below SCORE (points, or a percentage such as 80%).")
@gradescope_options
@explanations_option
@held_out_options
@solutions_option
@sandbox_options
@lang_option
@user_errors
def grade(path: Path | None, output_format: str, output: Path | None, fail_under: str | None, gradescope_tests: str,
          hide: tuple[str, ...], hidden_visibility: str, gradescope_output_format: str, show_explanations: bool,
          secret_file: Path | None, held_out: bool | None, show_held_out_expected: bool,
          solutions: Path | None, timeout: float, memory: str, lang: str | None) -> None:
    """Grade every exercise and quiz in PATH (default: exercises/).

    Where a secret is configured ($LOSS_COMPASS_SECRET or --secret-file) and the reference solutions are
    here, each check also runs its held-out cases, drawn from the secret and the student's id.
    Exits 0 whenever grading finished, whatever the score, unless --fail-under is given.
    """
    chosen = resolve_lang(lang)
    check_threshold(fail_under)  # a malformed or unreachable threshold fails before grading, not after
    check_hide(hide)
    submission = submission_path(path, chosen)
    reference_folder = solutions_dir(solutions)
    check_reference(reference_folder, submission)
    variants.use_secret_file(secret_file)  # per-student quiz variants are drawn from the same secret
    secret = choose_secret(held_out, secret_file, reference_folder is not None)
    with staged_submission(submission) as staged:  # a folder of notebooks (or one) is graded as exercise files
        report = staged.restore(grade_submission(staged.folder, GradeOptions(
            limits=make_limits(timeout, memory), lang=chosen, reference=Reference(reference_folder),  # type: ignore[arg-type]
            held_out_secret=secret, show_held_out_expected=show_held_out_expected, exercises=staged.exercises,
            quizzes=staged.quizzes)))
    report = cite(report, reference_folder)
    if not show_explanations:
        report = without_explanations(report)
    if output_format == "text":
        if output is None:
            print_report(report, Console(highlight=False), chosen)  # type: ignore[arg-type]
        else:
            with output.open("w", encoding="utf-8") as handle:
                print_report(report, Console(file=handle, width=120, highlight=False), chosen)  # type: ignore[arg-type]
    else:
        options = dict(tests=gradescope_tests, hide=hide, hidden_visibility=hidden_visibility,
                       output_format=gradescope_output_format) if output_format == "gradescope" else {}
        document = formats()[output_format](report, **options)
        if output is None:
            click.echo(document)
        else:
            output.write_text(document + "\n", encoding="utf-8")
    _gate(report, parse_threshold(fail_under, report.max_score), fail_under)


def _gate(report: Report, threshold: float | None, text: str | None) -> None:
    if threshold is not None and report.score < threshold - 1e-9:
        click.echo(f"score {report.score:g} / {report.max_score:g} is below --fail-under {text}", err=True)
        raise SystemExit(BELOW)
