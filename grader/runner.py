"""Grading: run each exercise's hidden checks against a submission, in a sandbox, into a Report."""

from __future__ import annotations

import importlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Sequence

from grader.catalog import Exercise, load_catalog
from grader.errors import GraderError
from grader.grading.held_out import HeldOut
from grader.grading.lanes import run_in_lanes
from grader.grading.plugin import VERDICTS, CaseOutcome, HeldOutFailed, verdict_text
from grader.grading.session import GradingSession, run_checks
from grader.paths import check_reference, solutions_dir
from grader.reference import Reference
from grader.report import CheckResult, ExerciseResult, HeldOutRun, Limits, QuizResult, Report
from grader.sandbox.pool import Sandbox, SandboxLimits, WorkerFailed
from grader.sandbox.spawn import lane_count
from grader.student import Student, StudentRaised
from grader.text import Lang, Text


# The item of grade_submission's lanes that grades the quizzes (the others are exercises).
QUIZZES = "quizzes"


@dataclass
class GradeOptions:
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    lang: Lang = "en"
    exercises: Sequence[str] | None = None  # ids to grade; None for all
    quizzes: bool = True
    reference: Reference | None = None
    held_out_secret: str | None = None  # run held-out cases, drawn from this secret and the student's id
    show_held_out_expected: bool = False
    # Exercises graded at once (grader.grading.lanes), None: one per core. 1 where the caller's reference
    # gathers state in this process (a recording of the reference's values): lanes are forked processes.
    lanes: int | None = None


def checks_module(exercise: Exercise) -> ModuleType:
    return importlib.import_module(f"grader.checks.{exercise.id}")


def _failed_everywhere(exercise: Exercise, message: str, lang: Lang) -> list[CheckResult]:
    return [CheckResult(name=spec.name, title=spec.title(lang), passed=False, points=0, max_points=spec.points,
                        message=message) for spec in exercise.checks]


def grade_exercise(exercise: Exercise, sandbox: Sandbox, src: Path, submission: Path,
                   reference: Reference, lang: Lang, checks: GradingSession | None = None,
                   held_out: HeldOut | None = None) -> ExerciseResult:
    """Run one exercise's checks in a fresh worker; a dead worker means 0 for this exercise only.

    `checks` is the pytest session to run them in; without one, a session is started for this exercise.
    Held-out cases run only with `held_out` (and a reference that is the solutions, not recorded values).
    """
    if checks is None:
        return run_checks(lambda session: grade_exercise(exercise, sandbox, src, submission, reference, lang,
                                                         session, held_out), [exercise.id])
    started = time.perf_counter()
    result = dict(id=exercise.id, title=exercise.title(lang), max_score=exercise.max_score, score=0)
    if not (submission / exercise.filename).is_file():
        reason = Text(en=f"{exercise.filename} not found in {submission}", zh=f"在 {submission} 中找不到 {exercise.filename}")(lang)
        return ExerciseResult(**result, status="missing", reason=reason,
                              checks=_failed_everywhere(exercise, reason, lang))
    try:
        process = sandbox.open(src, exercise.id, exercise.functions)
    except WorkerFailed as failure:
        reason = f"{exercise.filename} {failure}"
        return ExerciseResult(**result, status="error", reason=reason, checks=_failed_everywhere(exercise, reason, lang),
                              seconds=time.perf_counter() - started)
    try:
        imported = process.last_import or {}
        if "raised" in imported:
            raised = StudentRaised(f"import {exercise.id}", imported["raised"])
            # str(SyntaxError) already ends with "(file, line N)": do not say it twice
            where = raised.where if raised.where and raised.where not in raised.detail else ""
            reason = Text(en=f"{exercise.filename} could not be imported: {raised.type}: {raised.detail}"
                             f"{f' ({where})' if where else ''}",
                          zh=f"无法导入 {exercise.filename}：{raised.type}: {raised.detail}"
                             f"{f'（{where}）' if where else ''}")(lang)
            return ExerciseResult(**result, status="error", reason=reason, output=process.output(),
                                  checks=_failed_everywhere(exercise, reason, lang),
                                  seconds=time.perf_counter() - started)
        results, aborted, not_implemented = _run_checks(exercise, Student(process, exercise.id),
                                                        reference, lang, checks, held_out)
        result["output"] = process.output()
    finally:
        process.close()
    seconds = time.perf_counter() - started
    if aborted:
        reason = f"{exercise.filename} {aborted}"
        for check in results:
            check.passed, check.points = False, 0
            check.message = check.message or reason
        return ExerciseResult(**result, status="error", reason=reason, checks=results, seconds=seconds)
    score = sum(check.points for check in results)
    if score == exercise.max_score:
        status = "passed"
    elif score == 0 and not_implemented == len(results):
        status = "not_implemented"
    else:
        status = "failed"
    reason = Text(en="not implemented", zh="尚未实现")(lang) if status == "not_implemented" else ""
    result["score"] = score
    return ExerciseResult(**result, status=status, reason=reason, checks=results, seconds=seconds)


