"""Plain-data codec between the grader and its workers: JSON frames and raw numeric arrays, never pickle.

This module is loaded by file path inside the worker too, so it may import only the standard
library and numpy.
"""

from __future__ import annotations

import base64
import json
import math
import re
import select
import socket
import struct
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

MAX_FRAME_BYTES = 512 * 1024 * 1024
# What the grader reads back from student code, per reply: far above any check's result (the largest
# are arrays of ~10^5 numbers), far below what would strain the trusted process.
MAX_RESULT_FRAME_BYTES = 16 << 20
MAX_RESULT_ELEMENTS = 2_000_000
MAX_DEPTH = 32
# Only numeric dtypes cross the boundary: no object, string, void or structured arrays.
ALLOWED_DTYPES = frozenset(
    np.dtype(name).str
    for name in (
        "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64",
    )
)
_SCALAR_TYPES = {np.dtype(code).type: np.dtype(code).str for code in ALLOWED_DTYPES}
# A str or int from student code larger than any check needs is described, not carried: json
# refuses ints over 4300 digits and float() overflows on ints past 1e308.
MAX_STRING_CHARS = 100_000
MAX_INT_BITS = 64
# Text from student code (messages, names, output) is shown in terminals and reports: ANSI/VT
# escape sequences are dropped whole (no "[31m" left behind), other control characters (newline
# and tab kept), DEL, C1 controls and bidirectional overrides are dropped, and lone surrogates
# (which json.loads turns a "\ud800" escape back into, and no UTF-8 writer accepts) become U+FFFD.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.?)|\x9b[0-?]*[ -/]*[@-~]?", re.S)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile("[\ud800-\udfff]")


class ProtocolError(Exception):
    """A frame that is not well-formed plain data."""


@dataclass(frozen=True)
class Fn:
    """A function handed to student code, named so that it can cross the boundary as data.

    `name` is a key of TEST_FUNCTIONS, or `student.<function>` for the submission's own function
    with `args` appended after x (for example the student's loss at fixed targets).
    """

    name: str
    args: tuple = ()

    def bind(self, lookup: Callable[[str], Callable[..., Any]]) -> Callable[[Any], Any]:
        if self.name.startswith("student."):
            target = lookup(self.name.removeprefix("student."))
            extra = self.args
            return lambda x: target(x, *extra)
        try:
            function = TEST_FUNCTIONS[self.name]
        except KeyError:
            raise ProtocolError(f"unknown test function {self.name!r}") from None
        extra = self.args
        return lambda x: function(x, *extra)


@dataclass(frozen=True)
class Gen:
    """A large seeded random array, generated where it is used instead of crossing the boundary."""

    kind: str  # "normal", "uniform" or "integers"
    seed: int
    shape: tuple
    high: int = 2

    def materialize(self) -> np.ndarray:
        if len(self.shape) > 4 or int(np.prod(self.shape)) > 50_000_000:
            raise ProtocolError("generated array too large")
        generator = np.random.default_rng(self.seed)
        if self.kind == "normal":
            return generator.normal(size=self.shape)
        if self.kind == "uniform":
            return generator.uniform(size=self.shape)
        if self.kind == "integers":
            return generator.integers(0, self.high, size=self.shape)
        raise ProtocolError(f"unknown generator {self.kind!r}")


def _smooth(x: Any) -> float:
    """A smooth scalar function of any-shaped x with coupled coordinates."""
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum(np.sin(x) * x**2) + 0.5 * np.sum(x) ** 2)


def _cubic(x: Any) -> float:
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum(x**3))


TEST_FUNCTIONS: dict[str, Callable[..., float]] = {"smooth": _smooth, "cubic": _cubic}


def _same_work(y_pred: Any, y_true: Any, square: bool) -> float:
    """The work of a vectorised mean loss (convert, compare shapes, one elementwise pass, then the mean), on the
    sum y_pred + y_true: the same cost as the course's loss, but not the loss (a release ships this file)."""
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("shapes differ or empty")
    total = y_pred + y_true
    return float(np.mean(total**2 if square else np.abs(total)))


# Vectorised work as costly as each loss, called as `baseline.<name>` in a clean child of the worker server:
# the speed check times it there, like the student's function, so both pay the same overheads.
BASELINES: dict[str, Callable[..., float]] = {
    "mse": lambda y_pred, y_true: _same_work(y_pred, y_true, square=True),
    "mae": lambda y_pred, y_true: _same_work(y_pred, y_true, square=False),
}


