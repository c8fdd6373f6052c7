"""The problems that cost a submission points, in one line each, for grades.csv and the class summary."""

from __future__ import annotations

from grader.report import Report


def problems_of(report: Report) -> list[str]:
    """An unusable answers file, exercises that could not run (import error, crash, timeout), no exercise file."""
    found = []
    errors = [quiz.error for quiz in report.quizzes if quiz.error]
    if errors and len(errors) == len(report.quizzes) and len(set(errors)) == 1:
        found.append(f"{errors[0]} (every quiz scored 0)")  # the whole answers file could not be used
    else:
        found += [f"{quiz.id}: {quiz.error}" for quiz in report.quizzes if quiz.error]
    found += [f"{item.id}: {item.reason or 'could not run'}" for item in report.exercises if item.status == "error"]
    if report.exercises and all(item.status == "missing" for item in report.exercises):
        found.append("no exercise files (exNN_*.py) found")
    return [" ".join(problem.split()) for problem in found]
