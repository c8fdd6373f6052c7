"""Diagnoses shared by the loss checks: dtype and averaging mistakes, the return type, ties between mistakes."""

from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np

from grader.expect import Deferred, Mistake, agrees, fail, mistake
from grader.student import Returned, describe_type
from grader.text import Text


# How near a returned value must be to a mistake's value for expect.close to name that mistake.
MATCH_RTOL, MATCH_ATOL = 1e-6, 1e-9


def _own_dtype(values) -> list[np.ndarray]:
    return [np.asarray(value) for value in values]


def _float32(values) -> list[np.ndarray]:
    return [np.asarray(value, dtype=np.float32) for value in values]


def dtype_mistakes(formula: Callable[..., Any], *inputs: Any) -> list[Mistake]:
    """What `formula` gives when the inputs keep their own integer dtype, or are computed in float32.

    `formula` is the loss written the natural way without any conversion, so that numpy's own
    arithmetic on the caller's dtype (uint8: 0 - 1 = 255, int8: 100 + 100 = -56) is what it shows.
    """
    found = []
    kept = _own_dtype(inputs)
    narrow = sorted({str(array.dtype) for array in kept if array.dtype.kind in "ui" and array.dtype.itemsize < 8})
    with np.errstate(all="ignore"):
        if narrow:
            try:
                found.append(mistake(
                    formula(*kept),
                    f"looks like the arithmetic ran in the inputs' own dtype ({', '.join(narrow)}), where integers "
                    "wrap around (uint8: 0 - 1 = 255; int8 stops at 127): convert with "
                    "np.asarray(x, dtype=np.float64) before subtracting",
                    f"看起来运算是在输入自己的 dtype（{', '.join(narrow)}）中进行的，整数会溢出回绕（uint8 中 0 - 1 = 255；"
                    "int8 最大只有 127）：相减之前先用 np.asarray(x, dtype=np.float64) 转换"))
            except (TypeError, ValueError, ArithmeticError):
                pass  # numpy refused this dtype outright: the student sees the exception, not a value
        found.append(mistake(
            formula(*_float32(inputs)),
            "looks like the computation ran in float32 (about 7 significant digits, inf past 3.4e38): "
            "compute in float64, np.asarray(x, dtype=np.float64)",
            "看起来是用 float32 计算的（只有约 7 位有效数字，超过 3.4e38 就变成 inf）："
            "请用 float64 计算，np.asarray(x, dtype=np.float64)"))
    return found


def averaging_mistakes(terms: np.ndarray, *inputs: Any) -> list[Mistake]:
    """Wrong ways to average each element's loss `terms`: len() of a 2-D array (its rows), // on integer inputs."""
    found = []
    if terms.ndim > 1:
        found.append(mistake(np.sum(terms) / len(terms),
                             "looks like a division by len() of the input, its number of rows: divide by the "
                             "number of elements, .size (or use np.mean)",
                             "看起来除以的是输入的 len()，即行数：应除以元素个数 .size（或直接用 np.mean）"))
    if terms.size > 1:
        found.append(mistake(np.sum(terms) / (terms.size - 1),
                             "looks like a division by n - 1: that correction belongs to the sample variance; "
                             "the mean divides by n",
                             "看起来除以的是 n - 1：这是样本方差的修正；平均值应除以 n"))
    if all(np.asarray(value).dtype.kind in "iub" for value in inputs):
        found.append(mistake(np.sum(terms) // terms.size, "looks like integer division (//): the mean of integers "
                             "need not be an integer, divide with /",
                             "看起来用了整数除法（//）：整数的平均值不一定是整数，请用 / 相除"))
    return found


def python_float(got: Returned) -> float:
    """The returned value, which must be a Python float (numpy's float64 is one); anything else fails."""
    value = got.value
    if isinstance(value, float):
        return value
    if isinstance(value, np.floating) or (isinstance(value, np.ndarray) and value.dtype.kind == "f"):
        advice_en = ("a numpy scalar or array is not a float: compute in float64 and return float(loss)"
                     if np.ndim(value) == 0 else
                     "the loss is one number: average over every element, return float(loss)")
        advice_zh = ("numpy 标量或数组不是 float：请用 float64 计算并返回 float(loss)"
                     if np.ndim(value) == 0 else "损失是一个数：对所有元素求平均，返回 float(loss)")
    else:
        advice_en, advice_zh = "return float(loss)", "请返回 float(loss)"
    raise fail(f"{got.call} returned {describe_type(value)}, expected a Python float: {advice_en}",
               f"{got.call} 返回了 {describe_type(value)}，应为 Python float：{advice_zh}")


def told_apart(expected: Any, mistakes: "Iterable[Mistake] | Callable[[], Iterable[Mistake]]", rtol: float = 1e-9,
               atol: float = 1e-12) -> Deferred:
    """The mistakes worth naming for this expected value, first ones first, worked out when first read
    (`mistakes` may be a function that computes them, so that a passing call computes nothing).

    A mistake that gives the expected value itself cannot explain a wrong one, so it is dropped (the sum
    of one element is its mean); so is one within expect.close's absolute tolerance of it, which close
    would name for any nearly right answer (every mistake of a loss of 1e-300). Mistakes that give the
    same value on these inputs are named together, since the symptom cannot tell them apart.
    """
    return Deferred(lambda: _told_apart(expected, mistakes() if callable(mistakes) else mistakes, rtol, atol))


def _told_apart(expected: Any, mistakes: Iterable[Mistake], rtol: float, atol: float) -> list[Mistake]:
    kept: list[Mistake] = []
    for item in mistakes:
        if agrees(item.value, expected, rtol, atol) or agrees(item.value, expected, 0.0, MATCH_ATOL):
            continue
        twin = next((index for index, other in enumerate(kept)
                     if agrees(item.value, other.value, MATCH_RTOL, MATCH_ATOL)), None)
        if twin is None:
            kept.append(item)
        elif item.text != kept[twin].text and item.text.en not in kept[twin].text.en:
            both = kept[twin].text
            kept[twin] = Mistake(kept[twin].value, Text(en=f"{both.en}; or it {item.text.en}",
                                                        zh=f"{both.zh}；或者{item.text.zh}"))
    return kept
