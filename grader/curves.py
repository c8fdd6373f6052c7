"""Loss curves of the training exercises: the student's next to the reference's, as text or a figure.

The student's losses come through the same seam as grading (a sandboxed call); the reference's
from the reference solution. Nothing of the student's code runs in this process.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from rich.cells import cell_len

from grader.catalog import Exercise
from grader.paths import check_reference, solutions_dir
from grader.reference import Reference, ReferenceUnavailable
from grader.sandbox.pool import Sandbox, SandboxLimits, WorkerFailed
from grader.student import CheckFailed, MissingFunction, Student, StudentRaised
from grader.student_tools.drawing import Panel, Series, matplotlib_missing, require_matplotlib, write_figure
from grader.text import Lang, Text

__all__ = ["matplotlib_missing", "require_matplotlib"]  # where check and coach have always found them

BLOCKS = "▁▂▃▄▅▆▇█"
DEMO_TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog met on a mat. "


def _linear_data() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(7)
    X = generator.normal(0.0, 1.0, (40, 3))
    return X, X @ np.array([1.5, -2.0, 0.5]) + 1.0 + generator.normal(0.0, 0.3, 40)


def _logistic_data() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(8)
    X = generator.normal(0.0, 1.0, (40, 2))
    return X, (X @ np.array([2.0, -1.0]) + generator.normal(0.0, 0.5, 40) > 0).astype(np.float64)


def _bigram_data() -> tuple[np.ndarray, int]:
    vocab = sorted(set(DEMO_TEXT))
    return np.array([vocab.index(char) for char in DEMO_TEXT], dtype=np.int64), len(vocab)


@dataclass(frozen=True)
class CurveSpec:
    """One training call whose losses are worth seeing: the function, its inputs, where the losses are."""

    function: str
    inputs: Callable[[], tuple]
    kwargs: dict
    part: int  # index of the losses in the returned tuple
    parts: int


CURVES: dict[str, list[CurveSpec]] = {
    "ex07_training_loop": [
        CurveSpec("fit_linear_regression", _linear_data, {"lr": 0.05, "epochs": 60}, 2, 3),
        CurveSpec("fit_logistic_regression", _logistic_data, {"lr": 0.5, "epochs": 60}, 2, 3),
    ],
    "ex09_language_model": [
        CurveSpec("train_bigram", _bigram_data, {"lr": 1.0, "epochs": 60}, 1, 2),
    ],
}


@dataclass
class Curve:
    """The losses of one training call: the student's (or why there are none) and the reference's."""

    function: str
    epochs: int
    student: list[float] | None
    reference: list[float] | None
    problem: Text | None = None


def has_curves(exercise_id: str) -> bool:
    return exercise_id in CURVES


@contextmanager
def sandboxed_student(exercise: Exercise, submission: Path, limits: SandboxLimits | None = None
                      ) -> Iterator[Student | None]:
    """The student's module for `exercise`, loaded in a sandbox (None when it does not import)."""
    with Sandbox(limits or SandboxLimits()) as sandbox:
        src, _ = sandbox.stage(submission)
        process = sandbox.open(src, exercise.id, exercise.functions)
        try:
            imported = process.last_import or {}
            yield Student(process, exercise.id) if "raised" not in imported else None
        finally:
            process.close()


def checked_reference(submission: Path) -> Reference:
    """The reference solutions, refused when the student could have written them (they run in this process)."""
    solutions = solutions_dir()
    check_reference(solutions, submission)
    return Reference(solutions)


def student_values(student: Student | None, compute: Callable[[Student], list[float]]
                   ) -> tuple[list[float] | None, Text | None]:
    """The student's values from `compute`, or None and why not (no import, an exception, a wrong return)."""
    if student is None:
        return None, Text(en="the file does not import", zh="文件无法导入")
    try:
        return compute(student), None
    except StudentRaised as raised:
        return None, raised.describe()
    except (CheckFailed, MissingFunction) as failed:
        return None, failed.message
    except WorkerFailed as failure:
        return None, Text(en=str(failure), zh=str(failure))


def reference_values(compute: Callable[[], list[float]]) -> list[float] | None:
    """The reference's values from `compute`, or None where there is no reference (a student release)."""
    try:
        return compute()
    except ReferenceUnavailable:
        return None


def collect_curves(exercise: Exercise, submission: Path, reference: Reference,
                   limits: SandboxLimits | None = None) -> list[Curve]:
    """Run the exercise's training calls on the student's code (sandboxed) and on the reference."""
    specs = CURVES.get(exercise.id, [])
    if not specs:
        return []
    with sandboxed_student(exercise, submission, limits) as student:
        return [_one_curve(spec, student, reference, exercise.id) for spec in specs]


def _one_curve(spec: CurveSpec, student: Student | None, reference: Reference, exercise_id: str) -> Curve:
    args = spec.inputs()
    curve = Curve(spec.function, int(spec.kwargs["epochs"]), None, None)
    curve.reference = reference_values(lambda: [
        float(value) for value in
        np.asarray(reference.bound(exercise_id).call(spec.function, *args, **spec.kwargs)[spec.part], dtype=np.float64)])
    curve.student, curve.problem = student_values(student, lambda student: [
        float(value) for value in
        student.call(spec.function, *args, **spec.kwargs).parts(spec.parts)[spec.part].sequence()])
    return curve


def sparkline(values: list[float], low: float, high: float, width: int = 40) -> str:
    """The values as block characters between `low` and `high`, resampled to at most `width` columns."""
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0:
        return ""
    if data.size > width:
        data = data[np.linspace(0, data.size - 1, width).round().astype(int)]
    span = high - low
    marks = []
    for value in data:
        if not np.isfinite(value):
            marks.append("!")
            continue
        level = 0 if span <= 0 else int(round((min(max(value, low), high) - low) / span * (len(BLOCKS) - 1)))
        marks.append(BLOCKS[level])
    return "".join(marks)


def curve_lines(curve: Curve, lang: Lang, width: int = 40) -> list[str]:
    """A few lines of text: the student's sparkline above the reference's, on the same scale."""
    series = [values for values in (curve.student, curve.reference) if values]
    finite = [value for values in series for value in values if np.isfinite(value)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    title = Text(en=f"loss curve of {curve.function} ({curve.epochs} epochs)",
                 zh=f"{curve.function} 的损失曲线（{curve.epochs} 轮）")(lang)
    lines = [title]
    labels = (Text(en="yours", zh="你的"), Text(en="reference", zh="参考"))
    for label, values in zip(labels, (curve.student, curve.reference)):
        name = label(lang) + " " * max(1, 11 - cell_len(label(lang)))  # CJK characters are two cells wide
        if values:
            lines.append(f"  {name}{sparkline(values, low, high, width)}  {values[0]:.4g} → {values[-1]:.4g}")
        elif label is labels[0] and curve.problem is not None:
            lines.append(f"  {name}{curve.problem(lang)}")
    return lines


def curve_panels(curves: list[Curve]) -> list[Panel]:
    """Each training curve as a panel of the figure: the student's losses against the reference's."""
    panels = []
    for curve in curves:
        series = [Series(label, list(range(len(values))), values, kind)
                  for label, values, kind in (("yours", curve.student, "yours"),
                                              ("reference", curve.reference, "reference")) if values]
        problem = curve.problem if curve.student is None else None
        panels.append(Panel(curve.function, "epoch", "loss", series, problem))
    return panels


def write_plot(curves: list[Curve], target: Path, lang: Lang) -> None:
    """A matplotlib figure of every curve (the student's solid, the reference's dashed)."""
    write_figure(curve_panels(curves), target)
