"""The grader's own error type for user mistakes, and the decorator that shows it as one line."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class GraderError(Exception):
    """A mistake of the user's (bad path, malformed file): shown as one line, never a traceback."""


class UserError(click.ClickException):
    """A GraderError as click shows it: `Error: ...` on stderr, exit code 2 like click's own usage errors."""

    exit_code = 2


def user_errors(command: F) -> F:
    """Turn GraderError into `Error: ...` on stderr and exit code 2 (1 is for a failing check or score)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GraderError as error:
            raise UserError(str(error)) from None

    return wrapper  # type: ignore[return-value]
