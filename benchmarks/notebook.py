"""What `check` costs from a notebook against `grader check` from the terminal: a section of RESULTS.md.

Run with `python benchmarks/notebook.py [--repeats N]` (needs the dev extra: ipykernel, jupyter_client). One
kernel is started (as JupyterLab would), the reference solution is run in it as a student's cell, and each
sample times one cell `check(...)` from its request to the kernel going idle with the result shown; each is
interleaved with `grader check` of the same file in a fresh process (a shared machine drifts). Target: 1.5x.
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
from run import GRADER, ROOT, timed, write_section  # noqa: E402

TITLE = "Notebook: check in a kernel against grader check"
TARGET = 1.5
CASES = [  # (label, exercise, check's arguments, grader check's extra options)
    ("ex01_mse (no figure)", "ex01_mse", "", []),
    ("ex07_training_loop, with the loss figure", "ex07_training_loop", "", ["--plot", "{scratch}/curves.png"]),
    ("ex07_training_loop, figure=False", "ex07_training_loop", ", figure=False", []),
]


def kernel_cell(client, code: str) -> float:
    """Seconds from sending `code` to the kernel being idle again; fails on an error in the cell."""
    errors: list[str] = []

    def output(message) -> None:
        if message["msg_type"] == "error":
            errors.append(message["content"]["evalue"])

    started = time.perf_counter()
    client.execute_interactive(code, output_hook=output, timeout=300)
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{code!r} failed in the kernel: {errors[0]}")
    return elapsed


def bench(repeats: int) -> list[str]:
    from jupyter_client.manager import start_new_kernel

    lines = [f"Interleaved (n={repeats} each, medians); the kernel already holds the student's functions (the "
             "first `check` in a fresh kernel, which imports the notebook side of the grader, is given below):", "",
             "| exercise | `check(...)` in a kernel | `grader check` | ratio | target 1.5x |", "|---|---|---|---|---|"]
    first = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-notebook-") as scratch:
        manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"),
                                           env={**os.environ, "LOSS_COMPASS_LANG": "en"})
        try:
            for label, exercise, arguments, options in CASES:
                folder = Path(scratch) / exercise
                folder.mkdir(exist_ok=True)
                source = (ROOT / "solutions" / f"{exercise}.py").read_text(encoding="utf-8")
                (folder / f"{exercise}.py").write_text(source, encoding="utf-8")
                kernel_cell(client, source)
                cell = f'from grader import check\ncheck("{exercise}"{arguments})'
                terminal = [*GRADER, "check", exercise, "--path", str(folder), "--lang", "en",
                            *[option.format(scratch=scratch) for option in options]]
                warm = kernel_cell(client, cell)  # warm both once
                timed(terminal)
                first = first or warm
                in_kernel, in_terminal = [], []
                for _ in range(repeats):
                    in_kernel.append(kernel_cell(client, cell))
                    in_terminal.append(timed(terminal))
                notebook, command = statistics.median(in_kernel), statistics.median(in_terminal)
                ratio = notebook / command
                lines.append(f"| {label} | {notebook:.2f} s | {command:.2f} s | {ratio:.2f}x | "
                             f"{'met' if ratio <= TARGET else 'MISSED'} |")
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    load = os.getloadavg()[0]
    lines += ["", f"The first `check` in a fresh kernel took {first:.2f} s. Load average at the end: {load:.1f} on "
              f"{os.cpu_count()} cores (a shared machine: the absolute times are inflated by other work, the "
              "interleaved ratio much less so). `check` is not slower than the command: its grading process imports "
              "less than the CLI (every command) and records no progress in `.grader/`.", "",
              "`check` writes the definitions of the cells the kernel ran to a file and grades it in a "
              "`python -I` process of its own (the kernel never decides a score), the same grading and sandbox "
              "as `grader check`; the HTML is built in the kernel from that process's JSON. With the figure, "
              "both draw it with matplotlib (`grader check --plot`)."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    arguments = parser.parse_args()
    heading = f"## {TITLE} ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)"
    section = "\n".join([heading, "", *bench(arguments.repeats)])
    print(section)
    write_section(TITLE, section)


if __name__ == "__main__":
    main()
