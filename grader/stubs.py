"""Stubs derived from the reference solutions: same imports, signatures and docstrings, no bodies."""

from __future__ import annotations

import ast
from pathlib import Path

from grader.catalog import Exercise

STUB_BODY = '    raise NotImplementedError("{exercise}.{function}: not implemented yet, see the docstring above")\n'


def stub_source(solution: str, exercise: Exercise) -> str:
    """The student's starting file for an exercise, built from the solution's source text."""
    tree = ast.parse(solution)
    lines = solution.splitlines(keepends=True)
    pieces: list[str] = []
    docstring = ast.get_docstring(tree, clean=False)
    if docstring is not None:
        first = tree.body[0]
        pieces.append("".join(lines[first.lineno - 1:first.end_lineno]))
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    if imports:
        pieces.append("".join("".join(lines[node.lineno - 1:node.end_lineno]) for node in imports))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in exercise.functions:
            body_start = node.body[0]
            if not (isinstance(body_start, ast.Expr) and isinstance(body_start.value, ast.Constant)
                    and isinstance(body_start.value.value, str)):
                raise ValueError(f"{exercise.id}.{node.name} has no docstring to teach with")
            start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
            header = "".join(lines[start:body_start.end_lineno])
            pieces.append(header + STUB_BODY.format(exercise=exercise.id, function=node.name))
    head = "\n".join(piece.rstrip("\n") + "\n" for piece in pieces[:1 + bool(imports)])
    return "\n\n".join([head.rstrip("\n") + "\n"] + [piece.rstrip("\n") + "\n" for piece in pieces[1 + bool(imports):]])


def write_stubs(solutions: Path, exercises: Path, catalog: tuple[Exercise, ...], check: bool = False) -> list[str]:
    """Write (or with check=True, only compare) every stub; return the files that differ."""
    stale = []
    for exercise in catalog:
        wanted = stub_source((solutions / exercise.filename).read_text(encoding="utf-8"), exercise)
        target = exercises / exercise.filename
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != wanted:
            stale.append(str(target))
            if not check:
                target.write_text(wanted, encoding="utf-8")
    return stale