def clean_text(text: object, limit: int = 2000, one_line: bool = False) -> str:
    """Student text made safe to show and to write as UTF-8 (see _ESCAPES), at most `limit` characters."""
    if not isinstance(text, str):
        return ""
    text = str.__str__(text)[:limit * 4]  # an exact str (a subclass could override slicing), bounded work
    text = _SURROGATES.sub("\ufffd", _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n"))))
    if one_line:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def class_name(kind: type, qualified: bool = False) -> str:
    """A class's name read through `type` itself, so that a metaclass can neither fake it nor make it raise."""
    name = type.__dict__["__qualname__" if qualified else "__name__"].__get__(kind)
    if qualified:
        module = type.__dict__["__module__"].__get__(kind)  # any object a class body assigned
        name = f"{module}.{name}" if type(module) is str else name
    return name


@dataclass(frozen=True)
class BadValue:
    """Something student code returned that is not plain data (described, never reconstructed)."""

    description: str

    def __repr__(self) -> str:
        return f"<{self.description}>"


def encode(value: Any, depth: int = 0) -> Any:
    """Turn plain data into JSON-able data; anything else becomes a `$bad` description."""
    if depth > MAX_DEPTH:
        return {"$bad": "a structure nested too deeply"}
    kind = type(value)
    if kind is int and not -(1 << MAX_INT_BITS) < value < 1 << MAX_INT_BITS:
        return {"$bad": f"an int of {value.bit_length()} bits (too large for int64 or float64)"}
    if kind is str and len(value) > MAX_STRING_CHARS:
        return {"$bad": f"a str of {len(value)} characters"}
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple) and len(value) > MAX_RESULT_ELEMENTS:  # described at once, not encoded for seconds
        return {"$bad": f"a {kind.__name__} of {len(value):,} items (more than any check reads)"}
    if kind is list:
        return [encode(item, depth + 1) for item in value]
    if kind is tuple:
        return {"$t": [encode(item, depth + 1) for item in value]}
    if kind is np.ndarray and value.size > MAX_RESULT_ELEMENTS:
        return {"$bad": f"an array of {value.size:,} numbers (more than any check reads)"}
    if kind is np.ndarray:
        dtype = value.dtype
        if dtype.str not in ALLOWED_DTYPES:
            if dtype.kind == "O":
                return {"$bad": "an object array (dtype=object)"}
            return {"$bad": f"an array of dtype {dtype}"}
        data = np.ascontiguousarray(value)
        return {"$nd": [dtype.str, list(value.shape), base64.b64encode(data.tobytes()).decode("ascii")]}
    if kind in _SCALAR_TYPES:
        return {"$np": [_SCALAR_TYPES[kind], value.item()]}
    if kind is Fn:
        return {"$fn": [value.name, encode(value.args, depth + 1)]}
    if kind is Gen:
        return {"$gen": [value.kind, value.seed, list(value.shape), value.high]}
    if isinstance(value, np.ndarray):
        return {"$bad": f"an ndarray subclass ({class_name(kind)})"}
    if isinstance(value, float):
        return {"$bad": f"a float subclass ({class_name(kind)})"}
    if isinstance(value, int):
        return {"$bad": f"an int subclass ({class_name(kind)})"}
    return {"$bad": f"a {class_name(kind, qualified=True)} object"}


def decode(value: Any, depth: int = 0, functions: Callable[[Fn], Any] | None = None) -> Any:
    """Rebuild plain data from JSON-able data, validating every array's dtype and size."""
    if depth > MAX_DEPTH:
        raise ProtocolError("structure nested too deeply")
    kind = type(value)
    if kind is str:
        return _decode_str(value)
    if kind is int and not -(1 << MAX_INT_BITS) < value < 1 << MAX_INT_BITS:
        return BadValue(f"an int of {value.bit_length()} bits (too large for int64 or float64)")
    if value is None or kind in (bool, int, float):
        return value
    if kind is list:
        return [decode(item, depth + 1, functions) for item in value]
    if kind is not dict or len(value) != 1:
        raise ProtocolError(f"unexpected {kind.__name__} in a frame")
    (tag, body), = value.items()
    if tag == "$t" and type(body) is list:
        return tuple(decode(item, depth + 1, functions) for item in body)
    if tag == "$nd":
        return _decode_array(body)
    if tag == "$np" and type(body) is list and len(body) == 2 and body[0] in ALLOWED_DTYPES:
        if type(body[1]) not in (bool, int, float):
            raise ProtocolError("numpy scalar with a non-numeric value")
        try:
            return np.dtype(body[0]).type(body[1])
        except (OverflowError, ValueError):  # e.g. 2**70 sent as an int64
            raise ProtocolError("numpy scalar out of its dtype's range") from None
    if tag == "$bad" and type(body) is str:
        return BadValue(clean_text(body, 200, one_line=True))
    if tag == "$fn" and type(body) is list and len(body) == 2 and type(body[0]) is str:
        fn = Fn(body[0], tuple(decode(body[1], depth + 1, functions)))
        return functions(fn) if functions else fn
    if tag == "$gen" and type(body) is list and len(body) == 4 and type(body[0]) is str \
            and all(type(item) is int for item in [body[1], body[3], *body[2]]):
        return Gen(body[0], body[1], tuple(body[2]), body[3]).materialize()
    raise ProtocolError(f"unknown tag {tag!r}")


