"""`grader release OUT_DIR`: what students receive (stubs, grader, CI workflow), without the answers."""

from __future__ import annotations

from pathlib import Path

import click

from grader.commands.options import solutions_option
from grader.errors import user_errors
from grader.paths import PACKAGE_DIR, solutions_dir


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--grader-source", required=True, metavar="PIP_REQUIREMENT",
              help="The pinned grader the students' CI installs, e.g. "
                   "git+https://github.com/COURSE/loss-compass-release@v1 or a wheel URL.")
@click.option("--site-url", default="", help="The course site, linked from the student README.")
@solutions_option
@user_errors
def release(out_dir: Path, grader_source: str, site_url: str, solutions: Path | None) -> None:
    """Write the student release to OUT_DIR (a new or empty folder).

    It holds the stubs, an empty answers.yaml, a student README, the GitHub Classroom workflow and the
    grader with expected values recorded from the reference solutions and the quiz answers as salted
    hashes: no solutions/ and no plain-text answer key. The release folder itself, pushed to a repository
    and tagged, can serve as --grader-source.
    """
    from grader.release.build import build_release

    tests = PACKAGE_DIR.parent / "tests"
    files = build_release(out_dir, solutions_dir(solutions), grader_source, site_url,
                          extra=[tests / "mistakes", tests / "alternatives"])
    click.echo(f"wrote the student release to {out_dir} ({len(files)} files)")
