"""Bad input that used to crash or hang the grader: each now gives a complete report with a readable reason."""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from grader.quiz.answers import ANSWERS_FILE, MAX_ANSWERS_BYTES, read_answers
from grader.quiz.bank import load_bank
from grader.quiz.models import Numeric
from grader.quiz.scoring import MAX_WARNINGS, grade_quizzes
from grader.sandbox import wire
from grader.sandbox.pool import ExerciseProcess
from grader.student import StudentRaised

from conftest import PROJECT, SOLUTIONS

VICTIM = "ex01_mse"
BANK = load_bank()
NUMERIC = next((quiz.id, question.id) for quiz in BANK for question in quiz.questions if isinstance(question, Numeric))


def is_clean(text: str) -> bool:
    """Writable as UTF-8, and nothing a terminal would act on: no control characters but newline and tab."""
    text.encode("utf-8")
    return all(char in "\n\t" or char.isprintable() for char in text)


def grader_cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, timeout=timeout, cwd=PROJECT)


# --- text from student code is cleaned where it enters the grader -----------------------------------


def test_clean_text_keeps_words_and_drops_what_a_terminal_would_act_on():
    dirty = "a\x1b[31mred\x1b[0m\x00 \x1b]0;title\x07ok\r\nline\ud800\t\u202eend\x9b2J"
    assert wire.clean_text(dirty) == "ared ok\nline\ufffd\tend"
    assert wire.clean_text("one\ntwo\x1b[2J  three", one_line=True) == "one two three"
    assert wire.clean_text("x" * 5000, 100) == "x" * 99 + "…"
    assert wire.clean_text(None) == "" and wire.clean_text(12) == ""


@pytest.mark.parametrize("sent, received", [
    ("\ud800", "\ufffd"),
    ("a\x00b\x1b[31m", "a\ufffdb\ufffd[31m"),  # replaced, not dropped: a wrong string stays wrong
    ("line\n\ttab", "line\n\ttab"),
])
def test_strings_from_the_worker_arrive_printable(sent, received):
    frame = json.loads(json.dumps({"ok": [sent]}))  # json escapes a lone surrogate and turns it back
    assert wire.decode(frame["ok"]) == [received]


@pytest.mark.parametrize("value, description", [
    (10**400, "an int of 1329 bits"),
    (-(2**64), "an int of 65 bits"),
    ("x" * (wire.MAX_STRING_CHARS + 1), f"a str of {wire.MAX_STRING_CHARS + 1} characters"),
])
def test_values_too_large_to_use_are_described_on_both_sides(value, description):
    assert description in wire.encode(value)["$bad"]  # json.dumps would refuse or float() overflow
    decoded = wire.decode(value)  # a worker that skipped encode() (student code can write to the socket)
    assert isinstance(decoded, wire.BadValue) and description in decoded.description


def test_a_forged_frame_is_a_protocol_error_not_a_crash():
    with pytest.raises(wire.ProtocolError):
        wire.decode({"$np": ["<i8", 2**70]})
    described = wire.decode({"$bad": "a \x1b[2J\ud800 object\nwith\nlines"})
    assert described.description == "a \ufffd object with lines"
    ours, theirs = socket.socketpair()
    with ours, theirs:
        body = b'{"ok": ' + b"9" * 5000 + b"}"  # json.loads refuses more than 4300 digits with a ValueError
        theirs.sendall(struct.pack("<I", len(body)) + body)
        with pytest.raises(wire.ProtocolError):
            wire.recv_frame(ours, time.monotonic() + 5)


def test_odd_classes_are_described_without_running_their_metaclass():
    class Meta(type):
        __name__ = property(lambda cls: 1 / 0)
        __module__ = property(lambda cls: 1 / 0)

    class Thing(metaclass=Meta):
        __module__ = 5  # not a str

    assert wire.encode(Thing()) == {"$bad": f"a {Thing.__qualname__} object"}
    assert wire.class_name(type("Odd\n\x1b[2J", (Exception,), {})) == "Odd\n\x1b[2J"  # cleaned on arrival


@pytest.mark.parametrize("info", [
    None, "text", [], {"type": 5, "mro": "NotImplementedError", "message": ["x"], "where": {}},
    {"type": "E\n\x1b[2J\ud800", "mro": ["E\ud800", 3], "message": "bad \ud800\x00" + "x" * 10_000, "where": "\x1b[1m"},
])
def test_student_raised_accepts_any_data_and_keeps_clean_text(info):
    raised = StudentRaised("mse([1.0], [2.0])", info)
    text = raised.describe().en
    assert text.startswith("mse([1.0], [2.0]) raised ") and is_clean(text) and "\n" not in text
    assert len(text) < 1000 and not raised.not_implemented


