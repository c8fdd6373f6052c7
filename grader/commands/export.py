"""`grader export gradescope OUT.zip`, a bundle for Gradescope; `grader export canvas|moodle|csv`, grade-import files."""

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


@click.group(short_help="Instructors: a Gradescope bundle, or grade-all's grades for Canvas, Moodle or CSV.")
def export() -> None:
    """Bundles that grade this course on other platforms, and grade-all's grades as an LMS imports them."""


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


def _grade_import(kind: str, summary: str) -> click.Command:
    """`grader export KIND GRADES_DIR -o FILE`: grade-all's grades.csv as the import file of an LMS."""

    @click.argument("grades_dir", type=click.Path(path_type=Path))
    @click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="The CSV file to write.")
    @click.option("--out-of", type=click.FloatRange(min=0, min_open=True), default=None, metavar="POINTS",
                  help="Rescale each total to this many points (the assignment's maximum in the LMS); default: "
                       "the course's points as graded.")
    @user_errors
    def command(grades_dir: Path, output: Path, out_of: float | None, **options: str) -> None:
        from grader.render.lms import EXPORTS, read_grades

        rows = read_grades(grades_dir)
        text = EXPORTS[kind](rows, *options.values(), out_of=out_of, source=grades_dir)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({sum(row.status != 'skipped' for row in rows)} students)")

    command.__doc__ = summary
    if kind == "canvas":
        command = click.option("--assignment", default="Loss Compass", show_default=True, metavar="NAME",
                               help='The gradebook column: "Name (assignment id)" as Canvas\'s export spells it '
                                    "updates that assignment; a name alone creates a new one.")(command)
    return export.command(kind)(command)


_grade_import("canvas", """Write grade-all's grades (GRADES_DIR/grades.csv) as a Canvas gradebook import file.

Columns: Student, ID, SIS User ID, SIS Login ID, Section and the assignment, under a Points Possible row. Each
student needs a Canvas user id (from a Canvas download's entry names) or an SIS user id (grade-all --roster).
""")
_grade_import("moodle", """Write grade-all's grades as a Moodle offline grading worksheet (Upload grading worksheet).

Each student needs the participant id of Moodle's "Download all submissions" (Name_12345_...) or a
participant_id column from grade-all --roster. The column names are English, as Moodle's importer reads them.
""")
_grade_import("csv", """Write grade-all's grades as a plain CSV: submission, student id, name, grade, percentage, provenance.""")
