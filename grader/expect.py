"""Assertions for checks: compare in float64 on the trusted side, fail closed, name the misconception."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

from grader.show import show, show_float
from grader.student import CheckFailed, Returned, Student, StudentRaised
from grader.text import Text


@dataclass(frozen=True)
class Mistake:
    """What a known wrong formula would return on the same inputs, and what it says about the student."""

    value: Any
    text: Text


# Said when a check knows some wrong formulas and none of them gives this value: no guess is better than a wrong one.
NO_KNOWN_MISTAKE = Text(en="no known mistake gives this value: compare your formula with the notes step by step",
                        zh="没有已知的常见错误会得到这个值：请对照笔记逐步检查你的公式")


class Deferred(Sequence):
    """Mistakes worked out only when first read: most calls pass, and naming a mistake costs comparisons."""

    def __init__(self, compute: Callable[[], Iterable[Mistake]]) -> None:
        self._compute: Callable[[], Iterable[Mistake]] | None = compute
        self._items: list[Mistake] = []

    def _all(self) -> list[Mistake]:
        if self._compute is not None:
            self._items, self._compute = list(self._compute()), None
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._all() == list(other)


def mistake(value: Any, en: str, zh: str) -> Mistake:
    return Mistake(value, Text(en=en, zh=zh))


def _as_float(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


def agrees(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    """True when equal in shape and every element is close; NaN and inf only match themselves."""
    got_array, expected_array = _as_float(got), _as_float(expected)
    if got_array.shape != expected_array.shape:
        return False
    # np.isclose's own test, |got - expected| <= atol + rtol * |expected|, written out: isclose's
    # generality (broadcasting, dtypes, masked arrays) cost more than the comparisons of a grading.
    if got_array.ndim == 0:
        g, e = float(got_array), float(expected_array)
        if g == e:  # also equal infinities
            return True
        if math.isnan(g) or math.isnan(e):
            return math.isnan(g) and math.isnan(e)
        return math.isfinite(g) and math.isfinite(e) and abs(g - e) <= atol + rtol * abs(e)
    with np.errstate(invalid="ignore", over="ignore"):
        tolerance = atol + rtol * np.abs(expected_array)
        near = (np.abs(got_array - expected_array) <= tolerance) & np.isfinite(expected_array)
    # a non-finite value is near nothing above: equal infinities and NaN against NaN match here
    return bool(np.all(near | (got_array == expected_array) | (np.isnan(got_array) & np.isnan(expected_array))))


def close(
    got: Returned,
    expected: Any,
    *,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    mistakes: Iterable[Mistake] = (),
    hint: Text | None = None,
    kind: str = "f",
) -> Any:
    """Check a returned scalar or array against the expected value; returns the checked value.

    `mistakes` name a misconception only when the value matches theirs; `hint` is said of any wrong value, so it
    must be true whatever the value is (the speed check's "fix the checks above first").
    """
    try:
        if np.ndim(expected) == 0 and not isinstance(expected, np.ndarray):
            value: Any = got.scalar()
        else:
            value = got.array(shape=np.shape(expected), kind=kind)
    except CheckFailed:
        # A known mistake may change the shape too (a different number of rows): name it if so.
        if isinstance(got.value, np.ndarray) and got.value.dtype.kind in "iuf":
            mistakes = list(mistakes)  # worked out only now that the value has failed
            named = next((item.text for item in mistakes if agrees(got.value, item.value, 1e-6, 1e-9)), None)
            if named is not None:
                raise CheckFailed(_returned_message(got.call, got.value, expected, named)) from None
        raise
    if agrees(value, expected, rtol, atol):
        return value
    mistakes = list(mistakes)  # worked out only now that the value has failed
    named = next((item.text for item in mistakes if agrees(value, item.value, 1e-6, 1e-9)), hint)
    raise CheckFailed(_returned_message(got.call, value, expected, named or NO_KNOWN_MISTAKE if mistakes else named))


def _returned_message(call: str, value: Any, expected: Any, why: Text | None) -> Text:
    where = ""
    got_array, expected_array = _as_float(value), _as_float(expected)
    bad = ~np.isclose(got_array, expected_array, rtol=1e-9, atol=1e-12, equal_nan=True) \
        if got_array.ndim and got_array.shape == expected_array.shape and got_array.size > 1 else None
    if bad is not None and bad.any():  # equal values in another dtype have no first difference to show
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" [first difference at index {index}: {show(got_array[index])} vs {show(expected_array[index])}]"
        where_zh = f"［第一个不同的位置 {index}：{show(got_array[index])}，应为 {show(expected_array[index])}］"
    else:
        where_zh = ""
    shown_value, shown_expected = show(value), show(expected)
    if shown_value == shown_expected and np.ndim(value) == 0:
        shown_value, shown_expected = show_float(float(value), 17), show_float(float(expected), 17)
    en = f"{call} returned {shown_value}, expected {shown_expected}{where}"
    zh = f"{call} 返回 {shown_value}，应为 {shown_expected}{where_zh}"
    if why is not None:
        en, zh = f"{en}: {why.en}", f"{zh}：{why.zh}"
    return Text(en=en, zh=zh)


def fail(en: str, zh: str) -> CheckFailed:
    return CheckFailed(Text(en=en, zh=zh))


def raises(student: Student, error: str, function: str, *args: Any, why: Text, **kwargs: Any) -> None:
    """The call must raise `error` (by name, subclasses included)."""
    try:
        got = student.call(function, *args, **kwargs)
    except StudentRaised as raised:
        if error in raised.mro or raised.not_implemented:
            if raised.not_implemented:
                raise
            return
        raise CheckFailed(Text(
            en=f"{raised.call} raised {raised.type} ({raised.detail}), expected {error}: {why.en}",
            zh=f"{raised.call} 抛出了 {raised.type}（{raised.detail}），应抛出 {error}：{why.zh}")) from None
    raise CheckFailed(Text(
        en=f"{got.call} returned {show(got.value)}, expected it to raise {error}: {why.en}",
        zh=f"{got.call} 返回了 {show(got.value)}，应抛出 {error}：{why.zh}"))


def unchanged(got: Returned) -> None:
    """The call must not have modified its arguments."""
    if got.mutated:
        raise CheckFailed(Text(
            en=f"{got.call} modified its input ({', '.join(got.mutated)}) in place: the caller's data must stay "
               "as it was (work on a copy: np.asarray(x, dtype=float) - ... or x.copy() creates a new array)",
            zh=f"{got.call} 原地修改了输入（{', '.join(got.mutated)}）：调用者的数据必须保持不变"
               "（请在副本上计算：np.asarray(x, dtype=float) - ... 或 x.copy() 会创建新数组）"))


def finite(got: Returned, value: Any, why: Text) -> None:
    """Every element must be a finite number."""
    if not np.all(np.isfinite(_as_float(value))):
        raise CheckFailed(Text(en=f"{got.call} returned {show(value)}, expected a finite value: {why.en}",
                               zh=f"{got.call} 返回 {show(value)}，应为有限值：{why.zh}"))