def test_printed_output_is_read_as_clean_bounded_text(tmp_path):
    process = ExerciseProcess(None, None, 0, tmp_path, 0.0)  # output() reads the work folder only
    (tmp_path / "output.txt").write_bytes(b"ok \xff\xfe\x00\x1b[31mred\x1b[0m \xed\xa0\x80" + b"y" * 100_000)
    text = process.output(limit=200)
    assert text.startswith("ok \ufffd\ufffdred \ufffd") and is_clean(text) and len(text) == 200
    (tmp_path / "output.txt").unlink()
    os.mkfifo(tmp_path / "output.txt")  # student code may swap the file for something that blocks
    assert process.output() == ""
    (tmp_path / "output.txt").unlink()
    (tmp_path / "output.txt").symlink_to("/etc/hostname")
    assert process.output() == ""


# --- odd values, exceptions and output from student functions ------------------------------------


ODD = {
    "complex": ("return 1 + 2j", "returned a builtins.complex object"),
    "numpy_complex": ("return np.complex128(1 + 2j)", "returned a numpy.complex128 object"),
    "object_array": ("return np.array([object()], dtype=object)", "an object array"),
    "masked_array": ("return np.ma.masked_array([1.0], mask=[True])", "an ndarray subclass (MaskedArray)"),
    "record_array": ("return np.rec.fromrecords([(1, 2.0)], names='a,b')", "an ndarray subclass (recarray)"),
    "structured_array": ("return np.zeros(2, dtype=[('a', 'f8')])", "an array of dtype [('a', '<f8')]"),
    "datetime": ("import datetime\n    return datetime.datetime(2020, 1, 1)", "a datetime.datetime object"),
    "datetime64": ("return np.datetime64('2020-01-01')", "a numpy.datetime64 object"),
    "zero_d_array": ("return np.array(5.0)", "returned 5.0, expected"),
    "huge_int": ("return 10 ** 400", "an int of 1329 bits"),
    "int_past_json": ("return 10 ** 5000", "an int of 16610 bits"),
    "bytes": ("return b'\\xff\\x00'", "a builtins.bytes object"),
    "callable": ("return len", "a builtins.builtin_function_or_method object"),
    "iterator": ("return iter([1.0])", "a builtins.list_iterator object"),
    "generator": ("return (x for x in [1.0])", "a builtins.generator object"),
    "surrogate_str": ("return '\\ud800\\x1b[31m'", "returned a str"),
    "megabyte_str": ("return 'x' * 10 ** 6", "a str of 1000000 characters"),
    "unprintable": ("class E(Exception):\n        def __str__(self):\n            raise RuntimeError\n    raise E()",
                    "raised E: <unprintable>"),
    "str_subclass": ("class S(str):\n        def __getitem__(self, key):\n            return 5\n"
                     "    class E(Exception):\n        def __str__(self):\n            return S('sub')\n    raise E()",
                     "raised E: sub"),
    "base_exception": ("class Escape(BaseException):\n        pass\n    raise Escape('out')", "raised Escape: out"),
    "keyboard_interrupt": ("raise KeyboardInterrupt", "was interrupted during mse("),
    "system_exit": ("raise SystemExit(3)", "exited (sys.exit) during mse("),
    "stop_iteration": ("raise StopIteration", "raised StopIteration"),
    "generator_exit": ("raise GeneratorExit", "raised GeneratorExit"),
    "metaclass": ("class M(type):\n        __name__ = property(lambda c: 1 / 0)\n"
                  "        __mro__ = property(lambda c: 1 / 0)\n"
                  "    class E(Exception, metaclass=M):\n        pass\n    raise E('meta')", "raised E: meta"),
    "weird_name": ("raise type('E\\n\\x1b[2J\\u202e', (Exception,), {})('x')", "raised E: x"),
    "fake_class": ("class E(Exception):\n        __class__ = property(lambda s: SystemExit)\n    raise E('c')",
                   "raised E: c"),
    "surrogate_message": ("raise ValueError('\\ud800 \\x00\\x1b[31mbad')", "raised ValueError: \ufffd bad"),
    "invalid_utf8_output": ("import os\n    os.write(1, b'\\xff\\xfe\\x00\\x1b[2J')\n    return -1.0", "returned -1.0"),
    "megabytes_of_output": ("print('x' * (3 << 20))\n    return -1.0", "returned -1.0"),
    "poisoned_argument": ("class R:\n        def __repr__(self):\n            raise RuntimeError\n"
                          "    if isinstance(y_pred, list):\n        y_pred.append(R())\n    return -1.0",
                          "returned -1.0"),
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_results_fail_the_check_with_a_readable_message(grade_file, tmp_path, name):
    body, message = ODD[name]
    source = tmp_path / f"{name}.py"
    source.write_text(f"import numpy as np\n\n\ndef mse(y_pred, y_true):\n    {body}\n", encoding="utf-8")
    result = grade_file(VICTIM, source)
    assert result.score < result.max_score
    first = result.checks[0]
    assert not first.passed and message in first.message, first.message
    assert all(is_clean(check.message) and "internal error" not in check.message for check in result.checks)


# --- lone surrogates through the command line and grade-all -------------------------------------


SURROGATES = """
    import sys
    print("\\ud800", file=sys.stderr)
    def mse(y_pred, y_true):
        print("\\udcff\\x00\\x1b[31m")
        raise ValueError("\\ud800 bad")
"""


def surrogate_submission(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / "ex02_mae.py", folder / "ex02_mae.py")
    (folder / f"{VICTIM}.py").write_text(textwrap.dedent(SURROGATES), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_lone_surrogates_do_not_crash_grade(tmp_path, fmt):
    completed = grader_cli("grade", str(surrogate_submission(tmp_path / "sub")), "--format", fmt, "--timeout", "5")
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")[-2000:]
    out = completed.stdout.decode("utf-8")
    assert "raised ValueError" in out
    if fmt == "json":
        exercises = {item["id"]: item for item in json.loads(out)["exercises"]}
        assert exercises[VICTIM]["score"] < exercises[VICTIM]["max_score"]
        assert exercises["ex02_mae"]["score"] == exercises["ex02_mae"]["max_score"]


def test_lone_surrogates_do_not_make_a_student_ungradable(tmp_path):
    surrogate_submission(tmp_path / "class" / "mallory")
    completed = grader_cli("grade-all", str(tmp_path / "class"), "-o", str(tmp_path / "out"), "--jobs", "1",
                           "--timeout", "5")
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")[-2000:]
    with (tmp_path / "out" / "grades.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["status"] == "graded" and float(row["total"]) > 0


# --- answers.yaml: a size cap, no aliases, regular files only, numbers checked, short reasons ----------


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefghijk", "bcdefghijkl"[:levels - 1]):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def quiz_results(folder: Path, content: str | bytes | None):
    """Score `content` as answers.yaml (None: the file is already there), checking every reason is short."""
    if content is not None:
        (folder / ANSWERS_FILE).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    warnings: list[str] = []
    started = time.perf_counter()
    results = grade_quizzes(folder, warnings=warnings)
    assert time.perf_counter() - started < 2, "scoring answers.yaml must stay instant whatever it holds"
    assert [result.id for result in results] == [quiz.id for quiz in BANK], "always one result per quiz"
    for text in [*warnings, *(r.error for r in results), *(q.message for r in results for q in r.questions)]:
        assert len(text) < 600 and is_clean(text), text[:600]
    return {result.id: result for result in results}, warnings


@pytest.mark.parametrize("content, reason", [
    ("? [a, b]\n: 1\n", "found unhashable key"),
    (billion_laughs(), "anchors and aliases (&name, *name) are not allowed"),
    ("what_is_loss: &shared {}\n", "anchors and aliases"),
    ("a: " + "[" * 20 + "]" * 20 + "\n", "nested more than 8 levels deep"),
    ("a: b\n" * (MAX_ANSWERS_BYTES // 4), "larger than 64 KiB"),
    (b"what_is_loss: \xff\xfe\n", "not UTF-8 text"),
    ("a: !<tag:" + "x" * 5000 + "> 1\n", "could not determine a constructor"),
])
def test_unusable_answers_zero_every_quiz_with_a_short_reason(tmp_path, content, reason):
    results, _ = quiz_results(tmp_path, content)
    for result in results.values():
        assert result.score == 0 and reason in result.error and ANSWERS_FILE in result.error


def test_a_huge_integer_in_a_numeric_answer_scores_zero(tmp_path):
    quiz_id, question_id = NUMERIC
    results, _ = quiz_results(tmp_path, f"{quiz_id}:\n  {question_id}: {'9' * 400}\n")
    result = next(q for q in results[quiz_id].questions if q.id == question_id)
    assert result.score == 0 and "expected a finite number" in result.message and results[quiz_id].error == ""


@pytest.mark.parametrize("content", [
    "9" * 5000 + ": 1\n",
    f"{NUMERIC[0]}:\n  {NUMERIC[1]}: {'9' * 5000}\n  {'8' * 5000}: 1\n",
    f"{NUMERIC[0]}: {'-' + '7' * 5000}\n",
    "x" * 30_000 + ": 1\n",
])
def test_integers_and_keys_of_any_length_give_short_reasons(tmp_path, content):
    results, _ = quiz_results(tmp_path, content)
    assert all(result.score == 0 for result in results.values())


def test_thousands_of_unknown_ids_make_a_bounded_list_of_warnings(tmp_path):
    _, warnings = quiz_results(tmp_path, "".join(f"junk_{index}: 1\n" for index in range(3000)))
    assert len(warnings) == MAX_WARNINGS + 1 and "2980 more unknown ids" in warnings[-1]


def test_answers_must_be_a_regular_file(tmp_path):
    (tmp_path / ANSWERS_FILE).mkdir()
    results, _ = quiz_results(tmp_path, None)
    assert all("not a regular file (a folder)" in result.error for result in results.values())


@pytest.mark.parametrize("attack", ["fifo", "bomb"])
def test_a_fifo_or_a_bomb_as_answers_still_grades_the_exercises(tmp_path, attack):
    submission = tmp_path / "sub"
    submission.mkdir()
    shutil.copyfile(SOLUTIONS / f"{VICTIM}.py", submission / f"{VICTIM}.py")
    if attack == "fifo":
        os.mkfifo(submission / ANSWERS_FILE)  # reading it would wait for a writer forever
    else:
        (submission / ANSWERS_FILE).write_text(billion_laughs(10), encoding="utf-8")
    completed = grader_cli("grade", str(submission), "--format", "json", "--timeout", "5", timeout=120)
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")[-2000:]
    assert len(completed.stdout) < 1 << 20, "the report quotes no expansion"
    report = json.loads(completed.stdout)
    victim = next(item for item in report["exercises"] if item["id"] == VICTIM)
    assert victim["score"] == victim["max_score"]
    reason = "not a regular file (a named pipe)" if attack == "fifo" else "anchors and aliases"
    assert all(quiz["score"] == 0 and reason in quiz["error"] for quiz in report["quizzes"])


def test_the_limits_leave_real_answers_alone():
    answers = read_answers(SOLUTIONS / ANSWERS_FILE)
    assert answers and yaml.safe_load((SOLUTIONS / ANSWERS_FILE).read_text(encoding="utf-8")) == answers


# ---------------------------------------------------------------- red team: the state file of a folder someone else runs in

@pytest.mark.parametrize("planted", ["temporary_file", "gitignore", "state_folder"])
def test_saving_progress_in_a_students_folder_follows_no_link_they_planted(tmp_path, planted):
    """A TA running `grader check --path CLONE` once overwrote ~/.bashrc with the clone's own hint keys.

    The temporary file was `.grader/state.json.<pid>.tmp`, opened following links: 32,768 links (every
    pid) to the TA's ~/.bashrc, and a state.json whose hint key was "$(command)", made the TA's next
    shell run that command.
    """
    from grader.state import State

    home = tmp_path / "home"
    home.mkdir()
    bashrc = home / "bashrc"
    bashrc.write_text("echo mine\n")
    repo = tmp_path / "repo"
    (repo / ".grader").mkdir(parents=True)
    (repo / ".grader" / "state.json").write_text(json.dumps(
        {"grader": "0", "hints": {"$(touch /tmp/loss-compass-pwned.txt)": 1}, "results": {}}))
    if planted == "temporary_file":
        (repo / ".grader" / ".gitignore").write_text("*\n")
        for pid in range(max(1, os.getpid() - 50), os.getpid() + 50):
            (repo / ".grader" / f"state.json.{pid}.tmp").symlink_to(bashrc)
    elif planted == "gitignore":
        (repo / ".grader" / ".gitignore").symlink_to(home / "profile")
    else:
        shutil.rmtree(repo / ".grader")
        (repo / ".grader").symlink_to(home, target_is_directory=True)
    State.load(repo).save()
    assert bashrc.read_text() == "echo mine\n"
    assert sorted(path.name for path in home.iterdir()) == ["bashrc"]


def test_a_fifo_in_a_students_folder_does_not_hang_the_student_commands(tmp_path):
    """Red team: `grader list` / `grader check --path CLONE` read state.json and the exercise files whole.

    A FIFO planted as .grader/state.json or as an exercise file made them wait forever (a TA checking
    a clone had to interrupt it). They are read like staging reads them: regular files only, no link,
    never blocking.
    """
    repo = tmp_path / "repo"
    (repo / ".grader").mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / "ex02_mae.py", repo / "ex02_mae.py")
    os.mkfifo(repo / ".grader" / "state.json")
    os.mkfifo(repo / "ex01_mse.py")
    for command in (["list"], ["check", "02"], ["check"]):
        completed = grader_cli(*command, "--path", str(repo), "--timeout", "5", timeout=90)
        assert completed.returncode in (0, 1), completed.stderr[-2000:]
