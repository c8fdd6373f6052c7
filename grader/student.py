"""The one seam between the checks and student code: calls go to the sandbox, plain data comes back."""

from __future__ import annotations

import time
from typing import Any, Callable, Sequence

import numpy as np

from grader.sandbox import wire
from grader.sandbox.pool import ExerciseProcess, WorkerFailed
from grader.show import show, show_call
from grader.text import Text

__all__ = ["Student", "Returned", "StudentRaised", "MissingFunction", "CheckFailed", "WorkerFailed"]


class CheckFailed(AssertionError):
    """A check's verdict: what was called, what was expected, what came back, in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class LazyCall:
    """The text of a call, rendered only when a message needs it: most calls pass and are never shown."""

    def __init__(self, render: Callable[[], str]) -> None:
        self.render: Callable[[], str] | None = render
        self.text = ""

    def __str__(self) -> str:
        if self.render is not None:
            self.text, self.render = self.render(), None
        return self.text


class StudentRaised(Exception):
    """Student code raised an exception (data from the worker: its type names and message).

    Every text here came from student code: it is cleaned once, here, where it enters the grader
    (no lone surrogates, control characters or terminal escapes; one line each; bounded).
    """

    def __init__(self, call: "str | LazyCall", info: Any) -> None:
        info = info if type(info) is dict else {}
        mro = info.get("mro")
        self._call = call  # rendered when a message needs it: a check expecting this raise never shows it
        self.type = wire.clean_text(info.get("type"), 100, one_line=True) or "Exception"
        self.mro = [wire.clean_text(name, 100, one_line=True) for name in (mro if type(mro) is list else [])[:64]]
        self.detail = wire.clean_text(info.get("message"), 500, one_line=True)
        self.where = wire.clean_text(info.get("where"), 200, one_line=True)
        super().__init__()

    @property
    def call(self) -> str:
        return str(self._call)

    def __str__(self) -> str:
        return self.describe().en

    @property
    def not_implemented(self) -> bool:
        return "NotImplementedError" in self.mro

    def describe(self) -> Text:
        if self.not_implemented:
            return Text(en=f"{self.call}: not implemented yet (raises NotImplementedError)",
                        zh=f"{self.call}：尚未实现（抛出 NotImplementedError）")
        where = f" ({self.where})" if self.where else ""
        detail = f": {self.detail}" if self.detail else ""
        return Text(en=f"{self.call} raised {self.type}{detail}{where}",
                    zh=f"{self.call} 抛出了 {self.type}{detail}{where}")


class MissingFunction(Exception):
    """The submission's module does not define a function the exercise asks for."""

    def __init__(self, module: str, function: str) -> None:
        self.message = Text(en=f"{module}.py defines no function {function}()",
                            zh=f"{module}.py 中没有定义函数 {function}()")
        super().__init__(self.message.en)


class Returned:
    """What one call returned, with the call's text for messages. Accessors validate the type."""

    def __init__(self, value: Any, call: "str | LazyCall", mutated: Sequence[str] = ()) -> None:
        self.value = value
        self._call = call
        self.mutated = list(mutated)

    @property
    def call(self) -> str:
        return str(self._call)

    def _wrong_type(self, wanted_en: str, wanted_zh: str) -> CheckFailed:
        return CheckFailed(Text(en=f"{self.call} returned {describe_type(self.value)}, expected {wanted_en}",
                                zh=f"{self.call} 返回了 {describe_type(self.value)}，应为{wanted_zh}"))

    def scalar(self) -> float:
        """A real number: a Python or numpy int/float, or a 0-d numeric array; never bool or NaN-less lies."""
        value = self.value
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            return float(value)
        if type(value) in (int, float) or (isinstance(value, np.generic) and value.dtype.kind in "iuf"):
            return float(value)
        raise self._wrong_type("a float", "一个 float 数值")

    def array(self, shape: tuple[int, ...] | None = None, kind: str = "f") -> np.ndarray:
        """A numpy array of the given dtype kind ('f' float64, 'i' integer) and, if given, shape."""
        value = self.value
        if not isinstance(value, np.ndarray):
            raise self._wrong_type("a numpy array", "一个 numpy 数组")
        if kind == "f" and value.dtype != np.float64:
            raise CheckFailed(Text(
                en=f"{self.call} returned an array of dtype {value.dtype}, expected float64 (compute in float64)",
                zh=f"{self.call} 返回的数组 dtype 是 {value.dtype}，应为 float64（请用 float64 计算）"))
        if kind == "i" and value.dtype.kind not in "iu":
            raise CheckFailed(Text(
                en=f"{self.call} returned an array of dtype {value.dtype}, expected integers",
                zh=f"{self.call} 返回的数组 dtype 是 {value.dtype}，应为整数"))
        if shape is not None and value.shape != tuple(shape):
            raise CheckFailed(Text(
                en=f"{self.call} returned an array of shape {value.shape}, expected shape {tuple(shape)}",
                zh=f"{self.call} 返回的数组形状是 {value.shape}，应为 {tuple(shape)}"))
        return value

    def with_value(self, value: Any, suffix: str = "") -> "Returned":
        """Another value of the same call (a part of what it returned: `suffix` such as "[:1]" names which)."""
        return Returned(value, LazyCall(lambda: f"{self.call}{suffix}"), self.mutated)

    def parts(self, count: int) -> list["Returned"]:
        """The items of a returned tuple (or list) of `count` values, each with its own call text."""
        value = self.value
        if not isinstance(value, (tuple, list)) or len(value) != count:
            raise self._wrong_type(f"a tuple of {count} values", f"包含 {count} 个值的元组")
        return [Returned(item, LazyCall(lambda index=index: f"{self.call}[{index}]"), self.mutated)
                for index, item in enumerate(value)]

    def strings(self) -> list[str]:
        value = self.value
        if not isinstance(value, list) or not all(type(item) is str for item in value):
            raise self._wrong_type("a list of str", "字符串列表 list[str]")
        return value

    def sequence(self) -> np.ndarray:
        """A 1-D list or array of numbers as float64 (for values the contract lets be either)."""
        value = self.value
        if isinstance(value, (list, tuple)) and all(type(item) in (int, float) or isinstance(item, np.generic)
                                                    for item in value):
            value = np.array([float(item) for item in value], dtype=np.float64)
        if not isinstance(value, np.ndarray) or value.ndim != 1 or value.dtype.kind not in "iuf":
            raise self._wrong_type("a 1-D list or array of numbers", "一维的数字列表或数组")
        return value.astype(np.float64)


