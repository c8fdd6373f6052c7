"""Exact versions of what grading imports, taken from the environment the grader was tested in (a constraints file)."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from grader import __version__
from grader.errors import GraderError
from grader.release.files import dependencies

# Runtime dependencies that grading never imports: `grader watch` alone uses watchfiles (a release offers it
# as the `watch` extra, which the student README installs). CI and Gradescope install none of them.
NOT_FOR_GRADING = {"watchfiles"}


def grading_dependencies() -> list[str]:
    """The project's runtime requirements (with their ranges) that grading needs."""
    return [item for item in dependencies() if canonicalize_name(Requirement(item).name) not in NOT_FOR_GRADING]


def other_dependencies() -> list[str]:
    """The runtime requirements grading does not need (a release offers them as the `watch` extra)."""
    return [item for item in dependencies() if canonicalize_name(Requirement(item).name) in NOT_FOR_GRADING]


def pinned(requirements: list[str]) -> list[str]:
    """`name==version` for each requirement and everything it pulls in, as installed here; sorted by name.

    Markers are evaluated for this interpreter, so the pins hold for this Python version and platform.
    """
    found: dict[str, str] = {}
    todo = [Requirement(item) for item in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise GraderError(f"{requirement.name} is not installed in this environment: install the grader "
                              "(pip install -e .) before building, so its versions can be pinned") from None
        found[name] = version
        for text in metadata.requires(name) or []:
            child = Requirement(text)
            if child.marker is None or any(child.marker.evaluate({"extra": extra})
                                           for extra in (requirement.extras or {""})):
                todo.append(child)
    return [f"{name}=={found[name]}" for name in sorted(found)]


def python_version() -> str:
    """'3.11': the Python the pins were taken with (a workflow sets up the same one)."""
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def constraints_text() -> str:
    """A pip constraints file (`pip install -c`) pinning what grading imports, with where the pins came from."""
    header = (f"# What grading imports, pinned to the versions grader {__version__} was tested with: "
              f"Python {platform.python_version()} on {sys.platform}.\n"
              "# Generated when the release or bundle was built; install with `pip install -c constraints.txt`.\n")
    return header + "\n".join(pinned(grading_dependencies())) + "\n"
