"""The quiz formula language: arithmetic on float64 numbers and lists, a few named functions, nothing else.

A formula is parsed by Python's `ast` and walked here node by node; it is never passed to eval, and a
node this module does not know (an attribute, a lambda, an import ...) is refused when the quiz is read.
"""

from __future__ import annotations

import ast
from typing import Callable, Mapping, Union

import numpy as np

MAX_FORMULA_CHARS = 400

Value = Union[np.float64, np.ndarray]


class FormulaError(ValueError):
    """A formula that cannot be read or computed; the message says which part and why."""


def _sigmoid(x: Value) -> Value:
    return 1.0 / (1.0 + np.exp(-x))


FUNCTIONS: dict[str, Callable[..., Value]] = {
    "mean": np.mean, "sum": np.sum, "min": np.min, "max": np.max, "abs": np.abs,
    "log": np.log, "exp": np.exp, "sqrt": np.sqrt, "sigmoid": _sigmoid,
    "len": lambda x: np.float64(np.size(x)),
}
_BINARY: dict[type, Callable[[Value, Value], Value]] = {
    ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide, ast.Pow: np.power,
}
_UNARY: dict[type, Callable[[Value], Value]] = {ast.USub: np.negative, ast.UAdd: np.positive}
_KNOWN = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.Call, ast.List,
          ast.Subscript, *_BINARY, *_UNARY)


def parse(text: str) -> ast.Expression:
    """The formula's tree, checked: only numbers, names, + - * / **, lists, x[i] and FUNCTIONS calls."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("a formula must be a non-empty text")
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"a formula has at most {MAX_FORMULA_CHARS} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"cannot read the formula {text.strip()!r}: {error.msg}") from None
    for node in ast.walk(tree):
        if not isinstance(node, _KNOWN):
            raise FormulaError(f"{ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__!s} "
                               f"is not allowed in a formula (numbers, names, + - * / **, lists, x[i] and "
                               f"{', '.join(FUNCTIONS)} only)")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool)
                                               or not isinstance(node.value, (int, float))):
            raise FormulaError(f"{node.value!r} is not a number")
        if isinstance(node, ast.Call) and (not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS
                                           or node.keywords or len(node.args) != 1):
            raise FormulaError(f"{ast.unparse(node)}: call one of {', '.join(FUNCTIONS)} with one argument")
        if isinstance(node, ast.Subscript) and not (isinstance(node.slice, ast.Constant)
                                                    and type(node.slice.value) is int):
            raise FormulaError(f"{ast.unparse(node)}: an index must be a whole number, as in x[0]")
    return tree


def names(tree: ast.Expression) -> set[str]:
    """The variables a formula reads (function names excluded)."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and id(node) not in called}


def evaluate(tree: ast.Expression, values: Mapping[str, Value]) -> Value:
    """The formula's value in float64; FormulaError for an unknown name, a bad index or a non-finite result."""
    with np.errstate(all="ignore"):
        result = _walk(tree.body, values)
    if not np.all(np.isfinite(result)):
        raise FormulaError(f"{ast.unparse(tree)} is not finite ({result}) for {_shown(values)}")
    return result


def _walk(node: ast.expr, values: Mapping[str, Value]) -> Value:
    if isinstance(node, ast.Constant):
        return np.float64(node.value)
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"unknown name {node.id!r} (known: {', '.join(values) or 'none'})")
        return values[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_walk(node.left, values), _walk(node.right, values))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_walk(node.operand, values))
    if isinstance(node, ast.List):
        return np.array([_walk(item, values) for item in node.elts], dtype=np.float64)
    if isinstance(node, ast.Subscript):
        target = np.atleast_1d(_walk(node.value, values))
        index = node.slice.value  # type: ignore[attr-defined]
        if not -len(target) <= index < len(target):
            raise FormulaError(f"{ast.unparse(node)}: index {index} is outside a list of {len(target)}")
        return np.float64(target[index])
    call = node
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name)  # parse() allowed nothing else
    result = FUNCTIONS[call.func.id](_walk(call.args[0], values))
    return np.float64(result) if np.ndim(result) == 0 else np.asarray(result, dtype=np.float64)


def _shown(values: Mapping[str, Value]) -> str:
    return ", ".join(f"{name} = {show(value)}" for name, value in values.items())


def show(value: Value) -> str:
    """A value as a prompt shows it: 3 not 3.0, 0.25, [1, 4, 8]; at most 4 decimal places."""
    if np.ndim(value) > 0:
        return "[" + ", ".join(show(item) for item in np.asarray(value).ravel()) + "]"
    number = round(float(value), 4)
    return str(int(number)) if number.is_integer() else f"{number:g}"
