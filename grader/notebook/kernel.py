"""`check("ex01_mse")` in a notebook: the cells the kernel ran, as the exercise file, graded by another process.

The kernel runs the student's code, which may redefine anything in it (the grader's modules included), so it
only writes the definitions of the cells it ran (grader.notebook.cells) to a file and shows what a separate
`python -I` process, the same grading as `grader check` with the same sandbox, says about that file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from grader.catalog import Exercise, find_exercise, load_catalog
from grader.errors import GraderError
from grader.notebook.cells import module_source
from grader.notebook.view import CheckView, ProblemView
from grader.paths import PACKAGE_DIR
from grader.report import ExerciseResult
from grader.text import Lang, Text, default_lang

# The grading process imports the grader beside this one (not whatever a student's folder holds) and nothing
# from the environment (-I: no PYTHONPATH, no user site, not the current folder).
_RUN_VERDICT = ("import sys; sys.path.insert(0, sys.argv.pop(1)); from grader.notebook.verdict import main; "
                "raise SystemExit(main(sys.argv[1:]))")
GRADING_TIMEOUT = 300.0  # the sandbox's own limits stop student code long before this


def kernel_cells() -> list[str]:
    """The source of every cell this kernel has run, in order (IPython's input history, magics included)."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None  # type: ignore[assignment]
    shell = get_ipython() if get_ipython is not None else None
    if shell is None:
        raise GraderError("check() grades the cells you ran in a notebook (Jupyter or IPython); in a terminal, "
                          "run: grader check EXERCISE")
    return [str(source) for source in shell.history_manager.input_hist_raw[1:]]


def grade_source(exercise: Exercise, source: str, lang: Lang, figure: bool) -> dict:
    """The verdict of the grading process on `source` as the exercise's file."""
    with tempfile.TemporaryDirectory(prefix="loss-compass-notebook-") as scratch:
        folder = Path(scratch) / "notebook"
        folder.mkdir()
        (folder / exercise.filename).write_text(source, encoding="utf-8")
        command = [sys.executable, "-I", "-c", _RUN_VERDICT, str(PACKAGE_DIR.parent), str(folder), exercise.id, lang]
        done = subprocess.run(command + (["--figure"] if figure else []), capture_output=True, text=True,
                              timeout=GRADING_TIMEOUT, stdin=subprocess.DEVNULL)
    try:
        return json.loads(done.stdout)
    except ValueError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"the grading process failed (exit code {done.returncode}): {last}"}


def next_step(exercise: Exercise, result: ExerciseResult) -> Text:
    order = [item.id for item in load_catalog()]
    following = order[order.index(exercise.id) + 1:]
    if result.status == "passed":
        then = f"{following[0]}.ipynb" if following else "quizzes.ipynb"
        return Text(en=f"✓ {exercise.id} passes. Next: {then}", zh=f"✓ {exercise.id} 已通过。下一步：{then}")
    if result.status == "not_implemented":
        return Text(en="Next: replace the NotImplementedError in the cell above, run that cell, then this one",
                    zh="下一步：替换上面单元格中的 NotImplementedError，运行那个单元格，再运行这个")
    return Text(en="Next: fix the first failing check; the hints above open one at a time",
                zh="下一步：先修复第一个未通过的检查；上面的提示可以逐条展开")


def check(exercise: str, lang: Lang | None = None, figure: bool = True) -> CheckView | ProblemView:
    """Grade the functions this notebook defines for `exercise` (an id, `ex01` or `1`), as `grader check` does.

    Shown as HTML in a notebook, as text elsewhere; `figure=False` leaves out the loss figure (faster).
    """
    chosen: Lang = lang or default_lang()
    try:
        found = find_exercise(str(exercise))
        payload = grade_source(found, module_source(kernel_cells()), chosen, figure)
    except GraderError as error:
        return ProblemView(str(error))
    except subprocess.TimeoutExpired:
        return ProblemView(f"grading {exercise} took longer than {GRADING_TIMEOUT:g} s: nothing to show")
    if "error" in payload:
        return ProblemView(str(payload["error"]))
    result = ExerciseResult.model_validate(payload["result"])
    return CheckView(found, result, chosen, output=str(payload.get("output") or ""),
                     figure=str(payload.get("figure") or ""), next_step=next_step(found, result))
