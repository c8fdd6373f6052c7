"""Benchmarks: how fast grading is and how its cost grows; writes benchmarks/RESULTS.md.

Run with `python benchmarks/run.py` (about two minutes on a 2-core machine). Whole commands run as
separate processes, interleaved round-robin so that drift on a shared machine hits them alike,
and every figure is also given as a ratio to the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
PYTHON = sys.executable
GRADER = [PYTHON, "-m", "grader"]
TARGETS = {"grade_solutions_seconds": 1.5, "grade_solutions_ratio": 8.0, "batch_seconds_per_submission": 0.5,
           "site_build_seconds": 15.0}


# Sections of RESULTS.md that other scripts write (benchmarks/mutation/run.py, held_out.py, intake.py, notebook.py).
KEPT_SECTIONS = ("Mutation testing", "Held-out cases and the checks' pytest session",
                 "Intake: grade-all on zipped submissions", "Notebook: check in a kernel against grader check")
# As on a student's machine: Python caches compiled modules. (Some images set PYTHONDONTWRITEBYTECODE,
# which makes every run recompile the grader from source.)
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def write_section(title: str, section: str) -> None:
    """Put `section` (which starts with `## title`) in RESULTS.md in place of the last one of that title."""
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    before, found, after = previous.partition(f"\n## {title}")
    rest = after.partition("\n## ")[2] if found else ""
    RESULTS.write_text(before.rstrip("\n") + "\n\n" + section + "\n" + (f"\n## {rest}" if rest else ""),
                       encoding="utf-8")


def timed(command: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=ENV)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr.strip()[-500:]}")
    return elapsed


def timed_report(command: list[str], cwd: Path) -> tuple[float, dict[str, float]]:
    """Wall time of a `grade --format json` command and the seconds its report gives each exercise."""
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr.strip()[-500:]}")
    report = json.loads(completed.stdout)
    return elapsed, {item["id"]: float(item.get("seconds", 0.0)) for item in report["exercises"]}


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    quartiles = statistics.quantiles(ordered, n=4) if len(ordered) >= 4 else [ordered[0], 0, ordered[-1]]
    return {"median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1],
            "iqr": quartiles[2] - quartiles[0], "n": len(ordered)}


def machine() -> list[str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy

    lines = [f"- cores: {os.cpu_count()}", f"- CPU: {cpu}", f"- Python: {platform.python_version()}",
             f"- numpy: {numpy.__version__}", f"- platform: {platform.platform()}"]
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    if coretype:
        lines.append(f"- OPENBLAS_CORETYPE={coretype} (set by this machine's image; left as is)")
    return lines


def bench_commands(repeats: int) -> dict[str, dict[str, float]]:
    commands = {
        "floor: python -c 'import numpy'": [PYTHON, "-c", "import numpy"],
        "grader grade solutions": [*GRADER, "grade", "solutions", "--format", "json"],
        "grader grade exercises": [*GRADER, "grade", "exercises", "--format", "json"],
        "grader check ex01_mse": [*GRADER, "check", "ex01_mse", "--path", "solutions"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for name, command in commands.items():
        timed(command)  # warm the file cache once, unmeasured
    for _ in range(repeats):
        for name, command in commands.items():
            samples[name].append(timed(command))
    return {name: summary(values) for name, values in samples.items()}


def make_class(folder: Path, count: int) -> None:
    """A generated class: mostly correct submissions, some stubs, one broken file in every tenth."""
    folder.mkdir(parents=True)
    for index in range(count):
        submission = folder / f"student{index:03d}"
        submission.mkdir()
        source = ROOT / ("exercises" if index % 5 == 4 else "solutions")
        for path in sorted(source.glob("ex*.py")) + [source / "answers.yaml"]:
            if path.exists():
                shutil.copyfile(path, submission / path.name)
        if index % 10 == 3:
            (submission / "ex02_mae.py").write_text("def mae(y_pred, y_true)\n    return 0\n")


def bench_batch(repeats: int) -> tuple[list[str], float | None]:
    probe = subprocess.run([*GRADER, "grade-all", "--help"], cwd=ROOT, capture_output=True, text=True)
    if probe.returncode != 0:
        return ["batch grading (`grader grade-all`) is not available in this checkout"], None
    rows = ["| submissions | jobs | median s | s per submission | speed-up from the 2nd job |", "|---|---|---|---|---|"]
    worst = 0.0
    per_submission: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for count in (20, 50, 100):
            folder = Path(scratch) / f"class{count}"
            make_class(folder, count)
            medians = {}
            for jobs in (1, 2):
                runs = [timed([*GRADER, "grade-all", str(folder), "--jobs", str(jobs), "--force",
                               "--output", str(Path(scratch) / f"out{count}-{jobs}")]) for _ in range(repeats)]
                medians[jobs] = statistics.median(runs)
            for jobs in (1, 2):
                per = medians[jobs] / count
                if jobs == 2:
                    worst = max(worst, per)
                    per_submission[count] = per
                speedup = f"{medians[1] / medians[2]:.2f}x" if jobs == 2 else ""
                rows.append(f"| {count} | {jobs} | {medians[jobs]:.2f} | {per:.3f} | {speedup} |")
    growth = per_submission[100] / per_submission[20]
    rows += ["", f"Linearity: with 2 jobs, the cost per submission at 100 submissions is {growth:.2f}x its cost at 20 "
                 "(1.0 is perfectly linear; below 1, fixed start-up costs are being spread)."]
    return rows, worst


def bench_sandbox_overhead(repeats: int) -> list[str]:
    """Every check of every exercise on the solutions: through the sandbox vs the same calls in-process."""
    sys.path.insert(0, str(ROOT))
    from grader.catalog import load_catalog
    from grader.paths import solutions_dir
    from grader.reference import Reference
    from grader.grading.session import run_checks
    from grader.runner import _run_checks
    from grader.sandbox.pool import Sandbox
    from grader.student import Student

    spec = importlib.util.spec_from_file_location("_bench_worker", ROOT / "grader" / "sandbox" / "worker.py")
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)  # type: ignore[union-attr]

    class InProcess:
        """Answers requests like a sandboxed child, but in this process: the boundary removed, codec kept."""

        def __init__(self, module_id: str | None) -> None:
            self.server = worker.Server(None, str(solutions_dir()))
            self.server.module = importlib.import_module(module_id) if module_id else None
            self.sandbox = self  # the speed check's clean child for the baseline is one more of these

        def open_clean(self) -> "InProcess":
            return InProcess(None)

        def paused(self):
            return contextlib.nullcontext()

        def check_deadline(self, during) -> None:
            pass

        def close(self) -> None:
            pass

        def request(self, message, during):
            if message is None:
                return self.pending
            if message.get("op") == "timed":
                self.pending = self.server.call(message["fn"], message["args"], message["kwargs"])
                return {"ready": True}
            if message.get("op") == "go":
                return {"done": True}
            return self.server.handle(message)

    sys.path.insert(0, str(solutions_dir()))
    catalog, reference = load_catalog(), Reference(solutions_dir())
    in_process, sandboxed = [], []

    def in_process_run(checks) -> None:
        for exercise in catalog:
            _run_checks(exercise, Student(InProcess(exercise.id), exercise.id), reference, "en", checks)  # type: ignore[arg-type]

    def sandboxed_run(checks) -> None:
        with Sandbox() as sandbox:
            src, _ = sandbox.stage(solutions_dir())
            for exercise in catalog:
                process = sandbox.open(src, exercise.id, exercise.functions)
                _run_checks(exercise, Student(process, exercise.id), reference, "en", checks)
                process.close()

    for _ in range(repeats):  # the checks' pytest session is started in both, so it cancels out
        started = time.perf_counter()
        run_checks(in_process_run)
        in_process.append(time.perf_counter() - started)
        started = time.perf_counter()
        run_checks(sandboxed_run)
        sandboxed.append(time.perf_counter() - started)
    inside, outside = statistics.median(in_process), statistics.median(sandboxed)
    return [f"- all checks, in-process calls: median {inside:.3f} s (n={repeats})",
            f"- all checks, sandboxed (server start, fork per exercise, socket round trips): median {outside:.3f} s",
            f"- overhead: {outside - inside:.3f} s per submission ({outside / inside:.2f}x)"]


BATCH_FOR_BASELINE = 20


def bench_baseline(revision: str, repeats: int) -> list[str]:
    """`grade solutions` and a 20-submission `grade-all` at an earlier commit and in this checkout, interleaved."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True,
                       capture_output=True)
        make_class(Path(scratch) / "class", BATCH_FOR_BASELINE)
        try:
            # `python -m grader` from a folder imports that folder's grader first.
            commands = {}
            for name, cwd in ((revision, tree), ("this checkout", ROOT)):
                commands[("grade", name)] = (cwd, [*GRADER, "grade", "solutions", "--format", "json"])
                commands[("batch", name)] = (cwd, [*GRADER, "grade-all", str(Path(scratch) / "class"), "--jobs", "2",
                                                   "--force", "--output", str(Path(scratch) / f"out-{len(commands)}")])
            samples: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
            exercises: dict[str, dict[str, list[float]]] = {revision: {}, "this checkout": {}}
            for key, (cwd, command) in commands.items():
                timed(command, cwd)
            for _ in range(repeats):
                for key, (cwd, command) in commands.items():
                    if key[0] == "grade":
                        seconds, per_exercise = timed_report(command, cwd)
                        for exercise, value in per_exercise.items():
                            exercises[key[1]].setdefault(exercise, []).append(value)
                    else:
                        seconds = timed(command, cwd)
                    samples[key].append(seconds)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    median = {key: statistics.median(values) for key, values in samples.items()}
    lines = [f"The same machine and run, interleaved (n={repeats} each):", ""]
    for kind, title in (("grade", "`grader grade solutions`"),
                        ("batch", f"`grader grade-all`, {BATCH_FOR_BASELINE} submissions, 2 jobs")):
        before, after = median[(kind, revision)], median[(kind, "this checkout")]
        lines.append(f"- {title}: at {revision} median {before:.3f} s, this checkout {after:.3f} s "
                     f"({after / before:.2f}x the time)")
    lines += ["", f"Seconds per exercise in `grade solutions`'s own report (medians; an exercise whose checks "
                  "changed between the two is not the same work):", "",
              f"| exercise | {revision} | this checkout |", "|---|---|---|"]
    for exercise in exercises["this checkout"]:
        old = exercises[revision].get(exercise)
        lines.append(f"| {exercise} | {statistics.median(old):.3f} | "
                     f"{statistics.median(exercises['this checkout'][exercise]):.3f} |" if old else
                     f"| {exercise} | | {statistics.median(exercises['this checkout'][exercise]):.3f} |")
    return lines


