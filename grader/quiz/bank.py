"""The quiz bank: every YAML file in grader/quizzes, validated, with every problem named by file and place."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Optional

import yaml
from pydantic import ValidationError

from grader import yaml_loader
from grader.errors import GraderError
from grader.paths import PACKAGE_DIR
from grader.quiz.models import Quiz

QUIZ_DIR = PACKAGE_DIR / "quizzes"
_LANG_NAMES = {"zh": "Chinese (zh)", "en": "English (en)"}


class Problem(NamedTuple):
    """One authoring mistake: the file, where in it (line and path), and what is wrong."""

    file: Path
    location: str
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}: {self.location}: {self.message}"


def display_path(path: Path) -> str:
    """The path relative to the current folder when it is inside it, so messages stay short."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _line(node: Optional[yaml.Node], loc: tuple[Any, ...]) -> Optional[int]:
    """The 1-based line of the YAML node at `loc`, or of its deepest existing parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if key.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            # A discriminator tag ("single") in pydantic's loc has no node of its own: skip it.
            continue
        node, line = child, child.start_mark.line + 1
    return line


def _path(data: Any, loc: tuple[Any, ...]) -> tuple[list[Any], str]:
    """Pydantic's loc without union tags, and a readable form: questions[3] (why_square).answer."""
    parts: list[Any] = []
    text = ""
    current = data
    for part in loc:
        if isinstance(current, dict) and part not in current and current.get("type") == part:
            continue  # the discriminated-union tag
        parts.append(part)
        if isinstance(part, int):
            text += f"[{part}]"
            current = current[part] if isinstance(current, list) and part < len(current) else None
            if isinstance(current, dict) and isinstance(current.get("id"), str):
                text += f" ({current['id']})"
        else:
            text += f".{part}" if text else str(part)
            current = current.get(part) if isinstance(current, dict) else None
    return parts, text or "(top)"


def _message(item: dict[str, Any], parts: list[Any]) -> str:
    """Pydantic's message, reworded where it would puzzle a quiz author."""
    if item["type"] == "missing":
        if parts and parts[-1] in _LANG_NAMES:
            return f"missing the {_LANG_NAMES[parts[-1]]} text"
        return "required field is missing"
    if item["type"] == "extra_forbidden":
        return "unknown field (a typo?)"
    return str(item["msg"]).removeprefix("Value error, ")


def _quiz_model(data: dict[str, Any]) -> type[Quiz]:
    """A student release stores salted hashes instead of answers (grader.release.answer_key)."""
    from grader.release.answer_key import HashedQuiz, is_hashed

    return HashedQuiz if is_hashed(data) else Quiz


def validate_file(path: Path) -> tuple[Optional[Quiz], list[Problem]]:
    """Read and validate one quiz file; every problem is returned, none is raised."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(path, "(file)", f"cannot read: {error}")]
    try:
        data = yaml_loader.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        return None, [Problem(path, where, f"not valid YAML: {getattr(error, 'problem', None) or error}")]
    if not isinstance(data, dict):
        got = type(data).__name__
        return None, [Problem(path, "(top)", f"expected a mapping with id, title and questions, got {got}")]
    try:
        return _quiz_model(data).model_validate(data), []
    except ValidationError as error:
        root = yaml_loader.compose(source)  # only now: the line numbers are needed for the messages
        problems = []
        for item in error.errors():
            parts, readable = _path(data, tuple(item["loc"]))
            line = _line(root, tuple(parts))
            location = f"line {line}: {readable}" if line else readable
            problems.append(Problem(path, location, _message(item, parts)))
        return None, problems


def validate_files(paths: Iterable[Path]) -> tuple[list[Quiz], list[Problem]]:
    """Validate several files and the rules across them (quiz ids are unique)."""
    quizzes: list[Quiz] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    for path in paths:
        quiz, found = validate_file(path)
        problems.extend(found)
        if quiz is None:
            continue
        if quiz.id in first_file:
            earlier = display_path(first_file[quiz.id])
            problems.append(Problem(path, "id", f"duplicate quiz id {quiz.id!r}, already used in {earlier}"))
            continue
        first_file[quiz.id] = path
        quizzes.append(quiz)
    return quizzes, problems


def bank_files(directory: Path = QUIZ_DIR) -> list[Path]:
    """The quiz files in course order: sorted by file name (01_..., 02_...)."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")], key=lambda p: p.name)


@functools.lru_cache(maxsize=None)
def load_bank(directory: Path = QUIZ_DIR) -> tuple[Quiz, ...]:
    """Every quiz, in course order; a GraderError listing every problem if the bank is broken."""
    quizzes, problems = validate_files(bank_files(directory))
    if problems:
        listed = "\n  ".join(str(problem) for problem in problems)
        raise GraderError(f"the quiz bank has {len(problems)} problem(s):\n  {listed}")
    return tuple(quizzes)


def find_quiz(name: str, directory: Path = QUIZ_DIR) -> Quiz:
    """A quiz by id, by position (`1` is the first), or by a unique part of its id."""
    bank = load_bank(directory)
    wanted = name.strip().lower()
    if wanted.isdigit() and 1 <= int(wanted) <= len(bank):
        return bank[int(wanted) - 1]
    exact = [quiz for quiz in bank if quiz.id == wanted]
    if exact:
        return exact[0]
    matches = [quiz for quiz in bank if wanted and wanted in quiz.id]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(quiz.id for quiz in bank)
    if not matches:
        raise GraderError(f"no quiz named {name!r}; the quizzes are: {known}")
    raise GraderError(f"{name!r} matches several quizzes: {', '.join(quiz.id for quiz in matches)}")
