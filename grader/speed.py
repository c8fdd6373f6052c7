"""The speed check: how many times slower the student's loss is than a vectorised one, on 10^6 elements.

Both functions run in children of the same sandboxed worker server on the same arrays (generated
there, before the clock starts) and are timed from the trusted process, so both pay the same
overheads and the ratio means what it says. The baseline runs in a clean child that never imported
the submission, while the student's exercise is paused: student code can neither patch it nor
compete with it for the processor, so the speed point cannot be bought by slowing the baseline. A Python loop over a million elements is tens to hundreds of times slower
than numpy's vectorised arithmetic; a vectorised solution written differently is within a few times.
A first run on 10^4 elements screens: only a function already several times slower there is timed
on 10^6 elements (so the ratio it is told is the one at 10^6), and a vectorised one costs ~2 ms.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.expect import close
from grader.reference import BoundReference
from grader.sandbox.wire import Gen
from grader.student import CheckFailed, Student
from grader.text import Text

SIZE = 1_000_000
PROBE_SIZE = 10_000
ADVISE_AT = 5.0  # slower than this many times the vectorised baseline: advice, no points lost
# This many times slower or more: the check fails. A loop calling numpy on every element is ~600x
# (projected from 10^4 elements past the budget: over 1000x); a plain Python loop is ~25-30x on a quiet
# machine but was measured at up to ~90x with the two cores busy (a 300 ms call is preempted many
# times, a 4 ms baseline often not at all), so 150 fails the first and never the second.
FAIL_AT = 150.0
BUDGET_SECONDS = 2.5  # a full-size run projected to take longer is not run: the probe says enough
REPEATS = 3
SCREEN_AT = 3.0  # at PROBE_SIZE, slower than this many times the baseline: measure on SIZE elements
OVERHEAD_SLACK, OVERHEAD_FREE = 2.0, 0.001  # a student's round trip may cost this much more than the clean child's
FAST_AND_RIGHT = Text(en="speed counts only for a right value: fix the checks above first",
                      zh="只有结果正确时速度才有意义：请先修复上面的检查")


@dataclass(frozen=True)
class Speed:
    """The outcome of one measurement."""

    ratio: float
    student_seconds: float
    baseline_seconds: float
    size: int
    projected: bool = False  # the student's time is extrapolated from PROBE_SIZE elements


def _inputs(size: int, seed: int) -> tuple[Gen, Gen]:
    # Uniform draws: generating 2 x 10^6 normal ones took ~45 ms per call, longer than what is timed.
    return Gen("uniform", seed, (size,)), Gen("uniform", seed + 1, (size,))


@functools.lru_cache(maxsize=2)
def _arrays(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    y_pred, y_true = (generator.materialize() for generator in _inputs(size, seed))
    return y_pred, y_true


def _timed(student: Student, function: str, size: int, seed: int, repeats: int = 1,
           ref: Any = None) -> list[tuple[float, float]]:
    """(seconds, overhead) of `repeats` timed calls (see Student.timed_call); the value must be right too
    (fast and wrong is not fast) where the reference can compute it: a release has no code for inputs drawn
    afresh, and there the other checks judge the value."""
    samples = []
    for _ in range(repeats):
        returned, seconds, overhead = student.timed_call(function, *_inputs(size, seed))
        samples.append((seconds, overhead))
    if isinstance(ref, BoundReference):
        close(returned, ref.call(function, *_arrays(size, seed)), rtol=1e-7, atol=1e-12, hint=FAST_AND_RIGHT)
    elif not function.startswith("baseline."):
        returned.scalar()  # still a number: a stub or a crash says so here
    return samples


def _charged(samples: list[tuple[float, float]], baseline_overhead: float) -> float:
    """The student's best time, charged with the part of its round trip that the clean child did not need.

    A patched worker can say "done" before it computes, or compute before it says "ready" (a Python loop
    then looked as fast as numpy): that time is in the overhead. Twice the clean child's overhead and a
    millisecond are free, so that an honest call on a busy machine is not charged for noise.
    """
    return min(seconds + max(0.0, overhead - OVERHEAD_SLACK * baseline_overhead - OVERHEAD_FREE)
               for seconds, overhead in samples)


def _baseline(student: Student, function: str, size: int, seed: int) -> tuple[float, float]:
    """The course's vectorised `function`, timed in a clean child while the student's exercise is stopped:
    its best time and its least overhead."""
    with student.process.paused():
        clean = student.process.sandbox.open_clean()
        try:
            samples = _timed(Student(clean, "baseline"), f"baseline.{function}", size, seed, REPEATS)
        finally:
            clean.close()
    return min(seconds for seconds, _ in samples), min(overhead for _, overhead in samples)


def measure(student: Student, function: str, seed: int | None = None, ref: Any = None) -> Speed:
    """Time the student's `function(y_pred, y_true)` against `baseline.<function>` on SIZE elements.

    The inputs are drawn afresh for each measurement (a fixed seed let a submission compute the
    answer at import, outside any timed call).
    """
    seed = secrets.randbelow(1 << 30) if seed is None else seed
    probe_samples = _timed(student, function, PROBE_SIZE, seed, ref=ref)  # first: a stub, a crash or a wrong value stops here
    probe_baseline, probe_overhead = _baseline(student, function, PROBE_SIZE, seed)
    probe = _charged(probe_samples, probe_overhead)
    if probe < SCREEN_AT * probe_baseline:
        # Vectorised code is as fast as the baseline at any size (at 10^4 elements both take about one
        # round trip), while a loop is already tens of times slower: only a suspect gets the full run,
        # so a correct solution pays ~2 ms here instead of ~150 ms.
        return Speed(probe / probe_baseline, probe, probe_baseline, PROBE_SIZE)
    baseline, overhead = _baseline(student, function, SIZE, seed)
    projected = probe * SIZE / PROBE_SIZE
    if projected > BUDGET_SECONDS:
        return Speed(projected / baseline, projected, baseline, SIZE, projected=True)
    seconds = _charged(_timed(student, function, SIZE, seed, ref=ref), overhead)
    if seconds / baseline >= ADVISE_AT and seconds < 1.0:
        # Before calling it slow, rule out a hiccup of a busy machine with the best of a few runs.
        seconds = min(seconds, _charged(_timed(student, function, SIZE, seed, REPEATS - 1, ref), overhead))
    return Speed(seconds / baseline, seconds, baseline, SIZE)


def speed_verdict(speed: Speed, function: str, idiom: str) -> Text | None:
    """None when fast enough; advice (no points lost) when slow; a failed check at FAIL_AT times or more."""
    if speed.ratio < ADVISE_AT:
        return None
    times = f"{speed.ratio:.0f}"
    how = (f"{speed.student_seconds * 1000:.0f} ms against {speed.baseline_seconds * 1000:.1f} ms on "
           f"{speed.size:,} elements{' (estimated from a smaller run)' if speed.projected else ''}")
    how_zh = (f"{speed.size:,} 个元素上 {speed.student_seconds * 1000:.0f} 毫秒对 {speed.baseline_seconds * 1000:.1f} 毫秒"
              f"{'（由较小规模的运行估算）' if speed.projected else ''}")
    advice = Text(
        en=f"{function} is {times} times slower than the vectorised reference ({how}): a Python loop over the "
           "elements pays the interpreter's overhead for each one; let numpy do whole-array arithmetic "
           f"({idiom}) in compiled code",
        zh=f"{function} 比向量化的参考实现慢 {times} 倍（{how_zh}）：对元素逐个做 Python 循环，每个元素都要付出解释器的开销；"
           f"请让 numpy 在编译代码中做整个数组的运算（{idiom}）")
    if speed.ratio >= FAIL_AT:
        raise CheckFailed(Text(en=f"{advice.en} (the check fails at {FAIL_AT:.0f} times or more)",
                               zh=f"{advice.zh}（慢 {FAIL_AT:.0f} 倍及以上时此检查不通过）"))
    return advice
