"""The `grader` entry point: starts the sandbox worker before the heavy imports, then runs the CLI."""

from __future__ import annotations

import atexit
import os
import sys

# Commands that grade at once: their worker imports numpy while this process imports the grader.
GRADING_COMMANDS = {"grade", "check", "watch", "doctor", "validate"}


def main() -> None:
    """The `grader` command: run, then end the process at once (exit_now)."""
    try:
        run()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    exit_now(code)


def run() -> None:
    """The command line, ending in SystemExit as click does: for a program that runs it in its own process."""
    arguments = sys.argv[1:]
    if arguments and arguments[0] in GRADING_COMMANDS and not {"-h", "--help"} & set(arguments):
        from grader.sandbox import spawn

        spawn.prestart()  # `grade`'s lanes (grader.grading.lanes) share this server
    from grader.cli import main as run_cli

    run_cli()


def exit_now(code: object) -> None:
    """End the command as sys.exit(code) would, without the interpreter's teardown.

    Python's teardown frees every module and object one by one: with numpy, pytest and pydantic loaded
    that took about 0.15 s after `grader grade` had printed its report (benchmarks/NOTES.md). Nothing of
    ours needs it: files are closed where they are written, sandboxes by their `with` blocks, and the
    atexit handlers (a worker server started and not used) run here.
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`grader grade | head`), or a closed stream
            pass
    os._exit(code)
