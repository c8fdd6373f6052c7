"""The `grader` command line: a thin click group; each command lives in the module of its concept."""

from __future__ import annotations

import importlib
from typing import Any

import click

from grader.commands.options import version_option
from grader.exit_codes import ExitCodeGroup

# Each command's module is imported only when that command runs: `grader grade` need not load the
# authoring tools, the notes' Markdown renderer or the notebook support. Name -> "module:function".
COMMANDS = {
    "check": "grader.commands.check:check",
    "doctor": "grader.commands.doctor:doctor",
    "export": "grader.commands.export:export",
    "grade": "grader.commands.grade:grade",
    "grade-all": "grader.commands.grade_all:grade_all",
    "hint": "grader.commands.hint:hint",
    "list": "grader.commands.listing:list_exercises",
    "new": "grader.commands.new:new",
    "notebooks": "grader.commands.notebooks:notebooks",
    "notes": "grader.commands.notes:notes",
    "plot": "grader.commands.plot:plot",
    "quiz": "grader.quiz.command:quiz",
    "release": "grader.commands.release:release",
    "reset": "grader.commands.reset:reset",
    "solution": "grader.commands.solution:solution",
    "validate": "grader.commands.doctor:doctor",
    "watch": "grader.commands.watch:watch",
}


class CourseGroup(ExitCodeGroup):
    """The commands of COMMANDS, each imported when it is looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> Any:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, function = target.partition(":")
        return getattr(importlib.import_module(module), function)


@click.group(cls=CourseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@version_option
def cli() -> None:
    """Loss Compass: exercises and quizzes on loss functions, graded on your machine.

    Exit codes: 0 done (graded, whatever the score), 1 below the bar (--fail-under, a failing check),
    2 a usage error (bad path, option or file), 3 the grader itself failed.
    """


def main() -> None:
    cli(prog_name="grader")
