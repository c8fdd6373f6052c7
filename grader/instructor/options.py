"""grade-all's course options (--roster, --deadline, --late-penalty, --late-cap, --only, --student) as one value."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click

from grader.catalog import load_catalog
from grader.errors import GraderError
from grader.instructor.deadline import LatePolicy, parse_policy
from grader.instructor.roster import Student, load_roster


@dataclass
class CourseSettings:
    roster: list[Student] | None
    policy: LatePolicy | None
    only: list[str] | None  # exercise ids
    students: tuple[str, ...]  # --student values


def exercise_ids(given: tuple[str, ...]) -> list[str] | None:
    """--only ex03 or ex03_huber: the catalog's exercise ids; GraderError naming the unknown one."""
    if not given:
        return None
    catalog = [exercise.id for exercise in load_catalog()]
    chosen = []
    for text in given:
        found = [item for item in catalog if item == text or item.split("_", 1)[0] == text]
        if not found:
            raise GraderError(f"--only {text!r}: no such exercise (the exercises are {', '.join(catalog)})")
        chosen += [item for item in found if item not in chosen]
    return chosen


def course_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Adds the options and hands the command one `course_settings` (checked: a bad value is a one-line error)."""

    @functools.wraps(command)
    def wrapper(*args: Any, roster: Path | None, deadline: str | None, late_penalty: str | None,
                late_cap: str | None, only: tuple[str, ...], student: tuple[str, ...], **kwargs: Any) -> Any:
        settings = CourseSettings(load_roster(roster) if roster else None,
                                  parse_policy(deadline, late_penalty, late_cap), exercise_ids(only), student)
        return command(*args, course_settings=settings, **kwargs)

    for option in reversed([
        click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="A CSV roster (student_id and name, email, lms_id...): grades.csv gains each row's "
                          "student, summary.md lists students with no submission and submissions matching nobody."),
        click.option("--deadline", default=None, metavar="WHEN",
                     help="The deadline with its time zone, e.g. 2027-03-01T23:59+08:00."),
        click.option("--late-penalty", default=None, metavar="RATE",
                     help="Per started day or hour late, a share of the score, e.g. 10%/day (needs --deadline)."),
        click.option("--late-cap", default=None, metavar="PERCENT",
                     help="The most a late penalty takes, e.g. 50% (default 100%)."),
        click.option("--only", multiple=True, metavar="EXERCISE",
                     help="Regrade this exercise (ex03 or ex03_huber) for everyone, updating the last run's "
                          "grades.csv and reports in place; repeatable."),
        click.option("--student", multiple=True, metavar="NAME",
                     help="Regrade this submission only (its name, or an LMS id, name or email it is known by), "
                          "updating the last run's grades.csv in place; repeatable."),
    ]):
        wrapper = option(wrapper)
    return wrapper
