"""`grader doctor` (or `grader validate`): check the course an instructor edits, one line per problem."""

from __future__ import annotations

import click

from grader.authoring.checkup import diagnose
from grader.authoring.course import this_course
from grader.errors import user_errors


@click.command(short_help="Instructors: check the course (stubs, catalog, checks, mistakes, quizzes).")
@click.option("--exercise", "-e", "exercises", multiple=True, metavar="ID",
              help="Only this exercise (id or number; repeatable). Quizzes are always checked.")
@click.option("--quick", is_flag=True, help="Run nothing: skip grading the reference, the mistakes and alternatives.")
@click.option("--timeout", default=20.0, show_default=True, type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="Wall-time limit per graded file.")
@user_errors
def doctor(exercises: tuple[str, ...], quick: bool, timeout: float) -> None:
    """Check the course beside this grader: exit 1 and one line per problem, or exit 0.

    Stubs match the solutions; every catalog check has its test_ function and every test_ function a
    catalog check; contract clauses name real checks; the reference passes every check; each check is
    failed by some wrong implementation in tests/mistakes/ (which fails what it declares), and the
    correct alternatives in tests/alternatives/ get full marks; every quiz is valid and the answers in
    solutions/answers.yaml score full marks; no TODO(author) left from grader new.
    """
    course = this_course()
    problems = diagnose(course, exercises, grade=not quick, timeout=timeout,
                        progress=lambda line: click.echo(line, err=True))
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) in {len({problem.file for problem in problems})} file(s)", err=True)
        raise SystemExit(1)
    click.echo(f"ok: no problem found in {course.root}" + (" (quick: nothing graded)" if quick else ""))
