"""The contract table: each promise of each exercise's docstring and the checks that fail when it alone is broken."""

from __future__ import annotations

from pathlib import Path

from grader.catalog import load_catalog
from grader.paths import PACKAGE_DIR

TABLE_FILE = PACKAGE_DIR.parent / "docs" / "contract.md"
HEADER = """# The contract, clause by clause

Generated from the `contract:` lists of `grader/catalog/*.yaml` by
`python -m grader.authoring.contract_table` (a test fails when this file is out of date). Each row is one
promise of an exercise's docstring and the checks that a wrong implementation breaking that promise alone
fails; `tests/mistakes/<exercise>/` holds such an implementation for every row.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def contract_table() -> str:
    lines = [HEADER]
    for exercise in load_catalog():
        lines += [f"## {exercise.id}: {exercise.title.en} · {exercise.title.zh}", "",
                  "| function | clause | 条款 | checks |", "|---|---|---|---|"]
        for clause in exercise.contract:
            checks = ", ".join(f"`{name}`" for name in clause.checks)
            lines.append(f"| `{clause.function}` | {_cell(clause.clause.en)} | {_cell(clause.clause.zh)} | {checks} |")
        if not exercise.contract:
            lines.append("| | (no clause listed yet) | （尚未列出条款） | |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    TABLE_FILE.parent.mkdir(parents=True, exist_ok=True)
    TABLE_FILE.write_text(contract_table(), encoding="utf-8")
    print(f"wrote {TABLE_FILE}")


if __name__ == "__main__":
    main()
