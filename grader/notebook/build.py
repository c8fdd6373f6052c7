"""The course's notebooks, generated from its sources: the catalog, the stubs, the notes and the quiz bank.

nbformat writes them: it is Jupyter's own reference implementation of the format (maintained with Jupyter,
validates against the schema); the notebooks are only ever written from these sources, so a paired text
format (jupytext) would add a second file to keep in step and nothing to edit.
"""

from __future__ import annotations

import re
from pathlib import Path

from grader.catalog import Exercise
from grader.errors import GraderError
from grader.quiz.models import Quiz
from grader.student_tools.figures import has_figure
from grader.student_tools.notes import Section, read_page
from grader.stubs import stub_source

QUIZZES_NOTEBOOK = "quizzes.ipynb"
_ANCHOR = re.compile(r"\s*\{#[A-Za-z0-9_-]+\}\s*$", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)\s]+\)")
GENERATED = ("*本笔记本由 `grader notebooks build` 根据课程源文件生成，请勿手工修改仓库中的这份文件；你自己的副本可以随意编辑。*  \n"
             "*Generated from the course's sources by `grader notebooks build`: do not edit the repository's copy "
             "by hand; your own copy is yours to edit.*")


def require_nbformat():
    try:
        import nbformat
    except ImportError:
        raise GraderError('building notebooks needs nbformat: pip install -e ".[jupyter]"') from None
    return nbformat


def notes_markdown(section: Section) -> str:
    """A section of the notes as notebook markdown: headings a level down, no `{#anchor}`, links as their text,
    figures as a caption (the site's figures are built with it, not shipped beside the notebooks)."""
    text = _HEADING.sub(r"#\1 ", _ANCHOR.sub("", section.markdown))  # one level below the notebook's "##"
    text = _IMAGE.sub(lambda match: f"*({match.group(1)})*" if match.group(1) else "", text)
    return _LINK.sub(r"\1", text).strip()


def _section(notes: Path, exercise: Exercise, lang: str) -> Section:
    page = notes / (f"{exercise.notes.page}.en.md" if lang == "en" else f"{exercise.notes.page}.md")
    for section in read_page(page, exercise.notes.page):
        if section.anchor == exercise.notes.anchor:
            return section
    raise GraderError(f"{page}: no section #{exercise.notes.anchor} (named by {exercise.id}'s catalog entry)")


def exercise_notebook(exercise: Exercise, solution: str, notes: Path):
    """One exercise's notebook: its idea in the notes, the formula, the stub, a check cell and a plot cell."""
    nbformat = require_nbformat()
    v4 = nbformat.v4
    number = int(exercise.id[2:4])
    cells = [
        v4.new_markdown_cell(f"# 练习 {number} · {exercise.title.zh}<br>Exercise {number} · {exercise.title.en}\n\n"
                             f"{exercise.summary.zh.strip()}\n\n{exercise.summary.en.strip()}\n\n{GENERATED}",
                             id="title"),
        v4.new_markdown_cell(f"## 公式 · The formula\n\n$$\n{exercise.formula}\n$$", id="formula"),
        v4.new_markdown_cell("## 笔记 · From the notes\n\n" + notes_markdown(_section(notes, exercise, "zh"))
                             + "\n\n---\n\n" + notes_markdown(_section(notes, exercise, "en")), id="notes"),
        v4.new_markdown_cell(
            "## 你的任务 · Your task\n\n"
            "在下面的单元格中实现函数（文档字符串说明了要求），运行它，然后运行检查单元格。检查在沙箱中运行你的函数，"
            "和 `grader check` 完全一样。\n\n"
            "Implement the functions in the cell below (their docstrings say what is expected), run it, then run "
            "the check cell. The check runs your functions in the sandbox, exactly as `grader check` does.",
            id="task"),
        v4.new_code_cell(stub_source(solution, exercise).rstrip("\n"), id="solution"),
        v4.new_code_cell(f'from grader import check\n\ncheck("{exercise.id}")', id="check"),
    ]
    if has_figure(exercise.id):
        cells.append(v4.new_markdown_cell("## 图 · The figure\n\n你的函数（在沙箱中调用）与参考答案的对比。\n\n"
                                          "Your functions (called in the sandbox) beside the reference's.",
                                          id="figure-title"))
        cells.append(v4.new_code_cell(f'from grader.notebook import plot\n\nplot("{exercise.id}")', id="plot"))
    return _notebook(cells, {"exercise": exercise.id})


def quizzes_notebook(bank: tuple[Quiz, ...]):
    """Every quiz, one cell each: a widget where ipywidgets is installed, else questions and `answer(...)` calls."""
    nbformat = require_nbformat()
    v4 = nbformat.v4
    cells = [v4.new_markdown_cell(
        "# 测验 · Quizzes\n\n答案保存到 `exercises/answers.yaml`，与 `grader quiz` 相同。\n\n"
        "Answers are saved to `exercises/answers.yaml`, as `grader quiz` saves them.\n\n" + GENERATED, id="title")]
    for quiz in bank:
        cells.append(v4.new_markdown_cell(f"## {quiz.title.zh} · {quiz.title.en}", id=f"{quiz.id}-title"))
        cells.append(v4.new_code_cell(f'from grader.notebook import quiz\n\nquiz("{quiz.id}")', id=quiz.id))
    return _notebook(cells, {"quizzes": True})


def _notebook(cells: list, course: dict):
    nbformat = require_nbformat()
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "loss_compass": {**course, "generated_by": "grader notebooks build"},
    })
    nbformat.validate(notebook)
    return notebook


def notebook_files(solutions: Path, notes: Path, catalog: tuple[Exercise, ...], bank: tuple[Quiz, ...]
                   ) -> dict[str, str]:
    """Every notebook's file name and text."""
    nbformat = require_nbformat()
    made = {f"{exercise.id}.ipynb": exercise_notebook(
        exercise, (solutions / exercise.filename).read_text(encoding="utf-8"), notes) for exercise in catalog}
    made[QUIZZES_NOTEBOOK] = quizzes_notebook(bank)
    return {name: nbformat.writes(notebook) + "\n" for name, notebook in made.items()}


def write_notebooks(target: Path, solutions: Path, notes: Path, catalog: tuple[Exercise, ...],
                    bank: tuple[Quiz, ...], check: bool = False) -> list[str]:
    """Write (or with check=True, only compare) every notebook; return the files that differ or should not be there."""
    wanted = notebook_files(solutions, notes, catalog, bank)
    stale = []
    if not check:
        target.mkdir(parents=True, exist_ok=True)
    for name, text in wanted.items():
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path))
            if not check:
                path.write_text(text, encoding="utf-8")
    for path in sorted(target.glob("*.ipynb")) if target.is_dir() else []:
        if path.name not in wanted:  # an exercise renamed or removed: its old notebook would mislead
            stale.append(str(path))
            if not check:
                path.unlink()
    return stale
