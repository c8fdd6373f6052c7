"""`grader export gradescope OUT.zip`: ready-made bundles for grading platforms."""

from __future__ import annotations

import secrets
from pathlib import Path

import click

from grader.commands.grade import check_hide, gradescope_options
from grader import variants
from grader.commands.options import (explanations_option, held_out_options, lang_option, parse_memory,
                                     sandbox_options, solutions_option)
from grader.errors import GraderError, user_errors
from grader.paths import solutions_dir


@click.group()
def export() -> None:
    """Bundles that grade this course on other platforms."""


@export.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@gradescope_options
@explanations_option
@held_out_options
@solutions_option
@sandbox_options
@lang_option
@user_errors
def gradescope(out: Path, gradescope_tests: str, hide: tuple[str, ...], hidden_visibility: str,
               gradescope_output_format: str, show_explanations: bool, secret_file: Path | None,
               held_out: bool | None, show_held_out_expected: bool, solutions: Path | None, timeout: float,
               memory: str, lang: str | None) -> None:
    """Write a Gradescope autograder bundle (setup.sh, run_autograder, the grader and its checks) to OUT.zip.

    The options are those of `grader grade --format gradescope`, baked into run_autograder; --solutions
    chooses the reference the bundle carries. Held-out cases run by default: the bundle carries the
    instructor's secret ($LOSS_COMPASS_SECRET or --secret-file; a new random one if neither is set), readable
    by the grader only, and each student's id comes from Gradescope's submission_metadata.json.
    """
    from grader.release.bundle import build_bundle

    parse_memory(memory)
    check_hide(hide)
    options = ["--gradescope-tests", gradescope_tests, "--hidden-visibility", hidden_visibility,
               "--gradescope-output-format", gradescope_output_format, "--timeout", f"{timeout:g}",
               "--memory", memory, "--lang", lang or "en"]
    for pattern in hide:
        options += ["--hide", pattern]
    if show_explanations:
        options.append("--show-explanations")
    secret = None
    if held_out is not False:
        try:
            secret = variants.instructor_secret(secret_file) or secrets.token_hex(32)
        except variants.SecretError as error:
            raise GraderError(str(error)) from None
        options.append("--held-out")
        if show_held_out_expected:
            options.append("--show-held-out-expected")
    names = build_bundle(out, solutions_dir(solutions), options, secret)
    click.echo(f"wrote {out} ({len(names)} files); upload it as the autograder of a Gradescope assignment")