def _run_checks(exercise: Exercise, student: Student, reference: Reference, lang: Lang,
                checks: GradingSession, held_out: HeldOut | None = None) -> tuple[list[CheckResult], str, int]:
    """The exercise's checks as pytest runs them, one CheckResult per catalog check (its cases together)."""
    by_check: dict[str, list[CaseOutcome]] = {}
    for outcome in checks.run(exercise.id, student, reference.bound(exercise.id), lang, held_out):
        by_check.setdefault(outcome.check, []).append(outcome)
    results: list[CheckResult] = []
    aborted = ""
    not_implemented = 0
    for spec in exercise.checks:
        entry = CheckResult(name=spec.name, title=spec.title(lang), passed=False, points=0, max_points=spec.points)
        results.append(entry)
        cases = by_check.get(spec.name)
        if aborted:
            entry.message = f"{exercise.filename} {aborted}"
            continue
        if cases is None:
            entry.message = f"internal error: grader/checks/{exercise.id}.py has no test_{spec.name}"
            continue
        held = [case for case in cases if case.held_out]
        if held:
            entry.held_out = "not_run" if all(case.skipped for case in held) else \
                "failed" if any(case.error is not None for case in held) else "passed"
        cases = [case for case in cases if not case.skipped]
        failed = [case for case in cases if not case.passed]
        if not failed:
            entry.passed, entry.points = True, spec.points
            advice = [case.advice(lang) for case in cases if isinstance(case.advice, Text)]
            if advice:
                entry.advice = "\n".join(advice)
            continue
        first = failed[0]
        error = first.error
        if first.held_out:
            label = "" if isinstance(error, HeldOutFailed) else Text(en="held-out case: ", zh="保留测试用例：")(lang)
        else:
            label = f"[{first.case}] " if first.case and len(cases) > 1 else ""
        if isinstance(error, WorkerFailed):
            aborted = str(error)
            entry.message = f"{exercise.filename} {error}"
        elif isinstance(error, VERDICTS):
            entry.message = label + verdict_text(error, lang)
            not_implemented += isinstance(error, StudentRaised) and error.not_implemented
        else:  # a bug in a check must cost that check only, and be visible
            entry.message = f"internal error in check {spec.name}: {type(error).__name__}: {error}"
            print(f"grader: internal error in {exercise.id}.{spec.name}: {error!r}", file=sys.stderr)
    return results, aborted, not_implemented


