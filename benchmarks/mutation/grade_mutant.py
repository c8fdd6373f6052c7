"""cosmic-ray's test command: grade one mutated module as a student submission; exit 0 only at full marks.

Run in the course snapshot (see snapshot.py), which holds the grader, its checks and the pristine
reference in solutions/. Exit codes: 0 the mutant survived (full marks), 1 it was killed (it lost
points, timed out or failed to import), 3 the grader itself failed; cosmic-ray counts 3 as killed
too, so the line starting with GRADER_ERROR lets run.py report those apart instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

GRADER_ERROR = "GRADER_ERROR"
SURVIVED, KILLED, BROKEN = 0, 1, 3
# Held-out cases are drawn from a secret and the submission's name (a new job id at every run): left out,
# every run grades every mutant on the same inputs, and the checks' own cases must kill it.
FIXED_CASES = ("--no-held-out",)


def grade(submission: Path, timeout: float, report: Path) -> int:
    """The grader's own `grade` command, in this process: one interpreter start per mutant instead of two."""
    # The snapshot's grader, not the one installed in the venv (which other people may be editing); and not
    # this script's folder, whose modules (snapshot, summary, ...) could shadow a library's.
    sys.path[0] = os.getcwd()
    from grader.launch import run

    sys.argv = ["grader", "grade", str(submission), "--solutions", "solutions", "--format", "json",
                "--output", str(report), "--timeout", str(timeout), "--lang", "en", *FIXED_CASES]
    try:
        run()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def verdict(report: dict, exercise: str) -> tuple[int, str]:
    """Survived at full marks, killed below them; no result for the exercise is the grader's failure."""
    results = [entry for entry in report.get("exercises", []) if entry.get("id") == exercise]
    if not results or results[0].get("status") == "missing":
        return BROKEN, f"{GRADER_ERROR}: no result for {exercise} in the report"
    result = results[0]
    if result["score"] >= result["max_score"]:
        return SURVIVED, f"survived: {result['score']}/{result['max_score']}"
    failed = [check["name"] for check in result.get("checks", []) if not check.get("passed")]
    why = result.get("reason") or ", ".join(failed)
    return KILLED, f"killed: {result['score']}/{result['max_score']} ({result['status']}: {why})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--submission", type=Path, required=True, help="the folder holding the mutated module")
    parser.add_argument("--timeout", type=float, default=4.0, help="the grader's wall-time limit for the exercise")
    arguments = parser.parse_args()
    report_path = arguments.submission.parent / f"{arguments.exercise}.report.json"
    report_path.unlink(missing_ok=True)
    code = grade(arguments.submission, arguments.timeout, report_path)
    if not report_path.is_file():
        print(f"{GRADER_ERROR}: grader exited {code} without a report", flush=True)
        return BROKEN
    status, line = verdict(json.loads(report_path.read_text(encoding="utf-8")), arguments.exercise)
    print(line, flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
