"""The wrong implementations of tests/mistakes/: what each one declares it must fail, read without running it."""

from __future__ import annotations

import ast
from pathlib import Path

from grader.errors import GraderError


def expected_failures(path: Path) -> dict[str, str | None]:
    """The EXPECTED_FAILURES constant of a mistake file: check name -> a fragment of its message, or None."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError) as error:
        raise GraderError(f"{path}: cannot be read: {error}") from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "EXPECTED_FAILURES" for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                value = None
            if isinstance(value, dict) and all(isinstance(key, str) for key in value):
                return value
            raise GraderError(f"{path}: EXPECTED_FAILURES must be a literal dict of check name -> text or None")
    raise GraderError(f"{path}: no EXPECTED_FAILURES (the checks this mistake must fail)")
