"""The `grader` entry point: starts the sandbox worker before the heavy imports, then runs the CLI."""

from __future__ import annotations

import sys

# Commands that grade at once: their worker imports numpy while this process imports the grader.
GRADING_COMMANDS = {"grade", "check", "watch", "doctor", "validate"}


def main() -> None:
    arguments = sys.argv[1:]
    if arguments and arguments[0] in GRADING_COMMANDS and not {"-h", "--help"} & set(arguments):
        from grader.sandbox import spawn

        # `grade` grades every exercise, in lanes of their own (grader.grading.lanes): a server for each.
        spawn.prestart(spawn.lane_count() if arguments[0] == "grade" else 1)
    from grader.cli import main as run_cli

    run_cli()
