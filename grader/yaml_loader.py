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


class RefusedYAML(yaml.MarkedYAMLError):
    """Well-formed YAML that a file written by a student may not use (it is refused before it is built)."""


def refuse_expansion(source: str, max_depth: int) -> None:
    """Raise RefusedYAML on an anchor, an alias or nesting deeper than `max_depth`, before anything is built.

    For files a student writes: a 2 KB file of aliases expands to gigabytes wherever its data is
    later walked (a repr, a report), and answers never need to share a value. The event stream
    is read with the same C parser, so the check costs one more parse of a small file.
    """
    depth = 0
    for event in yaml.parse(source, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise RefusedYAML(None, None, "anchors and aliases (&name, *name) are not allowed here",
                              event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise RefusedYAML(None, None, f"nested more than {max_depth} levels deep", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
