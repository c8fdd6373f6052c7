"""One page per exercise, in Chinese and English, generated from the exercise catalog and the solutions' signatures."""

from __future__ import annotations

import ast
from pathlib import Path

from generated import write_if_changed
from grader.catalog import Exercise, load_catalog
from grader.paths import PACKAGE_DIR

SOLUTIONS = PACKAGE_DIR.parent / "solutions"
WORDS = {
    "zh": {"task": "任务", "functions": "要实现的函数", "formula": "公式", "notes": "对应的笔记", "checks": "检查项与分值",
           "check": "检查", "points": "分值", "hints": "逐步提示", "hint": "提示", "run": "运行检查",
           "index": "练习", "intro": "在 `exercises/` 中补全每个函数，保存后运行 `grader check`。", "total": "总分"},
    "en": {"task": "The task", "functions": "Functions to write", "formula": "Formula", "notes": "In the notes",
           "checks": "Checks and points", "check": "check", "points": "points", "hints": "Progressive hints",
           "hint": "Hint", "run": "Run the checks", "index": "Exercises",
           "intro": "Fill in each function in `exercises/`, save, and run `grader check`.", "total": "Total"},
}


def _cell(text: str) -> str:
    """A table cell: a "|" (as in |e| = delta) would end the cell."""
    return text.replace("|", "\\|")


def signatures(exercise: Exercise) -> list[str]:
    """`def name(args):` lines of the exercise's functions, read from the solution without running it."""
    tree = ast.parse((SOLUTIONS / exercise.filename).read_text(encoding="utf-8"))
    lines = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in exercise.functions:
            lines.append(f"def {node.name}({ast.unparse(node.args)}):")
    return lines


def exercise_page(exercise: Exercise, lang: str) -> str:
    words = WORDS[lang]
    number = exercise.id[2:4].lstrip("0")
    title = getattr(exercise.title, lang)
    lines = [f"# {number}. {title}", "", f"## {words['task']}", "", getattr(exercise.summary, lang).strip(), "",
             f"## {words['functions']}", "", "```python", *signatures(exercise), "```", "",
             f"## {words['formula']}", "", "$$", exercise.formula, "$$", ""]
    notes = exercise.notes
    lines += [f"## {words['notes']}", "", f"> {getattr(notes.quote, lang)}", ">",
              f"> [{notes.page}#{notes.anchor}](../notes/{notes.page}.md#{notes.anchor})", ""]
    lines += [f"## {words['checks']}", "", f"| {words['check']} | | {words['points']} |", "|---|---|---|"]
    lines += [f"| `{check.name}` | {_cell(getattr(check.title, lang))} | {check.points} |" for check in exercise.checks]
    lines += [f"| | **{words['total']}** | **{sum(check.points for check in exercise.checks)}** |", ""]
    lines += [f"## {words['hints']}", ""]
    for index, hint in enumerate(exercise.hints, start=1):
        lines += [f'??? tip "{words["hint"]} {index}"', f"    {getattr(hint, lang)}", ""]
    lines += [f"## {words['run']}", "", "```bash", f"grader check {exercise.id[:4]}", f"grader hint {exercise.id[:4]}",
              "```", ""]
    return "\n".join(lines)


def index_page(catalog: tuple[Exercise, ...], lang: str) -> str:
    words = WORDS[lang]
    lines = [f"# {words['index']}", "", words["intro"], "", f"| | {words['index']} | {words['points']} |", "|---|---|---|"]
    for exercise in catalog:
        points = sum(check.points for check in exercise.checks)
        lines.append(f"| {exercise.id[2:4]} | [{getattr(exercise.title, lang)}]({exercise.id}.md) | {points} |")
    return "\n".join(lines) + "\n"


def write_exercise_pages(folder: Path) -> list[str]:
    """Write exercises/<id>.md (zh) and <id>.en.md (en) for every catalog entry; return the nav entries."""
    catalog = load_catalog()
    for lang, suffix in (("zh", ""), ("en", ".en")):
        write_if_changed(folder / f"index{suffix}.md", index_page(catalog, lang))
        for exercise in catalog:
            write_if_changed(folder / f"{exercise.id}{suffix}.md", exercise_page(exercise, lang))
    return [f"exercises/{exercise.id}.md" for exercise in catalog]
