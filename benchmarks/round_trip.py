"""What one call of a student's function costs, with the grader and the worker on one CPU or on two: a section of RESULTS.md.

Run with `python benchmarks/round_trip.py [--calls N] [--repeats N]`. One sandbox server, one exercise
(the reference `mse` on 5 numbers, so that the call itself is nothing); each sample times N calls from the
grading process, in three placements interleaved: wherever the scheduler puts the two processes (as the
grader ran before grader/sandbox/affinity.py), both on one CPU (as a lane runs now), and on two different
CPUs. Reported: wall time and the grading process's CPU time per call.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, write_section  # noqa: E402

sys.path.insert(0, str(ROOT))
import numpy as np  # noqa: E402

from grader.sandbox.pool import Sandbox, SandboxLimits  # noqa: E402
from grader.student import Student  # noqa: E402

TITLE = "Round trip of one call: one CPU or two"
PLACEMENTS = ("unpinned", "one CPU", "two CPUs")


def sample(sandbox: Sandbox, src: Path, placement: str, calls: int) -> tuple[float, float]:
    cpus = sorted(os.sched_getaffinity(0))
    sandbox.cpu = None if placement == "unpinned" else cpus[-1] if placement == "two CPUs" else cpus[0]
    before = set(cpus)
    if placement != "unpinned":
        os.sched_setaffinity(0, {cpus[0]})
    try:
        process = sandbox.open(src, "ex01_mse", ["mse"])
        student = Student(process, "ex01_mse")
        y_pred, y_true = np.arange(5.0), np.ones(5)
        for _ in range(50):  # warm: the first calls fault pages in
            student.call("mse", y_pred, y_true)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(calls):
            student.call("mse", y_pred, y_true)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        process.close()
    finally:
        os.sched_setaffinity(0, before)
    return wall / calls, cpu / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    arguments = parser.parse_args()
    if len(os.sched_getaffinity(0)) < 2:
        sys.exit("round_trip.py needs two CPUs to compare one CPU with two")
    results: dict[str, list[tuple[float, float]]] = {placement: [] for placement in PLACEMENTS}
    with tempfile.TemporaryDirectory() as scratch, Sandbox(SandboxLimits(timeout=60)) as sandbox:
        submission = Path(scratch) / "student"
        submission.mkdir()
        (submission / "ex01_mse.py").write_bytes((ROOT / "solutions" / "ex01_mse.py").read_bytes())
        src, _ = sandbox.stage(submission)
        for _ in range(arguments.repeats):
            for placement in PLACEMENTS:
                results[placement].append(sample(sandbox, src, placement, arguments.calls))
    lines = [f"## {TITLE}", "",
             f"Written by `python benchmarks/round_trip.py --calls {arguments.calls} --repeats {arguments.repeats}` on "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: one call of `mse` on 5 numbers from the grading "
             "process to its exercise's worker and back, medians over the samples (interleaved).", "",
             "| placement | wall ms a call | grader's CPU ms a call |", "|---|---|---|"]
    for placement in PLACEMENTS:
        walls = [wall for wall, _ in results[placement]]
        cpus = [cpu for _, cpu in results[placement]]
        lines.append(f"| {placement} | {statistics.median(walls) * 1e3:.3f} | {statistics.median(cpus) * 1e3:.3f} |")
    section = "\n".join(lines)
    print(section)
    write_section(TITLE, section)


if __name__ == "__main__":
    main()
