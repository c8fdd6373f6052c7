"""answers.yaml: read it safely, and save one quiz's answers atomically without touching the others."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import yaml

from grader import yaml_loader
from grader.errors import GraderError
from grader.quiz.excerpt import excerpt

ANSWERS_FILE = "answers.yaml"
# A student's file: far more than every quiz's answers need, small enough that reading, parsing
# and reporting on it stays instant whatever it holds.
MAX_ANSWERS_BYTES = 64 * 1024
MAX_DEPTH = 8
# A number longer than this is kept as its text: an answer then scores 0 with "expected a
# number" instead of int() refusing 5000 digits or float() overflowing on 400.
MAX_NUMBER_CHARS = 64

HEADER = """\
# Your quiz answers: `grader quiz QUIZ_ID` fills this in as you answer, or edit it by hand.
# `grader quiz` lists the quizzes; `grader grade` scores this file with the exercises.
# `id:` is your student id (email or number): some questions have numbers or a choice order of your own.
# Format: quiz id -> question id -> answer, for example
#   some_quiz:
#     a_single_choice_question: b          # the id of one choice
#     a_multiple_choice_question: [a, c]   # a list of choice ids
#     a_true_false_question: false         # true or false
#     a_numeric_question: 1.67             # a number
#     a_short_text_question: overfitting   # a word or short phrase
# `grader quiz` rewrites this file and keeps only this header comment.
"""


class AnswersFileError(GraderError):
    """answers.yaml exists but cannot be used at all (a symlink, unreadable, not YAML, not a mapping)."""


class _UniqueKeyLoader(yaml_loader.SafeLoader):
    """The safe loader, except that a key given twice is an error instead of silently the last one."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if type(key) in (str, int, float, bool):  # an unhashable key is the base constructor's error
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{excerpt(key)} is given twice", key_node.start_mark
                )
            seen.add(key)
    return yaml_loader.SafeLoader.construct_mapping(loader, node, deep=deep)


def _number_or_text(construct: Any) -> Any:
    def build(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> Any:
        if len(node.value) > MAX_NUMBER_CHARS:
            return loader.construct_scalar(node)
        return construct(loader, node)

    return build


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
for _tag, _construct in (("int", yaml.constructor.SafeConstructor.construct_yaml_int),
                         ("float", yaml.constructor.SafeConstructor.construct_yaml_float)):
    _UniqueKeyLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _number_or_text(_construct))


class _Dumper(yaml.SafeDumper):
    """Lists of choice ids on one line ([a, c]), everything else in block style."""


_Dumper.add_representer(
    list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def _read_source(path: Path) -> str | None:
    """The file's text, or None when it does not exist: a regular file of at most MAX_ANSWERS_BYTES only.

    Checked before it is opened (reading a FIFO waits for a writer forever, a device may never
    end), opened without following a link and without blocking, and checked again on what was opened.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise AnswersFileError(f"{path}: cannot read: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise AnswersFileError(f"{path}: is a symbolic link; refusing to read it (use a plain file)")
    _require_regular(path, info.st_mode)  # never even open a FIFO or a device
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:  # became a link since the lstat
            raise AnswersFileError(f"{path}: is a symbolic link; refusing to read it (use a plain file)") from None
        raise AnswersFileError(f"{path}: cannot read: {error.strerror}") from None
    try:
        _require_regular(path, os.fstat(fd).st_mode)  # what was opened, in case it was swapped since the lstat
        chunks, size = [], 0
        while size <= MAX_ANSWERS_BYTES:
            chunk = os.read(fd, MAX_ANSWERS_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise AnswersFileError(f"{path}: cannot read: {error.strerror}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_ANSWERS_BYTES:
        raise AnswersFileError(f"{path}: larger than {MAX_ANSWERS_BYTES // 1024} KiB; refusing to read it")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AnswersFileError(f"{path}: cannot read: not UTF-8 text (byte {error.start})") from None


def _require_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")]
        kind = next((name for test, name in kinds if test(mode)), "something else")
        raise AnswersFileError(f"{path}: not a regular file ({kind}); refusing to read it")


def read_answers(path: Path) -> dict[Any, Any]:
    """The answers in `path`: {} when the file is missing or empty; AnswersFileError when unusable."""
    source = _read_source(path)
    if source is None:
        return {}
    try:
        yaml_loader.refuse_expansion(source, MAX_DEPTH)
        data = yaml.load(source, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        # The problem may quote a tag the student wrote: one line, printable, short.
        problem = "".join(ch if ch.isprintable() else "?" for ch in " ".join(problem.split())[:120])
        verdict = "refused" if isinstance(error, yaml_loader.RefusedYAML) else "not valid YAML"
        raise AnswersFileError(f"{path}: {verdict}{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersFileError(
            f"{path}: expected a mapping from quiz id to that quiz's answers, got {type(data).__name__}"
        )
    return data


def write_answers(path: Path, answers: dict[Any, Any]) -> None:
    """Replace `path` atomically: a temporary file in the same folder, then os.replace."""
    if path.is_symlink():
        raise AnswersFileError(f"{path}: is a symbolic link; refusing to write through it")
    if not path.parent.is_dir():
        raise GraderError(f"{path.parent}: no such folder for the answers file")
    body = yaml.dump(answers, Dumper=_Dumper, allow_unicode=True, sort_keys=False) if answers else "{}\n"
    # mkstemp makes the file 0600; keep the old file's mode, or the usual 0644 for a new one.
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(HEADER + "\n" + body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save_student_id(path: Path, student: str) -> None:
    """Write `id: student` at the top of `path`, keeping every answer (an unreadable file is never overwritten)."""
    try:
        existing = read_answers(path)
    except AnswersFileError as error:
        raise AnswersFileError(f"{error}; fix or move it before answering (not overwriting it)") from None
    write_answers(path, {"id": student, **{key: value for key, value in existing.items() if key != "id"}})


def save_quiz_answers(path: Path, quiz_id: str, answers: dict[str, Any]) -> None:
    """Merge one quiz's answers into `path`, keeping every other quiz's answers as they were.

    A file that cannot be read is never overwritten: the student's other answers would be lost.
    """
    try:
        existing = read_answers(path)
    except AnswersFileError as error:
        raise AnswersFileError(f"{error}; fix or move it before answering (not overwriting it)") from None
    previous = existing.get(quiz_id)
    merged = dict(previous) if isinstance(previous, dict) else {}
    merged.update(answers)
    existing[quiz_id] = merged
    write_answers(path, existing)


def forget_quiz_answers(path: Path, quiz_id: str) -> None:
    """Drop one quiz's answers from `path` (to start it over), keeping every other quiz's; nothing to do if absent."""
    try:
        existing = read_answers(path)
    except AnswersFileError as error:
        raise AnswersFileError(f"{error}; fix or move it before answering (not overwriting it)") from None
    if quiz_id in existing:
        write_answers(path, {key: value for key, value in existing.items() if key != quiz_id})
