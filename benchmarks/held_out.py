"""What held-out cases and the checks' pytest session cost: prints a Markdown section for RESULTS.md.

Run with `python benchmarks/held_out.py [--repeats N]`. Whole commands run as separate processes, interleaved
round-robin (shared machine), in this checkout: `grade solutions` and a 20-submission `grade-all`, each with
and without held-out cases, and `grade solutions` in one lane as well as one per core (`--baseline REV` adds
`grade solutions` at that revision); then pytest's own start-up, in fresh interpreters and inside one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from run import BATCH_FOR_BASELINE, ENV, GRADER, PYTHON, ROOT, make_class, timed, write_section  # noqa: E402
from grader.sandbox.spawn import lane_count  # noqa: E402

TITLE = "Held-out cases and the checks' pytest session"
FLOOR = "floor: python -c 'import numpy'"
PUBLIC = "grade solutions, public cases"
HELD = "grade solutions, public and held-out cases"
ONE_LANE = "grade solutions, public cases, one lane (LOSS_COMPASS_LANES=1)"
HELD_ONE_LANE = "grade solutions, public and held-out cases, one lane"
BATCH_PUBLIC = f"grade-all {BATCH_FOR_BASELINE} submissions, 2 jobs, public cases"
BATCH_HELD = f"grade-all {BATCH_FOR_BASELINE} submissions, 2 jobs, public and held-out (the default)"


def bench_commands(repeats: int, baseline: str | None) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        make_class(Path(scratch) / "class", BATCH_FOR_BASELINE)
        tree = Path(scratch) / "baseline"
        if baseline:
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), baseline], cwd=ROOT, check=True,
                           capture_output=True)
        try:
            return _bench(repeats, baseline, Path(scratch), tree)
        finally:
            if baseline:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)


def _bench(repeats: int, baseline: str | None, scratch: Path, tree: Path) -> list[str]:
    secret = {**ENV, "LOSS_COMPASS_SECRET": "benchmark secret"}
    plain = {key: value for key, value in ENV.items() if key != "LOSS_COMPASS_SECRET"}
    one_lane = {**plain, "LOSS_COMPASS_LANES": "1"}
    batch = [*GRADER, "grade-all", str(Path(scratch) / "class"), "--jobs", "2", "--force"]
    commands = {
        FLOOR: ([PYTHON, "-c", "import numpy"], plain),
        PUBLIC: ([*GRADER, "grade", "solutions", "--no-held-out"], plain),
        HELD: ([*GRADER, "grade", "solutions", "--held-out"], secret),
        ONE_LANE: ([*GRADER, "grade", "solutions", "--no-held-out"], one_lane),
        HELD_ONE_LANE: ([*GRADER, "grade", "solutions", "--held-out"], {**secret, "LOSS_COMPASS_LANES": "1"}),
        BATCH_PUBLIC: ([*batch, "--no-held-out", "--output", str(Path(scratch) / "out-public")], plain),
        BATCH_HELD: ([*batch, "--output", str(Path(scratch) / "out-held")], secret),
    }
    folders = {name: ROOT for name in commands}
    if baseline:  # `python -m grader` from a folder imports that folder's grader first
        name = f"grade solutions at {baseline}"
        commands[name], folders[name] = ([*GRADER, "grade", "solutions"], plain), tree
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for name, (command, env) in commands.items():  # warm the caches once
        _timed_env(command, env, folders[name])
    for _ in range(repeats):
        for name, (command, env) in commands.items():
            samples[name].append(_timed_env(command, env, folders[name]))
    median = {name: statistics.median(values) for name, values in samples.items()}
    lines = [f"Interleaved (n={repeats} each, medians; the ratio is to the floor measured alongside):", ""]
    for name in commands:
        lines.append(f"- `{name}`: {median[name]:.3f} s ({median[name] / median[FLOOR]:.1f}x the floor)")
    lines.append(f"- held-out cases cost {median[HELD] / median[PUBLIC]:.2f}x on `grade solutions` and "
                 f"{median[BATCH_HELD] / median[BATCH_PUBLIC]:.2f}x on `grade-all` "
                 f"({(median[BATCH_HELD] - median[BATCH_PUBLIC]) / BATCH_FOR_BASELINE * 1000:.0f} ms a submission)")
    lines.append(f"- lanes (one per core, {lane_count()} here) make `grade solutions` {median[ONE_LANE] / median[PUBLIC]:.2f}x "
                 f"faster than one lane, {median[HELD_ONE_LANE] / median[HELD]:.2f}x with held-out cases")
    return lines


def _timed_env(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=env)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr.strip()[-500:]}")
    return time.perf_counter() - started


def bench_pytest(repeats: int) -> list[str]:
    """`import pytest` in a fresh interpreter, and one in-process checks session (start, collect the 9 modules)."""
    imports = [timed([PYTHON, "-c", "import pytest"]) - timed([PYTHON, "-c", "pass"]) for _ in range(repeats)]
    session = subprocess.run([PYTHON, "-c", _SESSION_PROBE], cwd=ROOT, capture_output=True, text=True, env=ENV,
                             check=True).stdout.split()
    first, later = float(session[0]), float(session[1])
    return [f"- `import pytest` in a fresh interpreter: median {statistics.median(imports) * 1000:.0f} ms "
            "(`grader grade` and `check` pay it while the sandbox worker starts, see grader/launch.py)",
            f"- one checks session (pytest's start, collecting the 9 check modules): {first * 1000:.0f} ms the "
            f"first time in a process (the modules' imports included), median {later * 1000:.0f} ms after; "
            "`grade` starts one per command, each `grade-all` job one for all its submissions"]


_SESSION_PROBE = """
import statistics, time
from grader.grading.session import run_checks
started = time.perf_counter(); run_checks(lambda session: None); first = time.perf_counter() - started
later = []
for _ in range(10):
    started = time.perf_counter(); run_checks(lambda session: None); later.append(time.perf_counter() - started)
print(first, statistics.median(later))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline", metavar="REV", help="also time `grade solutions` at this git revision")
    arguments = parser.parse_args()
    repeats = arguments.repeats
    heading = f"## {TITLE} ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)"
    section = "\n".join([heading, "", *bench_commands(repeats, arguments.baseline), "", *bench_pytest(repeats)])
    print(section)
    write_section(TITLE, section)


if __name__ == "__main__":
    main()
