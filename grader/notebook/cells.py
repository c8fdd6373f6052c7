"""The code of notebook cells that makes an exercise module: imports and definitions, never top-level work."""

from __future__ import annotations

import ast
import re

# IPython-only lines: %magics, !shell commands and `name?` help; Python cannot parse them.
_IPYTHON_LINE = re.compile(r"^\s*(?:[%!]|[\w.]+\?{1,2}\s*$)")
# Notebook tools a loss function never needs; the sandbox may not even read them (Landlock allows numpy and the
# standard library), so importing one there would make the whole exercise fail to import.
NOTEBOOK_ONLY = frozenset({"grader", "IPython", "ipywidgets", "matplotlib", "google"})


def cell_source(cell: dict) -> str:
    """A cell's source, which the format allows as one string or a list of lines."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def definitions(source: str) -> list[str]:
    """The top-level imports, function and class definitions and constant assignments of one cell, as written.

    A cell that is not Python (a %%cell magic, a syntax error) gives nothing: in the kernel it defined nothing either.
    """
    if source.lstrip().startswith("%%"):
        return []
    lines = ["" if _IPYTHON_LINE.match(line) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):  # ValueError: a NUL byte
        return []
    kept = []
    for node in tree.body:
        if _is_definition(node):
            start = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
            kept.append("\n".join(lines[start - 1:node.end_lineno]))
    return kept


def _is_definition(node: ast.stmt) -> bool:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, ast.Import):
        return all(alias.name.split(".")[0] not in NOTEBOOK_ONLY for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and (node.module or "").split(".")[0] not in NOTEBOOK_ONLY
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        # A constant such as EPS = 1e-12 is a definition; `losses = train(...)` is work and is left out.
        try:
            ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return False
        return True
    return False


def module_source(cells: list[str]) -> str:
    """One module of every cell's definitions, in order (a later definition replaces an earlier one, as in the kernel).

    `from __future__` imports go first, where Python requires them.
    """
    future: list[str] = []
    body: list[str] = []
    for number, source in enumerate(cells, start=1):
        pieces = definitions(source)
        future += [piece for piece in pieces if piece.lstrip().startswith("from __future__")]
        pieces = [piece for piece in pieces if not piece.lstrip().startswith("from __future__")]
        if pieces:
            body.append(f"# cell {number}\n" + "\n\n".join(pieces))
    head = "".join(f"{line}\n" for line in dict.fromkeys(future))
    return head + "\n\n\n".join(body) + ("\n" if body else "")
