"""Each exercise's figure of its losses (Huber vs MSE and MAE, -log p, validation and training curves)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from rich.console import Console
from rich.markup import escape

from grader.catalog import Exercise
from grader.curves import (CURVES, checked_reference, collect_curves, curve_panels, reference_values,
                           sandboxed_student, student_values)
from grader.reference import Reference
from grader.sandbox.pool import SandboxLimits
from grader.student import Student
from grader.student_tools.drawing import Panel, Series, write_figure
from grader.text import Lang, Text

ERRORS = np.linspace(-3.0, 3.0, 121)
PROBABILITIES = np.linspace(0.01, 0.99, 99)
DEGREES = list(range(0, 12))


def _huber_panels(student: Student | None, reference: Reference) -> list[Panel]:
    argsets = [((np.array([error]), np.array([0.0])), {"delta": 1.0}) for error in ERRORS]
    yours, problem = student_values(student, lambda student: [
        returned.scalar() for returned in student.call_many("huber", argsets)])
    ref = reference_values(lambda: [float(reference.bound("ex03_huber").call("huber", *args, **kwargs))
                                    for args, kwargs in argsets])
    errors = list(ERRORS)
    series = [Series("MSE: e²", errors, list(ERRORS ** 2), "context", "tab:red"),
              Series("MAE: |e|", errors, list(np.abs(ERRORS)), "context", "tab:green")]
    series += [Series("reference Huber (δ = 1)", errors, ref, "reference")] if ref else []
    series += [Series("your huber (δ = 1)", errors, yours, "yours", "tab:blue")] if yours else []
    return [Panel("Huber against MSE and MAE", "error e = ŷ - y", "loss", series, problem, ylim=(0.0, 4.0))]


def _cross_entropy_panels(student: Student | None, reference: Reference) -> list[Panel]:
    # Two classes whose softmax gives the true class (0) the probability p: the loss is then -log p.
    argsets = [((np.log(np.array([[p, 1.0 - p]])), np.array([0])), {}) for p in PROBABILITIES]
    yours, problem = student_values(student, lambda student: [
        returned.scalar() for returned in student.call_many("cross_entropy", argsets)])
    ref = reference_values(lambda: [float(reference.bound("ex05_cross_entropy").call("cross_entropy", *args))
                                    for args, _ in argsets])
    probabilities = list(PROBABILITIES)
    series = [Series("reference: -log p", probabilities, ref, "reference")] if ref else []
    series += [Series("your cross_entropy", probabilities, yours, "yours", "tab:blue")] if yours else []
    return [Panel("Cross-entropy: -log p of the true class", "p given to the true class", "loss", series,
                  problem, ylim=(0.0, 5.0))]


def _validation_data() -> tuple[np.ndarray, ...]:
    generator = np.random.default_rng(11)
    x_train, x_val = np.sort(generator.uniform(-1, 1, 14)), np.sort(generator.uniform(-1, 1, 40))
    truth = lambda x: np.sin(2.5 * x)  # noqa: E731 - the curve the noisy points come from
    return (x_train, truth(x_train) + generator.normal(0, 0.2, x_train.size),
            x_val, truth(x_val) + generator.normal(0, 0.2, x_val.size))


def _validation_panels(student: Student | None, reference: Reference) -> list[Panel]:
    data = _validation_data()
    yours: dict[str, list[float]] = {}

    def your_curves(student: Student) -> list[float]:
        train, val = student.call("validation_curve", *data, DEGREES).parts(2)
        yours["train"], yours["val"] = [float(v) for v in train.sequence()], [float(v) for v in val.sequence()]
        return yours["val"]

    _, problem = student_values(student, your_curves)
    ref = reference_values(lambda: [
        [float(value) for value in part]
        for part in reference.bound("ex08_overfitting").call("validation_curve", *data, DEGREES)])
    series = []
    if ref:
        series += [Series("reference: training", DEGREES, ref[0], "reference"),
                   Series("reference: validation", DEGREES, ref[1], "reference", "dimgrey")]
    if yours:
        series += [Series("your training MSE", DEGREES, yours["train"], "yours", "tab:blue"),
                   Series("your validation MSE", DEGREES, yours["val"], "yours", "tab:orange")]
    return [Panel("Training and validation MSE by degree", "polynomial degree", "MSE (log scale)",
                  series, problem, log_y=True)]


FIGURES: dict[str, Callable[[Student | None, Reference], list[Panel]]] = {
    "ex03_huber": _huber_panels,
    "ex05_cross_entropy": _cross_entropy_panels,
    "ex08_overfitting": _validation_panels,
}


def has_figure(exercise_id: str) -> bool:
    return exercise_id in FIGURES or exercise_id in CURVES


def with_figures() -> list[str]:
    """The exercises that have a figure, in course order."""
    return sorted([*FIGURES, *CURVES])


def exercise_panels(exercise: Exercise, submission: Path, limits: SandboxLimits | None = None) -> list[Panel]:
    """The exercise's figure: the student's functions called in the sandbox, the reference's shape beside them."""
    reference = checked_reference(submission)
    if exercise.id in CURVES:
        return curve_panels(collect_curves(exercise, submission, reference, limits))
    with sandboxed_student(exercise, submission, limits) as student:
        return FIGURES[exercise.id](student, reference)


def plot_for_check(exercise: Exercise, submission: Path, console: Console, lang: Lang,
                   limits: SandboxLimits | None, target: Path) -> None:
    """`grader check --plot FILE` for an exercise without training curves: its figure, or why there is none."""
    if not has_figure(exercise.id):
        names = ", ".join(name[:4] for name in with_figures())
        console.print(Text(en=f"\n  no figure: {exercise.id} has no loss curve to draw (these do: {names})",
                           zh=f"\n  未生成图：{exercise.id} 没有可画的损失曲线（有曲线的练习：{names}）")(lang))
        return
    write_figure(exercise_panels(exercise, submission, limits), target)
    console.print(Text(en=f"\n  figure written to {escape(str(target))}", zh=f"\n  图已写入 {escape(str(target))}")(lang))
