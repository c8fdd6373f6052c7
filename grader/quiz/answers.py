"""answers.yaml: read it safely, and save one quiz's answers atomically without touching the others."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from grader import yaml_loader
from grader.errors import GraderError

ANSWERS_FILE = "answers.yaml"

HEADER = """\
# Your quiz answers: `grader quiz QUIZ_ID` fills this in as you answer, or edit it by hand.
# `grader quiz` lists the quizzes; `grader grade` scores this file with the exercises.
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
        if isinstance(key, (str, int, float, bool)) and key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is given twice", key_node.start_mark
            )
        seen.add(key)
    return yaml_loader.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Dumper(yaml.SafeDumper):
    """Lists of choice ids on one line ([a, c]), everything else in block style."""


_Dumper.add_representer(
    list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def read_answers(path: Path) -> dict[Any, Any]:
    """The answers in `path`: {} when the file is missing or empty; AnswersFileError when unusable."""
    if path.is_symlink():
        raise AnswersFileError(f"{path}: is a symbolic link; refusing to read it (use a plain file)")
    if not path.exists():
        return {}
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersFileError(f"{path}: cannot read: {error}") from None
    try:
        data = yaml.load(source, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise AnswersFileError(f"{path}: not valid YAML{where}: {problem}") from None
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