def _decode_str(value: str) -> Any:
    """A str the other side sent, safe to print: control characters and lone surrogates become U+FFFD.

    Replaced, not dropped, so that a wrong string never becomes a right one.
    """
    if len(value) > MAX_STRING_CHARS:
        return BadValue(f"a str of {len(value)} characters")
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("\ufffd", value))


def decode_result(value: Any) -> Any:
    """Rebuild what a worker sent back: bounded in size, and never a generated array or a function.

    Only the grader sends `$gen` (60 bytes that would become 400 MB) and `$fn`. Either of them, or
    more than MAX_RESULT_ELEMENTS numbers in one result, is a BadValue that is never rebuilt: it
    fails the check that asked for it.
    """
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is list:
            count += len(item)
            stack.extend(item)
        elif type(item) is dict and len(item) == 1:
            (tag, body), = item.items()
            if tag in ("$gen", "$fn"):
                return BadValue(f"a {'generated array' if tag == '$gen' else 'function'} placeholder, "
                                "which only the grader sends")
            if tag == "$t" and type(body) is list:
                stack.append(body)
            elif tag == "$nd" and type(body) is list and len(body) == 3 and type(body[1]) is list \
                    and all(type(size) is int for size in body[1]):
                count += math.prod(body[1])
        if count > MAX_RESULT_ELEMENTS:
            return BadValue(f"a result of more than {MAX_RESULT_ELEMENTS:,} numbers (more than any check reads)")
    return decode(value)


def _decode_array(body: Any) -> np.ndarray:
    if type(body) is not list or len(body) != 3:
        raise ProtocolError("malformed array")
    dtype_code, shape, payload = body
    if dtype_code not in ALLOWED_DTYPES or type(payload) is not str or type(shape) is not list:
        raise ProtocolError("malformed array")
    if len(shape) > 32 or any(type(size) is not int or not 0 <= size < 1 << 40 for size in shape):
        raise ProtocolError("malformed array shape")
    dtype = np.dtype(dtype_code)
    if math.prod(shape) * dtype.itemsize * 4 > len(payload) * 3 + 12:  # before decoding it (Python ints: no overflow)
        raise ProtocolError("array size does not match its shape")
    raw = base64.b64decode(payload.encode("ascii"), validate=True)
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise ProtocolError("array size does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def send_frame(sock: socket.socket, message: Any) -> None:
    data = json.dumps(message, separators=(",", ":")).encode("utf-8")
    sock.sendall(struct.pack("<I", len(data)) + data)


class FrameTooLarge(ProtocolError):
    """A frame over the reader's limit: read and thrown away before the deadline, so the stream stays in step."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"frame of {size} bytes is too large (limit {limit})")
        self.size = size
        self.limit = limit


def recv_frame(sock: socket.socket, deadline: float | None = None, limit: int = MAX_FRAME_BYTES) -> Any:
    """Read one frame; raise TimeoutError after `deadline` (time.monotonic), EOFError on close.

    A frame over `limit` bytes is never held in memory: with a deadline it is read in chunks and
    dropped (FrameTooLarge), without one it ends the conversation (ProtocolError).
    """
    header = _recv_exact(sock, 4, deadline)
    (size,) = struct.unpack("<I", header)
    if size > limit:
        if deadline is None:
            raise ProtocolError(f"frame of {size} bytes is too large")
        for offset in range(0, size, 1 << 20):
            _recv_exact(sock, min(1 << 20, size - offset), deadline)
        raise FrameTooLarge(size, limit)
    try:
        return json.loads(_recv_exact(sock, size, deadline).decode("utf-8"))
    except (ValueError, RecursionError) as error:  # also json's "exceeds the limit (4300 digits)"
        raise ProtocolError(f"malformed frame: {error}") from None


def _recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    chunks = []
    remaining = size
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([sock], [], [], left)
            if not ready:
                raise TimeoutError
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
