"""Every generated notebook executed headless (nbclient, ipykernel), with the stubs and with the solutions filled in."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.notebook.build import write_notebooks
from grader.quiz.bank import load_bank
from grader.student_tools.figures import has_figure

from conftest import PROJECT, SOLUTIONS

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

CATALOG = load_catalog()
NOTEBOOKS = PROJECT / "notebooks"
# Whatever the kernel does to the grader's modules, the score comes from another process.
TAMPER = ("import grader.runner, grader.coach\n"
          "grader.runner.grade_submission = grader.coach.grade_one = lambda *args, **kwargs: 1 / 0\n")


def test_the_notebooks_are_generated_from_the_current_sources():
    stale = write_notebooks(NOTEBOOKS, SOLUTIONS, PROJECT / "site" / "docs" / "notes", CATALOG, load_bank(), check=True)
    assert stale == [], "the notebooks are generated: run `grader notebooks build` (never edit them by hand)"


def execute(exercise_id: str, solved: bool):
    notebook = nbformat.read(NOTEBOOKS / f"{exercise_id}.ipynb", as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.get("id") == "solution" and solved:
            cell.source = (SOLUTIONS / f"{exercise_id}.py").read_text(encoding="utf-8")
        if cell.get("id") == "check" and not solved:
            notebook.cells.insert(index, nbformat.v4.new_code_cell(TAMPER, id="tamper"))
            break
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute(env={**os.environ, "LOSS_COMPASS_LANG": "en"})  # passed on to the kernel's process
    return {cell.get("id"): cell.outputs for cell in notebook.cells if cell.cell_type == "code"}


@pytest.fixture(scope="module")
def executed():
    """Both runs of every notebook, two kernels at a time (the machine has two cores)."""
    runs = [(exercise.id, solved) for exercise in CATALOG for solved in (False, True)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(runs, pool.map(lambda run: execute(*run), runs)))


def shown(outputs, kind: str) -> str:
    return "".join(output.get("data", {}).get(kind, "") for output in outputs
                   if output.output_type in ("execute_result", "display_data"))


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda exercise: exercise.id)
def test_with_the_stubs_the_check_cell_says_not_implemented(executed, exercise):
    outputs = executed[(exercise.id, False)]
    text = shown(outputs["check"], "text/plain")
    assert re.search(rf"{exercise.id} · .*  0/{exercise.max_score}  not implemented", text), text
    assert "not implemented" in shown(outputs["check"], "text/html")
    assert not any(output.output_type == "error" for cell in outputs.values() for output in cell)


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda exercise: exercise.id)
def test_with_the_solutions_the_check_cell_shows_full_marks(executed, exercise):
    outputs = executed[(exercise.id, True)]
    text = shown(outputs["check"], "text/plain")
    assert re.search(rf"{exercise.id} · .*  {exercise.max_score}/{exercise.max_score}  passed", text), text
    page = shown(outputs["check"], "text/html")
    assert f'<span class="score">{exercise.max_score}/{exercise.max_score}</span>' in page
    assert ("data:image/png;base64," in page) == has_figure(exercise.id)
    if has_figure(exercise.id):
        assert shown(outputs["plot"], "image/png")


def test_the_quizzes_notebook_shows_a_form_for_every_quiz(tmp_path):
    pytest.importorskip("ipywidgets")
    (tmp_path / "exercises").mkdir()
    answers = tmp_path / "exercises" / "answers.yaml"
    answers.write_text("id: ada@example.edu\n", encoding="utf-8")  # a student who has pinned their id
    notebook = nbformat.read(NOTEBOOKS / "quizzes.ipynb", as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path / "exercises")}})
    client.execute(env={**os.environ, "LOSS_COMPASS_LANG": "en", "LOSS_COMPASS_ROOT": str(tmp_path)})
    forms = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(forms) == len(load_bank())
    for cell in forms:
        assert [output.output_type for output in cell.outputs] == ["execute_result"], cell.source
        assert "application/vnd.jupyter.widget-view+json" in cell.outputs[0]["data"], cell.source
    assert answers.read_text(encoding="utf-8") == "id: ada@example.edu\n"  # showing a quiz answers nothing
