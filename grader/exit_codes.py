"""The grader's exit codes, one meaning each, and the click group that gives a failure of the grader its own code."""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

GRADED = 0  # the command did its work (a grade was given, whatever the score)
BELOW = 1  # below the bar: the score under --fail-under, a failing check (`check`), a problem found (`doctor`)
USAGE = 2  # the user's mistake: a bad path, option or file (click's own usage errors use 2 as well)
GRADER_FAILED = 3  # the grader itself failed: a bug to report, never the student's or the user's fault


class GraderFailed(click.ClickException):
    """A failure of the grader's own (not a user's mistake): one line on stderr and exit code 3."""

    exit_code = GRADER_FAILED

    def show(self, file: Any = None) -> None:
        click.echo(f"grader: internal error (the grader failed, not the submission or the command): "
                   f"{self.message}", err=True)


class ExitCodeGroup(click.Group):
    """A click group whose commands exit 3, with the traceback on stderr, when the grader itself raises."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt, EOFError):
            raise
        except Exception as error:  # anything else is a bug of the grader's: say so, keep the traceback for the report
            traceback.print_exc(file=sys.stderr)
            raise GraderFailed(f"{type(error).__name__}: {error}") from error
