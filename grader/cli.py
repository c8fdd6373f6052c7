"""The `grader` command line: a thin click group; each command lives in the module of its concept."""

from __future__ import annotations

import click

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
from grader.commands.options import version_option
from grader.commands.plot import plot
from grader.commands.release import release
from grader.commands.reset import reset
from grader.commands.solution import solution
from grader.commands.watch import watch
from grader.exit_codes import ExitCodeGroup
from grader.quiz.command import quiz


@click.group(cls=ExitCodeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@version_option
def cli() -> None:
    """Loss Compass: exercises and quizzes on loss functions, graded on your machine.

    Exit codes: 0 done (graded, whatever the score), 1 below the bar (--fail-under, a failing check),
    2 a usage error (bad path, option or file), 3 the grader itself failed.
    """


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
