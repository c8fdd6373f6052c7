"""Where a student is in the course: each exercise and quiz not started, failing or passing.

Grading is cheap but not free, so the last grade of every exercise is cached in the submission's
state file, keyed by the file's content (and the content of the sibling exercises it imports):
only changed files are graded again. A file identical to its generated stub is not started
without being graded at all.
"""

from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from grader.catalog import Exercise, load_catalog
from grader.paths import solutions_dir
from grader.report import ExerciseResult
from grader.runner import GradeOptions, grade_submission
from grader.sandbox.pool import SandboxLimits, read_source
from grader.state import State
from grader.stubs import stub_source
from grader.text import Lang, Text

Stage = Literal["not_started", "failing", "passing"]
STAGES: dict[str, tuple[str, Text]] = {
    "not_started": ("dim", Text(en="not started", zh="未开始")),
    "failing": ("red", Text(en="failing", zh="未通过")),
    "passing": ("green", Text(en="passing", zh="已通过")),
}
_SIBLING = re.compile(r"\bex\d\d_[a-z0-9_]+\b")


@dataclass
class Entry:
    """One line of the course's progress."""

    id: str
    kind: Literal["exercise", "quiz"]
    title: str
    stage: Stage
    score: float
    max_score: float


def stage_label(stage: Stage, lang: Lang) -> str:
    colour, label = STAGES[stage]
    return f"[{colour}]{label(lang)}[/{colour}]"


def stage_of(status: str) -> Stage:
    """An exercise's grading status, as the student's progress."""
    if status == "passed":
        return "passing"
    if status in ("not_implemented", "missing"):
        return "not_started"
    return "failing"


def file_key(submission: Path, exercise: Exercise) -> str | None:
    """A hash of the exercise's file and of the sibling exercise files it names (it may import them)."""
    text = _source(submission / exercise.filename)
    if text is None:
        return None
    digest = hashlib.sha256(text)
    for name in sorted(set(_SIBLING.findall(text.decode("utf-8", "replace"))) - {exercise.id}):
        digest.update(name.encode() + (_source(submission / f"{name}.py") or b"-"))
    return digest.hexdigest()


def _source(path: Path) -> bytes | None:
    """An exercise file's bytes as staging reads them (a regular file of at most 1 MiB, no link), else None.

    A FIFO in place of an exercise file once made `grader list` and `grader check --path CLONE` wait forever.
    """
    try:
        return read_source(path)
    except OSError:
        return None


def generated_stub(exercise: Exercise) -> str | None:
    """The exercise's starting file, rebuilt from the reference solution (None without solutions/)."""
    solutions = solutions_dir()
    source = solutions / exercise.filename if solutions else None
    if source is None or not source.is_file():
        return None
    return stub_source(source.read_text(encoding="utf-8"), exercise)


def untouched(submission: Path, exercise: Exercise) -> bool:
    """Whether the file is still the stub: identical to it, or every function only raises NotImplementedError."""
    try:
        text = (_source(submission / exercise.filename) or b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not text:
        return False
    if text == generated_stub(exercise):
        return True
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    bodies = {node.name: node.body for node in tree.body if isinstance(node, ast.FunctionDef)}
    return all(name in bodies and _only_raises_not_implemented(bodies[name]) for name in exercise.functions)


def _only_raises_not_implemented(body: list[ast.stmt]) -> bool:
    statements = [node for node in body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    if len(statements) != 1 or not isinstance(statements[0], ast.Raise) or statements[0].exc is None:
        return False
    raised = statements[0].exc
    target = raised.func if isinstance(raised, ast.Call) else raised
    return isinstance(target, ast.Name) and target.id == "NotImplementedError"


def remember(state: State, submission: Path, results: list[ExerciseResult]) -> None:
    """Cache these grades in the state (the caller saves it)."""
    by_id = {exercise.id: exercise for exercise in load_catalog()}
    for result in results:
        if result.id in by_id:
            state.remember(result.id, file_key(submission, by_id[result.id]), result.status, result.score,
                           result.max_score)


def exercise_progress(submission: Path, lang: Lang, limits: SandboxLimits | None = None,
                      state: State | None = None, grade_stale: bool = True
                      ) -> tuple[list[Entry], dict[str, ExerciseResult]]:
    """Every exercise's stage, grading only the files whose cached grade is stale; also the fresh results.

    With grade_stale=False nothing is graded and a changed file counts as failing until graded.
    """
    state = state or State.load(submission)
    catalog = load_catalog()
    stale = []
    stages: dict[str, tuple[Stage, float]] = {}
    for exercise in catalog:
        key = file_key(submission, exercise)
        if key is None or untouched(submission, exercise):
            stages[exercise.id] = ("not_started", 0)
            continue
        cached = state.cached(exercise.id, key, exercise.max_score)
        if cached is None:
            stale.append(exercise.id)
            stages[exercise.id] = ("failing", 0)
        else:
            stages[exercise.id] = (stage_of(cached.status), cached.score)
    fresh: dict[str, ExerciseResult] = {}
    if stale and grade_stale:
        report = grade_submission(submission, GradeOptions(limits=limits or SandboxLimits(), lang=lang,
                                                           exercises=stale, quizzes=False))
        remember(state, submission, report.exercises)
        state.save()
        for result in report.exercises:
            fresh[result.id] = result
            stages[result.id] = (stage_of(result.status), result.score)
    entries = [Entry(id=exercise.id, kind="exercise", title=exercise.title(lang), stage=stages[exercise.id][0],
                     score=stages[exercise.id][1], max_score=exercise.max_score) for exercise in catalog]
    return entries, fresh


def quiz_progress(submission: Path, lang: Lang) -> list[Entry]:
    """Every quiz's stage, from answers.yaml (scoring quizzes runs no student code)."""
    from grader.quiz.scoring import NOT_ANSWERED, grade_quizzes

    entries = []
    for quiz in grade_quizzes(submission, lang):
        answered = any(question.score or question.message not in NOT_ANSWERED.values() for question in quiz.questions)
        stage: Stage = "passing" if quiz.score == quiz.max_score and quiz.max_score else \
            "failing" if answered or quiz.error else "not_started"
        entries.append(Entry(id=quiz.id, kind="quiz", title=quiz.title, stage=stage, score=quiz.score,
                             max_score=quiz.max_score))
    return entries


def next_unfinished(entries: list[Entry], after: str | None = None) -> str | None:
    """The first exercise that does not pass (after `after`, wrapping around), or None when all pass."""
    exercises = [entry for entry in entries if entry.kind == "exercise"]
    if after is not None and after in [entry.id for entry in exercises]:
        index = [entry.id for entry in exercises].index(after)
        exercises = exercises[index + 1:] + exercises[:index + 1]
    return next((entry.id for entry in exercises if entry.stage != "passing"), None)
