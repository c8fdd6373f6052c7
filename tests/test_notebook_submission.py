"""Notebook submissions: the code cells' definitions graded as exercise files, by grade and grade-all alike."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli
from grader.notebook.cells import definitions, module_source
from grader.notebook.submission import staged_submission

from conftest import MISTAKES, PROJECT, SOLUTIONS

CATALOG = load_catalog()
NOTEBOOKS = PROJECT / "notebooks"
# Cells a student adds while working: they run work, draw, call the grader. None of it may reach the sandbox.
WORK_CELLS = [
    "%matplotlib inline\nimport matplotlib.pyplot as plt\nfrom grader import check\n!ls\n",
    "raise SystemExit('top-level code must not run when grading')\n",
    "open('/tmp/loss-compass-notebook-side-effect', 'w').write('ran')\n",
    "%%time\ndef shadow(x):\n    return x\n",
]


def notebook_with(exercise_id: str, source: str, extra: list[str] = WORK_CELLS) -> dict:
    """The course's generated notebook with `source` in its solution cell and `extra` cells after it."""
    notebook = json.loads((NOTEBOOKS / f"{exercise_id}.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell.get("id") == "solution":
            cell["source"] = source
    notebook["cells"] += [{"cell_type": "code", "id": f"work-{index}", "metadata": {}, "outputs": [],
                           "execution_count": None, "source": text} for index, text in enumerate(extra)]
    return notebook


def twin_submissions(root: Path, sources: dict[str, Path], name: str = "alice") -> tuple[Path, Path]:
    """The same work twice, as exercise files and as notebooks, each in a folder named `name`."""
    files, notebooks = root / "files" / name, root / "notebooks" / name
    files.mkdir(parents=True)
    notebooks.mkdir(parents=True)
    for exercise_id, path in sources.items():
        shutil.copyfile(path, files / f"{exercise_id}.py")
        (notebooks / f"{exercise_id}.ipynb").write_text(
            json.dumps(notebook_with(exercise_id, path.read_text(encoding="utf-8"))), encoding="utf-8")
    for folder in (files, notebooks):
        shutil.copyfile(SOLUTIONS / "answers.yaml", folder / "answers.yaml")
    return files, notebooks


def comparable(document: dict) -> dict:
    """A JSON report without what differs between two runs of the same grading (where, when, how long)."""
    document = json.loads(json.dumps(document).replace(json.dumps(document["submission"])[1:-1], "SUBMISSION"))
    for key in ("submission", "seconds", "provenance"):
        document.pop(key, None)
    for exercise in document["exercises"]:
        exercise.pop("seconds", None)
    return document


def grade_json(path: Path, *options: str) -> dict:
    result = CliRunner().invoke(cli, ["grade", str(path), "--format", "json", "--lang", "en", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cells_give_definitions_and_imports_only():
    source = ("import numpy as np\nfrom grader import check\nimport matplotlib.pyplot as plt\nEPS = 1e-12\n"
              "%time x = 1\ndata = np.load('big.npy')\nprint(mse([1], [2]))\n\n@staticmethod\ndef mse(a, b):\n"
              "    return 0.0\n\nclass Helper:\n    pass\nmse?\n")
    kept = definitions(source)
    assert kept == ["import numpy as np", "EPS = 1e-12", "@staticmethod\ndef mse(a, b):\n    return 0.0",
                    "class Helper:\n    pass"]
    assert definitions("def broken(:\n") == []  # a cell that did not run defined nothing
    assert definitions("%%bash\nls\n") == []


def test_module_source_puts_future_imports_first_and_keeps_the_last_definition():
    module = module_source(["def f():\n    return 1\n", "from __future__ import annotations\ndef f():\n    return 2\n"])
    namespace: dict = {}
    exec(compile(module, "module", "exec"), namespace)  # noqa: S102 - our own literal cells
    assert module.startswith("from __future__ import annotations\n")
    assert namespace["f"]() == 2


def test_a_notebook_submission_gets_the_same_report_as_the_same_files(tmp_path):
    mistake = sorted((MISTAKES / "ex01_mse").glob("*.py"))[0]
    sources = {exercise.id: SOLUTIONS / exercise.filename for exercise in CATALOG[1:]} | {"ex01_mse": mistake}
    files, notebooks = twin_submissions(tmp_path, sources)
    side_effect = Path("/tmp/loss-compass-notebook-side-effect")
    side_effect.unlink(missing_ok=True)
    from_files, from_notebooks = grade_json(files), grade_json(notebooks)
    assert from_notebooks["submission"] == str(notebooks)
    assert comparable(from_notebooks) == comparable(from_files)
    assert from_files["exercises"][0]["status"] == "failed" and from_files["exercises"][1]["status"] == "passed"
    assert not side_effect.exists()


def test_held_out_cases_are_drawn_for_the_same_student(tmp_path, monkeypatch):
    files, notebooks = twin_submissions(tmp_path, {"ex01_mse": SOLUTIONS / "ex01_mse.py"}, name="bob-smith")
    for folder in (files, notebooks):  # the id from the LMS's file beside the folder, not from answers.yaml
        (folder / "answers.yaml").unlink()
        (folder.parent / "submission_metadata.json").write_text('{"student_id": "s-123"}')
    monkeypatch.setenv("LOSS_COMPASS_SECRET", "a secret for this test")
    from_files, from_notebooks = grade_json(files, "--held-out"), grade_json(notebooks, "--held-out")
    assert from_notebooks["held_out"] == from_files["held_out"]
    assert from_files["held_out"]["student_id"] == "s-123"
    assert comparable(from_notebooks) == comparable(from_files)


def test_one_notebook_grades_its_exercise_only(tmp_path):
    path = tmp_path / "Copy of ex02_mae (1).ipynb"  # renamed by a download: the metadata still names it
    path.write_text(json.dumps(notebook_with("ex02_mae", (SOLUTIONS / "ex02_mae.py").read_text())))
    report = grade_json(path)
    assert [item["id"] for item in report["exercises"]] == ["ex02_mae"]
    assert report["quizzes"] == [] and report["score"] == report["max_score"] > 0


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not a notebook (invalid JSON"),
    ('{"cells": "nope"}', "not a notebook (no list of cells"),
    ('{"cells": [{"cell_type": "code", "source": 5}]}', "cell 1 has a source that is not text"),
])
def test_a_malformed_notebook_is_one_line_naming_it(tmp_path, content, problem):
    folder = tmp_path / "carol"
    folder.mkdir()
    (folder / "ex01_mse.ipynb").write_text(content)
    result = CliRunner().invoke(cli, ["grade", str(folder)])
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and str(folder / "ex01_mse.ipynb") in message and problem in message
    assert "Traceback" not in result.output


def test_a_notebook_naming_no_exercise_is_refused_alone_and_left_out_beside_the_work(tmp_path):
    folder = tmp_path / "dave"
    folder.mkdir()
    notebook = notebook_with("ex01_mse", "def mse(a, b):\n    return 0.0\n")
    del notebook["metadata"]["loss_compass"]
    (folder / "homework.ipynb").write_text(json.dumps(notebook))
    result = CliRunner().invoke(cli, ["grade", str(folder)])
    assert result.exit_code == 2 and "homework.ipynb: names no exercise" in result.stderr
    (folder / "Untitled.ipynb").write_text("{not json")  # scratch notebooks beside the work
    (folder / "ex02_mae.ipynb").write_text(json.dumps(notebook_with("ex02_mae", (SOLUTIONS / "ex02_mae.py").read_text())))
    report = grade_json(folder)
    assert any("homework.ipynb: names no exercise" in warning for warning in report["warnings"])
    assert any("Untitled.ipynb: not a notebook" in warning for warning in report["warnings"])
    assert report["exercises"][1]["status"] == "passed"


def test_grade_all_grades_notebooks_like_files(tmp_path):
    mistake = sorted((MISTAKES / "ex01_mse").glob("*.py"))[0]
    sources = {"ex01_mse": mistake, "ex02_mae": SOLUTIONS / "ex02_mae.py"}
    files, notebooks = twin_submissions(tmp_path, sources)
    submissions = tmp_path / "class"
    submissions.mkdir()
    shutil.copytree(files, submissions / "alice-files")
    shutil.copytree(notebooks, submissions / "alice-notebooks")
    (submissions / "broken").mkdir()
    (submissions / "broken" / "ex01_mse.ipynb").write_text("{not json")
    out = tmp_path / "grades"
    result = CliRunner().invoke(cli, ["grade-all", str(submissions), "-o", str(out), "--jobs", "2", "--no-held-out"])
    assert result.exit_code == 0, result.output
    rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open(encoding="utf-8"))}
    assert rows["alice-notebooks"]["status"] == rows["alice-files"]["status"] == "graded"
    keys = ["total", *(exercise.id for exercise in CATALOG)]
    assert [rows["alice-notebooks"][key] for key in keys] == [rows["alice-files"][key] for key in keys]
    assert float(rows["alice-files"]["ex02_mae"]) > 0
    assert rows["broken"]["status"] == "ungradable" and "ex01_mse.ipynb: not a notebook" in rows["broken"]["reason"]
    reports = {path.stem: json.loads(path.read_text()) for path in (out / "reports").glob("*.json")}
    assert comparable(reports["alice-notebooks"])["exercises"] == comparable(reports["alice-files"])["exercises"]


def test_a_folder_without_notebooks_is_graded_where_it_is(tmp_path):
    with staged_submission(tmp_path) as staged:
        assert staged.folder == tmp_path and staged.exercises is None and staged.quizzes