def grade_submission(submission: Path, options: GradeOptions | None = None) -> Report:
    """Grade every exercise (and the quizzes) of one submission folder; always a complete report."""
    options = options or GradeOptions()
    started = time.perf_counter()
    if not submission.exists():
        raise GraderError(f"{submission}: no such folder")
    if not submission.is_dir():
        raise GraderError(f"{submission}: not a folder (give the folder that holds the exercise files)")
    catalog = load_catalog()
    selected = [exercise for exercise in catalog if options.exercises is None or exercise.id in options.exercises]
    reference = options.reference  # a caller passing its own reference has checked where it comes from
    if reference is None:
        solutions = solutions_dir()
        check_reference(solutions, submission)
        reference = Reference(solutions)
    held_out = held_out_for(options, submission, reference)
    with Sandbox(options.limits) as sandbox:
        src, warnings = sandbox.stage(submission)
        # Every lane but the first has a connection of its own to the same sandbox server (and the same
        # staged files); a lane has at least two exercises to grade, or its fork would cost more than it saves.
        lanes = [(sandbox, src)]
        try:
            for lane in range(1, min(options.lanes or lane_count(), len(selected) // 2)):
                lanes.append((sandbox.attach(lane), src))

            def grade_item(item: Exercise | str, lane: int, checks: GradingSession) -> Any:
                if item == QUIZZES:  # the quizzes' results and the warnings their answers gave (a lane is a fork)
                    found: list[str] = []
                    return grade_quizzes(submission, options.lang, found), found
                return grade_exercise(item, lanes[lane][0], lanes[lane][1], submission, reference, options.lang,
                                      checks, held_out)

            # The quizzes are one more item for the lanes, graded while another lane grades an exercise. Lanes
            # take items from the end of the list: the three exercises that train models first, then the
            # quizzes (about 0.1 s), then the short ones, which even out the lanes' ends.
            items: list[Exercise | str] = [*selected[:-3], QUIZZES, *selected[-3:]] if options.quizzes \
                else list(selected)
            # Once a lane is forked, its connection to the server is closed here: if that lane dies, the
            # server sees the connection end rather than wait on it, and this process grades what it left.
            graded = run_checks(lambda checks: run_in_lanes(
                items, lambda item, lane: grade_item(item, lane, checks), len(lanes),
                budget=options.limits.timeout * len(selected), forked=lambda lane: lanes[lane][0].close()),
                [exercise.id for exercise in selected])
        finally:
            for extra, _ in lanes[1:]:
                extra.close()
        isolation = sandbox.isolation()
    quizzes: list[QuizResult] = []
    if options.quizzes:
        at = items.index(QUIZZES)
        quizzes, quiz_warnings = graded.pop(at)
        warnings.extend(quiz_warnings)
    results: list[ExerciseResult] = graded
    score = sum(result.score for result in results) + sum(quiz.score for quiz in quizzes)
    max_score = sum(result.max_score for result in results) + sum(quiz.max_score for quiz in quizzes)
    return Report(
        submission=str(submission), score=round(score, 6), max_score=round(max_score, 6),
        exercises=results, quizzes=quizzes, lang=options.lang,
        limits=Limits(timeout_seconds=options.limits.timeout, memory_bytes=options.limits.memory,
                      isolation=isolation.layers, warnings=isolation.warnings),
        seconds=round(time.perf_counter() - started, 3), warnings=warnings, held_out=held_out_run(held_out),
    )


def held_out_for(options: GradeOptions, submission: Path, reference: Reference) -> HeldOut | None:
    """This submission's held-out cases, if the options ask for them; they need the solutions, not recorded values."""
    if options.held_out_secret is None:
        return None
    if reference.solutions is None:
        raise GraderError("held-out cases need the reference solutions (--solutions): a student release has only "
                          "the values recorded for the public cases")
    return HeldOut.for_submission(options.held_out_secret, submission, options.show_held_out_expected)


def held_out_run(held_out: HeldOut | None) -> HeldOutRun | None:
    if held_out is None:
        return None
    return HeldOutRun(student_id=held_out.student_id, student_id_source=held_out.student_id_source,
                      secret_fingerprint=held_out.fingerprint)


def grade_quizzes(submission: Path, lang: Lang, warnings: list[str]) -> list[QuizResult]:
    from grader.quiz.scoring import grade_quizzes as score_answers

    return score_answers(submission, lang, warnings=warnings)