def describe_type(value: Any) -> str:
    if isinstance(value, wire.BadValue):
        return value.description
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, np.generic):
        return f"a numpy {type(value).__name__} ({show(value)})"
    if value is None:
        return "None"
    return f"a {type(value).__name__} ({show(value)})"


class Student:
    """Calls the submission's functions for one exercise, in its sandboxed worker."""

    def __init__(self, process: ExerciseProcess, module: str) -> None:
        self.process = process
        self.module = module

    def call(self, function: str, *args: Any, **kwargs: Any) -> Returned:
        call = LazyCall(lambda: show_call(function, args, kwargs))
        reply = self.process.request(
            {"op": "call", "fn": function, "args": wire.encode(list(args)),
             "kwargs": [[key, wire.encode(value)] for key, value in kwargs.items()]},
            during=call,
        )
        return self._returned(reply, call, function)

    def timed_call(self, function: str, *args: Any, **kwargs: Any) -> tuple[Returned, float, float]:
        """Call once and measure its wall time here, in the trusted process.

        Pass `wire.Gen(...)` for large inputs: the worker generates them before the clock starts.
        Returns the value, the seconds between our "go" and the worker's "done", and the overhead:
        the rest of the round trip from the request to the result. The worker's protocol code runs
        next to student code, which can patch it to say "done" at once and compute afterwards, or to
        compute before it says "ready": that work shows in the overhead, which speed.py compares with
        the same overhead in a clean child.
        """
        call = show_call(function, args, kwargs)
        encoded = {"fn": function, "args": wire.encode(list(args)),
                   "kwargs": [[key, wire.encode(value)] for key, value in kwargs.items()]}
        requested = time.perf_counter()
        reply = self.process.request({"op": "timed", **encoded}, during=call)
        if reply.get("ready") is not True:
            return self._returned(reply, call, function), float("nan"), float("nan")
        started = time.perf_counter()
        done = self.process.request({"op": "go"}, during=call)
        seconds = time.perf_counter() - started
        if done.get("done") is not True:
            raise WorkerFailed("the worker sent malformed data during a timed call")
        result = self.process.request(None, during=call)
        overhead = time.perf_counter() - requested - seconds
        return self._returned(result, call, function), seconds, overhead

    def call_many(self, function: str, argsets: Sequence[tuple[tuple, dict]]) -> list[Returned]:
        """Many calls in one round trip (for example the points of a numerical gradient)."""
        encoded = [[wire.encode(list(args)), [[key, wire.encode(value)] for key, value in kwargs.items()]]
                   for args, kwargs in argsets]
        reply = self.process.request({"op": "call_many", "fn": function, "argsets": encoded},
                                     during=f"{function}(...) x{len(argsets)}")
        if "results" not in reply:
            return [self._returned(reply, show_call(function, argsets[0][0], argsets[0][1]), function)]
        results = reply["results"]
        if type(results) is not list or len(results) != len(argsets):
            raise WorkerFailed("the worker sent malformed data")
        return [self._returned(item, LazyCall(lambda args=args, kwargs=kwargs: show_call(function, args, kwargs)), function)
                for item, (args, kwargs) in zip(results, argsets)]

    def _returned(self, reply: Any, call: "str | LazyCall", function: str) -> Returned:
        if type(reply) is not dict:
            raise WorkerFailed("the worker sent malformed data")
        if "missing" in reply:
            raise MissingFunction(self.module, function)
        if "raised" in reply and type(reply["raised"]) is dict:
            raise StudentRaised(call, reply["raised"])
        if "ok" not in reply:
            raise WorkerFailed("the worker sent malformed data")
        try:
            value = wire.decode_result(reply["ok"])
        except wire.ProtocolError as error:
            raise WorkerFailed(f"the worker sent malformed data: {error}") from None
        self.process.check_deadline(call)
        mutated = reply.get("mutated", [])
        if type(mutated) is not list:
            mutated = ["an argument"]
        return Returned(value, call, [wire.clean_text(item, 100, one_line=True) or "an argument"
                                      for item in mutated[:32]])
