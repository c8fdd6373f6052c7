"""`grader new exercise|quiz|stubs`: scaffold an exercise or a quiz for an instructor, and regenerate the stubs."""

from __future__ import annotations

from pathlib import Path

import click

from grader.authoring.checkup import select
from grader.authoring.course import this_course
from grader.authoring.scaffold import PLACEHOLDER, new_exercise, new_quiz
from grader.authoring.static import catalog
from grader.errors import GraderError, user_errors
from grader.quiz.bank import display_path
from grader.stubs import write_stubs


@click.group(short_help="Instructors: scaffold a new exercise or quiz, or regenerate the stubs.")
def new() -> None:
    """Create the files of a new exercise or quiz (never over an existing file); see docs/authoring.md."""


def _created(paths: list[Path], steps: list[str]) -> None:
    click.echo("Created:")
    for path in paths:
        click.echo(f"  {display_path(path)}")
    click.echo(f"Next (replace every {PLACEHOLDER}; docs/authoring.md walks through an example):")
    for number, step in enumerate(steps, 1):
        click.echo(f"  {number}. {step}")


@new.command("exercise")
@click.argument("name")
@click.option("--function", "function", metavar="NAME", default=None,
              help="The function students write (default: NAME without its exNN_ prefix).")
@user_errors
def exercise(name: str, function: str | None) -> None:
    """Scaffold exercise NAME (like ex10_log_cosh): solution, catalog entry, checks, a mistake, an alternative."""
    course = this_course()
    paths = new_exercise(course, name, function)
    solution, entry, checks, mistake, alternative = (display_path(path) for path in paths)
    _created(paths, [
        f"write the reference and its bilingual docstring (every promise a student can rely on) in {solution}",
        f"fill in titles, formula, notes, checks, hints and the contract in {entry}",
        f"write one test_<check>(student, ref) per catalog check in {checks}",
        f"make {mistake} a realistic wrong version (and rename it after its mistake); "
        f"{alternative} a correct one written differently; add more of each",
        f"grader new stubs {name}    (writes {display_path(course.exercises / (name + '.py'))} from the solution)",
        f"grader doctor -e {name}    (until it reports no problem)",
    ])


@new.command("quiz")
@click.argument("name")
@user_errors
def quiz(name: str) -> None:
    """Scaffold quiz NAME (a snake_case id like why_log_loss): one question of each kind."""
    course = this_course()
    paths = new_quiz(course, name)
    _created(paths, [
        f"write the questions in {display_path(paths[0])} (delete the kinds you do not need)",
        f"add the correct answers under {name}: in {display_path(course.solutions / 'answers.yaml')}",
        "grader doctor    (validates every quiz and scores the reference answers)",
    ])


@new.command("stubs")
@click.argument("exercises", nargs=-1)
@user_errors
def stubs(exercises: tuple[str, ...]) -> None:
    """Regenerate exercises/ from solutions/ (the named EXERCISES, default all): signatures and docstrings."""
    course = this_course()
    loaded, problems = catalog(course)
    if problems:
        raise GraderError(str(problems[0]))
    chosen = select(loaded, exercises)
    try:
        written = write_stubs(course.solutions, course.exercises, tuple(chosen))
    except (OSError, SyntaxError, ValueError) as error:
        raise GraderError(f"cannot generate the stubs: {error} (grader doctor names the file)") from None
    for path in written:
        click.echo(f"wrote {display_path(Path(path))}")
    click.echo(f"{len(written)} stub(s) written, {len(chosen) - len(written)} already up to date")


