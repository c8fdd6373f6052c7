"""The YAML loader for the catalog, the quiz bank and answers.yaml: libyaml's C parser when present."""

from __future__ import annotations

from typing import Any

import yaml

# The pure-Python parser took about half of `grader grade`'s run time on the quiz bank; PyYAML's
# wheels ship libyaml, and the safe constructors are the same either way.
SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(source: str) -> Any:
    return yaml.load(source, Loader=SafeLoader)  # noqa: S506 - a safe loader


def compose(source: str) -> yaml.Node | None:
    """The node tree (with line marks), for pointing at the line of a problem."""
    return yaml.compose(source, Loader=SafeLoader)
