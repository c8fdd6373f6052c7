"""The grading side of `check` in a notebook: run as its own process, it grades the exercise file the kernel wrote.

`python -I -m grader.notebook.verdict FOLDER EXERCISE LANG [--figure]` prints one JSON document: the exercise's
result (as `grader check` computes it, in the sandbox) and, where asked, its figure as a PNG in base64. The
kernel only shows this: student code in the kernel can redefine anything there, so no score is decided there.
"""

from __future__ import annotations

import base64
import json
import sys
import tempfile
from pathlib import Path


def verdict(folder: Path, exercise_id: str, lang: str, figure: bool) -> dict:
    from grader.catalog import find_exercise
    from grader.runner import GradeOptions, grade_submission

    exercise = find_exercise(exercise_id)
    options = GradeOptions(lang=lang, exercises=[exercise.id], quizzes=False)  # type: ignore[arg-type]
    report = grade_submission(folder, options)
    result = report.exercises[0]
    payload = {"result": result.model_dump(), "output": result.output, "figure": ""}
    if figure and result.status in ("passed", "failed"):
        from grader.errors import GraderError

        try:
            payload["figure"] = _figure(exercise, folder)
        except GraderError:  # no figure (it cannot be drawn here) must not hide the grade
            payload["figure"] = ""
    return payload


def _figure(exercise, folder: Path) -> str:
    """The exercise's figure (grader plot's), base64 PNG; "" without matplotlib or a figure for this exercise."""
    from grader.student_tools.drawing import matplotlib_missing, write_figure
    from grader.student_tools.figures import exercise_panels, has_figure

    if not has_figure(exercise.id) or matplotlib_missing():
        return ""
    with tempfile.TemporaryDirectory(prefix="loss-compass-figure-") as scratch:
        target = Path(scratch) / f"{exercise.id}.png"
        write_figure(exercise_panels(exercise, folder), target)
        return base64.b64encode(target.read_bytes()).decode("ascii")


def main(argv: list[str]) -> int:
    from grader.sandbox import spawn

    spawn.prestart()  # as `grader check` does: the worker imports numpy while this process imports the grader
    from grader.errors import GraderError

    folder, exercise_id, lang, *rest = argv
    try:
        payload = verdict(Path(folder), exercise_id, lang, "--figure" in rest)
    except GraderError as error:
        payload = {"error": str(error)}
    sys.stdout.write(json.dumps(payload))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
