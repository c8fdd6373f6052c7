"""Lets an instructor run the checks with pytest itself: `pytest grader/checks --submission PATH`."""

from pathlib import Path

import pytest

from grader.grading import direct


def pytest_addoption(parser: pytest.Parser) -> None:
    direct.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    direct.configure(config)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """The check modules (exNN_name.py), whichever ini file pytest settled on (its rootdir follows the paths given)."""
    return direct.collect_checks(file_path, parent)