def bench_site(repeats: int) -> tuple[list[str], float | None]:
    mkdocs = Path(PYTHON).parent / "mkdocs"
    if not (ROOT / "mkdocs.yml").exists() or not mkdocs.exists():
        return ["the site cannot be built here (mkdocs or mkdocs.yml missing)"], None
    with tempfile.TemporaryDirectory() as scratch:
        runs = [timed([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(Path(scratch) / f"s{i}")])
                for i in range(repeats)]
    result = summary(runs)
    return [f"- `mkdocs build --strict`: median {result['median']:.2f} s (min {result['min']:.2f}, "
            f"max {result['max']:.2f}, n={result['n']})"], result["median"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="runs of each whole command")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    parser.add_argument("--baseline", metavar="REV",
                        help="also time `grade solutions` and a small `grade-all` at this git revision")
    args = parser.parse_args()
    repeats = 3 if args.quick else args.repeats
    commands = bench_commands(repeats)
    floor = commands["floor: python -c 'import numpy'"]["median"]
    lines = ["# Benchmark results", "", f"Written by `python benchmarks/run.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
             "", "## Machine", "", *machine(), "", "## Whole commands", "",
             "| command | median s | IQR s | min s | max s | n | ratio to floor |", "|---|---|---|---|---|---|---|"]
    for name, result in commands.items():
        lines.append(f"| {name} | {result['median']:.3f} | {result['iqr']:.3f} | {result['min']:.3f} | "
                     f"{result['max']:.3f} | {result['n']} | {result['median'] / floor:.1f}x |")
    batch_rows, batch_worst = bench_batch(max(1, repeats // 3))
    sandbox_rows = bench_sandbox_overhead(max(3, repeats // 2))
    site_rows, site_seconds = bench_site(max(1, repeats // 3))
    grade = commands["grader grade solutions"]["median"]
    checks = [
        ("`grader grade solutions` ≤ 1.5 s wall", grade <= TARGETS["grade_solutions_seconds"], f"{grade:.2f} s"),
        ("`grader grade solutions` ≤ 8x the numpy-import floor", grade / floor <= TARGETS["grade_solutions_ratio"],
         f"{grade / floor:.1f}x"),
        ("batch ≤ 0.5 s per submission with 2 jobs",
         batch_worst is not None and batch_worst <= TARGETS["batch_seconds_per_submission"],
         "n/a" if batch_worst is None else f"{batch_worst:.3f} s"),
        ("site builds in < 15 s", site_seconds is not None and site_seconds < TARGETS["site_build_seconds"],
         "n/a" if site_seconds is None else f"{site_seconds:.1f} s"),
    ]
    if args.baseline:
        lines += ["", "## Before and after", "", *bench_baseline(args.baseline, repeats)]
    notes = ROOT / "benchmarks" / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    lines += ["", "## Batch grading", "", *batch_rows, "", "## Sandbox overhead", "", *sandbox_rows,
              "", "## Site", "", *site_rows, "", "## Targets", "", "| target | met | measured |", "|---|---|---|"]
    lines += [f"| {name} | {'yes' if met else 'NO'} | {value} |" for name, met, value in checks]
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    for title in KEPT_SECTIONS:  # written by other scripts: kept as they were
        if f"\n## {title}" in previous:
            heading, _, body = previous.split(f"\n## {title}", 1)[1].partition("\n")
            lines += ["", f"## {title}{heading}", "", body.split("\n## ", 1)[0].strip()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
