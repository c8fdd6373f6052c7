"""Mutation testing of the checks: mutate each reference solution, grade every mutant, list the survivors.

`python benchmarks/mutation/run.py` runs every exercise, smallest first; `--module ex03_huber` one of them.
Each exercise's survivors file and the summary are written as soon as that exercise is done.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import snapshot
import summary
import survivors
from sessions import EXERCISE_TIMEOUT, Session

WORK = Path(__file__).resolve().parent / "work"


def run_folder(now: datetime) -> Path:
    """This run's own folder: owners rerun their exercises while a full run goes on, and must not share a copy."""
    folder = WORK / f"{now:%Y%m%d-%H%M%S}-{os.getpid()}"
    folder.mkdir(parents=True)
    return folder


def exercises() -> list[str]:
    return sorted(path.stem for path in (snapshot.ROOT / "solutions").glob("ex*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=exercises(), metavar="ID",
                        help="only this exercise (repeatable); default: all of them")
    parser.add_argument("--worktree", action="store_true",
                        help="grade with the working tree's checks and solutions (uncommitted changes included) "
                             "instead of HEAD's")
    parser.add_argument("--timeout", type=float, default=EXERCISE_TIMEOUT,
                        help="the grader's limit per exercise and mutant, seconds; a timeout kills the mutant")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    work = run_folder(now)
    course = snapshot.take(work / "course", worktree=arguments.worktree)
    todo = [Session(exercise, course, work) for exercise in arguments.module or exercises()]
    sizes = {session.exercise: session.init() for session in todo}
    print(f"grading at {course.label}: {sum(sizes.values())} mutants "
          + ", ".join(f"{name} {count}" for name, count in sorted(sizes.items(), key=lambda pair: pair[1])),
          flush=True)
    failures = 0
    for session in sorted(todo, key=lambda session: sizes[session.exercise]):  # the owners wait: small first
        begun = time.perf_counter()
        when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        try:
            session.execute(arguments.timeout)
        except (RuntimeError, subprocess.TimeoutExpired) as error:  # the grader failed: say so, do the others
            print(f"{session.exercise}: not graded: {error}", file=sys.stderr, flush=True)
            failures += 1
            continue
        outcome = survivors.collect(session)
        path = survivors.write_survivors(session, outcome, course.label)
        summary.record(session.exercise, outcome, course.label, when, time.perf_counter() - begun)
        counts = outcome.counts()
        print(f"{session.exercise}: {counts['killed']} killed, {counts['survived']} survived, "
              f"{counts['equivalent']} equivalent, {counts['errors']} errors of {counts['total']} "
              f"in {time.perf_counter() - begun:.0f} s -> {path.relative_to(snapshot.ROOT)}", flush=True)
    seconds = time.perf_counter() - started
    command = " ".join(["python benchmarks/mutation/run.py", *(argv if argv is not None else sys.argv[1:])])
    summary.write_benchmarks_section(command, f"{now:%Y-%m-%d %H:%M UTC}", seconds, course.label)
    print(f"done in {seconds:.0f} s; cosmic-ray's sessions in {work.relative_to(snapshot.ROOT)}; "
          f"summary: {summary.SUMMARY.relative_to(snapshot.ROOT)} and {summary.BENCHMARKS.relative_to(snapshot.ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
