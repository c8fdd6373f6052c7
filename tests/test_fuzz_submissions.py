"""Fuzzing `grader grade` with hostile submissions: whatever mse returns, raises or prints, a complete report."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import PROJECT, SOLUTIONS

VICTIM = "ex01_mse"
OTHERS = ["ex02_mae", "ex03_huber"]

# Defined in every generated module, so that a behaviour can name them.
HEADER = '''\
import datetime, os, sys
import numpy as np


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")


class _Meta(type):
    __name__ = property(lambda cls: 1 / 0)
    __mro__ = property(lambda cls: 1 / 0)


class Weird(Exception, metaclass=_Meta):
    pass


class Escaping(BaseException):
    pass


Odd = type("Odd\\n\\x1b[2J\\u202e", (Exception,), {})
'''

# Text with everything a terminal, a JSON encoder or an XML writer can choke on.
NASTY_CHARS = st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b[31m", "\x1b]0;title\x07", "\u202e", "\r", "\x9b",
                               "\ufffe", "é", "损失"])
TEXT = st.lists(st.one_of(NASTY_CHARS, st.characters(exclude_categories=())), max_size=12).map("".join)

ODD_VALUES = st.sampled_from([
    "np.array([object()], dtype=object)", "np.ma.masked_array([1.0], mask=[True])",
    "np.rec.fromrecords([(1, 2.0)], names='a,b')", "np.zeros(2, dtype=[('a', 'f8')])", "np.array(2.5 + 1j)",
    "np.array(-7.0)", "np.datetime64('2020-01-01')", "datetime.datetime(2020, 1, 1)", "10 ** 400", "10 ** 5000",
    "-(2 ** 64)", "np.uint64(2 ** 64 - 1)", "b'\\xff' * 1000", "len", "lambda: 0.0", "iter([1.0])",
    "(x for x in [1.0])", "float('nan')", "np.float64('inf')", "'x' * 10 ** 6", "Ellipsis", "NotImplemented",
    "np.arange(3)", "{1: 2}", "{1.0}", "bytearray(3)", "memoryview(b'ab')", "sys",
])
PLAIN = st.one_of(
    TEXT.map(repr), st.binary(max_size=16).map(repr), st.integers().map(repr),
    st.complex_numbers(allow_nan=False, allow_infinity=False).map(lambda z: f"complex({z.real!r}, {z.imag!r})"),
)
VALUES = st.recursive(st.one_of(ODD_VALUES, PLAIN),
                      lambda inner: st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]")
                      | st.lists(inner, max_size=3).map(lambda items: f"({', '.join(items)},)"),
                      max_leaves=4)
EXCEPTIONS = st.sampled_from(["ValueError", "TypeError", "Unprintable", "Weird", "Odd", "Escaping", "BaseException",
                              "KeyboardInterrupt", "SystemExit", "StopIteration", "GeneratorExit", "RecursionError"])
OUTPUT = st.one_of(
    st.binary(max_size=64).map(lambda data: f"os.write(1, {data!r})"),
    TEXT.map(lambda text: f"sys.stdout.write({text!r})"),
    TEXT.map(lambda text: f"print({text!r}, file=sys.stderr)"),
    st.sampled_from(["print('x' * (3 << 20))", "os.write(2, b'\\x00\\xff\\x1b[2J' * 100000)"]),
)

# (where, statement): in mse, or at import (then mse returns a wrong value, so the exercise still fails).
WHEN = st.sampled_from(["call", "import"])
BEHAVIOURS = st.one_of(
    VALUES.map(lambda value: ("call", f"return {value}")),
    st.tuples(WHEN, EXCEPTIONS, TEXT).map(lambda t: (t[0], f"raise {t[1]}({t[2]!r})")),
    st.tuples(WHEN, OUTPUT),
)
FORMATS = st.sampled_from(["json", "gradescope", "junit"])


def hostile_module(when: str, code: str) -> str:
    """The source of an ex01_mse.py that runs `code` at import or as the body of mse."""
    if when == "import":
        return f"{HEADER}\n{code}\n\n\ndef mse(y_pred, y_true):\n    return -1.0\n"
    return f"{HEADER}\n\ndef mse(y_pred, y_true):\n    {code}\n    return -1.0\n"


def scores_by_exercise(output: str, fmt: str) -> dict[str, tuple[float, float]]:
    """{exercise id: (score, max score)} read back from a report in `fmt`: the report must parse."""
    if fmt == "json":
        report = json.loads(output)
        return {item["id"]: (item["score"], item["max_score"]) for item in report["exercises"]}
    if fmt == "gradescope":
        found: dict[str, tuple[float, float]] = {}
        for test in json.loads(output)["tests"]:
            exercise = test["name"].split(":")[0]
            score, maximum = found.get(exercise, (0.0, 0.0))
            found[exercise] = (score + test["score"], maximum + test["max_score"])
        return found
    suites = ET.fromstring(output).iter("testsuite")
    # junit has pass/fail per check, not points: full marks means no failure and no error.
    return {suite.get("name"): (0.0 if int(suite.get("failures")) + int(suite.get("errors")) else 1.0, 1.0)
            for suite in suites}


@settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(behaviour=BEHAVIOURS, fmt=FORMATS)
@example(behaviour=("call", "raise ValueError('\\ud800\\x00\\x1b[31m')"), fmt="json")
@example(behaviour=("call", "return ['\\ud800', 10 ** 400, np.ma.masked_array([1.0])]"), fmt="gradescope")
@example(behaviour=("import", "os.write(1, b'\\xff\\x00\\x1b[2J'); print('\\udcff', file=sys.stderr)"), fmt="junit")
def test_hostile_submission_gets_a_complete_report(behaviour, fmt):
    when, code = behaviour
    with tempfile.TemporaryDirectory(prefix="loss-compass-fuzz-") as folder:
        submission = Path(folder)
        for exercise_id in OTHERS:
            shutil.copyfile(SOLUTIONS / f"{exercise_id}.py", submission / f"{exercise_id}.py")
        (submission / f"{VICTIM}.py").write_text(hostile_module(when, code), encoding="utf-8", errors="surrogatepass")
        completed = subprocess.run(
            [sys.executable, "-m", "grader", "grade", str(submission), "--format", fmt, "--timeout", "5"],
            capture_output=True, timeout=180, cwd=PROJECT,
        )
    stderr = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == 0, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    scores = scores_by_exercise(completed.stdout.decode("utf-8"), fmt)
    victim_score, victim_max = scores[VICTIM]
    assert victim_score < victim_max, f"{code!r} earned full marks"
    for other in OTHERS:
        assert scores[other][0] == scores[other][1], f"{other} lost marks next to {code!r}"
