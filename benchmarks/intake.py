"""What intake costs: `grade-all` on 200 zipped submissions against the same 200 as folders; a RESULTS.md section.

Run with `python benchmarks/intake.py [--count 200] [--repeats 1]` (about 4 minutes on 2 cores at 200).
Each zip holds its files one level down (myhw/) with a __MACOSX folder beside it, as a Mac makes them, so
intake unpacks, searches and copies for every submission. Runs are separate processes with --force (no
cache), interleaved (zipped, folders, zipped, ...) so that drift on a shared machine hits both alike; the
intake alone is also timed in-process (unpacking and locating, no grading).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import GRADER, ROOT, make_class, timed, write_section  # noqa: E402

TITLE = "Intake: grade-all on zipped submissions"


def zip_class(folders: Path, zipped: Path) -> None:
    """Each submission folder as NAME.zip holding myhw/<files> and __MACOSX/ junk."""
    zipped.mkdir()
    for folder in sorted(folders.iterdir()):
        with zipfile.ZipFile(zipped / f"{folder.name}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, f"myhw/{path.name}")
                archive.writestr(f"__MACOSX/myhw/._{path.name}", b"\0" * 64)


def time_intake_only(zipped: Path, scratch: Path, repeats: int) -> float:
    sys.path.insert(0, str(ROOT))
    from grader.instructor.intake import gather

    runs = []
    for index in range(repeats):
        out = scratch / f"intake-only-{index}"
        started = time.perf_counter()
        gather(zipped, out, out)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    count, jobs = arguments.count, arguments.jobs
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        make_class(scratch / "folders", count)
        zip_class(scratch / "folders", scratch / "zipped")
        times: dict[str, list[float]] = {"zipped": [], "folders": []}
        for index in range(arguments.repeats):
            for kind in times:
                out = scratch / f"out-{kind}-{index}"
                times[kind].append(timed([*GRADER, "grade-all", str(scratch / kind), "--jobs", str(jobs), "--force",
                                          "--output", str(out)]))
                shutil.rmtree(out, ignore_errors=True)
        intake = time_intake_only(scratch / "zipped", scratch, max(3, arguments.repeats))
    zipped, folders = statistics.median(times["zipped"]), statistics.median(times["folders"])
    load = os.getloadavg()[0]  # a shared machine: other work running beside the benchmark slows both kinds alike
    heading = f"## {TITLE} ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)"
    section = "\n".join([
        heading, "",
        f"`python benchmarks/intake.py --count {count} --repeats {arguments.repeats}`: `grade-all --jobs {jobs} "
        "--force` (held-out cases on, the default), on the generated class of `run.py` (mostly solutions, some "
        "stubs, a syntax error in every tenth), each submission zipped with its files in myhw/ and a __MACOSX "
        f"folder. Load average {load:.1f} when it ended (a busy shared machine inflates both rows alike).", "",
        "| class folder | median s | s per submission |", "|---|---|---|",
        f"| {count} zips (intake included) | {zipped:.2f} | {zipped / count:.3f} |",
        f"| the same {count} as folders | {folders:.2f} | {folders / count:.3f} |",
        f"| intake alone (unpack, locate, copy; in-process) | {intake:.2f} | {intake / count:.4f} |", "",
        f"The zips took {(zipped - folders) / count * 1000:+.1f} ms a submission more than the folders "
        f"({zipped / folders:.2f}x); with {arguments.repeats} run(s) each on a shared machine that difference is "
        "mostly noise (other work moves both rows by more). Intake's own cost is the last row: unpacking, "
        f"locating and copying take {intake / count * 1000:.1f} ms a submission, "
        f"{intake / zipped:.1%} of the zipped class's time.",
    ])
    print(section)
    write_section(TITLE, section)


if __name__ == "__main__":
    main()
