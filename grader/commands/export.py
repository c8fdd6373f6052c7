"""`grader export gradescope OUT.zip`: ready-made bundles for grading platforms."""

from __future__ import annotations

from pathlib import Path

import click

from grader.commands.grade import check_hide, gradescope_options
from grader.commands.options import explanations_option, lang_option, parse_memory, sandbox_options, solutions_option
from grader.errors import user_errors
from grader.paths import solutions_dir


@click.group()
def export() -> None:
    """Bundles that grade this course on other platforms."""


@export.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@gradescope_options
@explanations_option
@solutions_option
@sandbox_options
@lang_option
@user_errors
def gradescope(out: Path, gradescope_tests: str, hide: tuple[str, ...], hidden_visibility: str,
               gradescope_output_format: str, show_explanations: bool, solutions: Path | None, timeout: float,
               memory: str, lang: str | None) -> None:
    """Write a Gradescope autograder bundle (setup.sh, run_autograder, the grader and its checks) to OUT.zip.

    The options are those of `grader grade --format gradescope`, baked into run_autograder; --solutions
    chooses the reference the bundle carries.
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
    names = build_bundle(out, solutions_dir(solutions), options)
    click.echo(f"wrote {out} ({len(names)} files); upload it as the autograder of a Gradescope assignment")
