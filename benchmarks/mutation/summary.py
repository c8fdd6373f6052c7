"""The kill rate per exercise: results.json (one row per exercise), summary.md and benchmarks/RESULTS.md's section."""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

from survivors import Outcome

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
SUMMARY = HERE / "summary.md"
BENCHMARKS = HERE.parent / "RESULTS.md"
SECTION = "## Mutation testing"
LOCK = HERE / "work" / ".lock"
COUNTS = ("killed", "survived", "equivalent", "errors", "total")


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """One writer at a time: runs of different exercises may finish together."""
    LOCK.parent.mkdir(exist_ok=True)
    with LOCK.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def record(exercise: str, outcome: Outcome, label: str, when: str, seconds: float) -> None:
    """Update this exercise's row in results.json (the other rows stay as their last run left them) and summary.md."""
    with locked():
        results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
        results[exercise] = {**outcome.counts(), "stale_equivalents": len(outcome.stale), "graded_at": label,
                             "date": when, "seconds": round(seconds, 1)}
        RESULTS.write_text(json.dumps(dict(sorted(results.items())), indent=2) + "\n", encoding="utf-8")
        write_summary()


def kill_rate(row: dict[str, int]) -> str:
    """Killed over the mutants that can be killed: equivalents and grader errors left out."""
    decided = row["killed"] + row["survived"]
    return f"{100 * row['killed'] / decided:.1f}%" if decided else "n/a"


def summary_table() -> str:
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    lines = ["| exercise | killed | survived | equivalent | errors | total | kill rate | graded at | date | seconds |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    totals = dict.fromkeys(COUNTS, 0)
    for exercise, row in results.items():
        lines.append(f"| {exercise} | {row['killed']} | {row['survived']} | {row['equivalent']} | {row['errors']} | "
                     f"{row['total']} | {kill_rate(row)} | {row['graded_at']} | {row['date']} | {row['seconds']} |")
        totals = {key: totals[key] + row[key] for key in totals}
    lines.append(f"| all | {totals['killed']} | {totals['survived']} | {totals['equivalent']} | {totals['errors']} | "
                 f"{totals['total']} | {kill_rate(totals)} | | | {sum(r['seconds'] for r in results.values()):.1f} |")
    return "\n".join(lines)


def write_summary() -> Path:
    SUMMARY.write_text("# Mutation testing: kill rate per exercise\n\nWritten by `python benchmarks/mutation/run.py` "
                       "(see README.md). Kill rate = killed / (killed + survived): mutants recorded as equivalent "
                       "and those the grader failed on are left out.\n\n" + summary_table() + "\n", encoding="utf-8")
    return SUMMARY


def write_benchmarks_section(command: str, when: str, seconds: float, label: str) -> Path:
    """Replace (or add, at the end) the "Mutation testing" section of benchmarks/RESULTS.md.

    benchmarks/run.py writes the rest of that file; this section belongs to the mutation run.
    """
    with locked():
        _replace_section("\n".join([
            SECTION, "",
            f"Last run {when} at {label} with cosmic-ray {version('cosmic-ray')}: `{command}` took {seconds:.0f} s "
            "on this 2-core shared machine (the table's seconds are each exercise's own). Each mutant of "
            "`solutions/<id>.py` is graded as a submission against the unmutated reference, on the checks' own cases "
            "(held-out cases left out); killed = the exercise scores below full marks (timeouts of 4 s included); "
            "kill rate = killed / (killed + survived), "
            "equivalent mutants (recorded in `benchmarks/mutation/equivalent/`) and grader errors left out. "
            "Survivors: `benchmarks/mutation/survivors/<id>.txt`; how to run and read them: "
            "`benchmarks/mutation/README.md`.", "", summary_table(), ""]))
    return BENCHMARKS


def _replace_section(section: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.is_file() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
