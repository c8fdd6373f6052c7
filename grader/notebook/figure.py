"""`plot("ex03_huber")` in a notebook: grader plot's figure of the notebook's own functions, shown inline."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from grader.catalog import find_exercise
from grader.errors import GraderError
from grader.notebook.cells import module_source
from grader.notebook.kernel import kernel_cells
from grader.notebook.view import ProblemView
from grader.student_tools.drawing import matplotlib_missing, write_figure
from grader.student_tools.figures import exercise_panels, has_figure, with_figures
from grader.text import Lang, Text, default_lang


def plot(exercise: str, lang: Lang | None = None) -> Any:
    """An IPython Image of the figure, or a one-line reason there is none.

    The student's functions run in the sandbox (as for `grader plot`), from the definitions of the cells run so far.
    """
    chosen: Lang = lang or default_lang()  # type: ignore[assignment]
    try:
        found = find_exercise(str(exercise))
        if not has_figure(found.id):
            names = ", ".join(name[:4] for name in with_figures())
            raise GraderError(Text(en=f"{found.id} has no loss curve to draw; these exercises have one: {names}",
                                   zh=f"{found.id} 没有可画的损失曲线；有曲线的练习：{names}")(chosen))
        if matplotlib_missing():
            raise GraderError(Text(en='plot() needs matplotlib: pip install -e ".[jupyter]"',
                                   zh='plot() 需要 matplotlib：pip install -e ".[jupyter]"')(chosen))
        source = module_source(kernel_cells())
        with tempfile.TemporaryDirectory(prefix="loss-compass-plot-") as scratch:
            folder = Path(scratch) / "notebook"
            folder.mkdir()
            (folder / found.filename).write_text(source, encoding="utf-8")
            target = Path(scratch) / f"{found.id}.png"
            write_figure(exercise_panels(found, folder), target)
            data = target.read_bytes()
    except GraderError as error:
        return ProblemView(str(error))
    from IPython.display import Image

    return Image(data=data, format="png")
