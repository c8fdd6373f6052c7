"""The `grader` command line: a thin click group; each command lives in the module of its concept."""

from __future__ import annotations

import click

from grader import __version__
from grader.commands.check import check
from grader.commands.doctor import doctor
from grader.commands.export import export
from grader.commands.grade import grade
from grader.commands.grade_all import grade_all
from grader.commands.hint import hint
from grader.commands.listing import list_exercises
from grader.commands.new import new
from grader.commands.notebooks import notebooks
from grader.commands.notes import notes
from grader.commands.plot import plot
from grader.commands.release import release
from grader.commands.reset import reset
from grader.commands.solution import solution
from grader.commands.watch import watch
from grader.quiz.command import quiz


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grader")
def cli() -> None:
    """Loss Compass: exercises and quizzes on loss functions, graded on your machine."""


cli.add_command(grade)
cli.add_command(check)
cli.add_command(list_exercises)
cli.add_command(watch)
cli.add_command(hint)
cli.add_command(notes)
cli.add_command(plot)
cli.add_command(reset)
cli.add_command(solution)
cli.add_command(quiz)
cli.add_command(grade_all)
cli.add_command(export)
cli.add_command(release)
cli.add_command(new)
cli.add_command(notebooks)
cli.add_command(doctor)
cli.add_command(doctor, name="validate")


def main() -> None:
    cli(prog_name="grader")
