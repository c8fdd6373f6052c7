"""Targeted regrades: one exercise for everyone (--only) or one student (--student), merged into the last run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from grader.errors import GraderError

ROWS_FILE = ".rows.json"  # every row of the last run, as plain data: what a targeted regrade updates


def save_rows(out: Path, rows: list[dict[str, Any]]) -> None:
    temp = out / (ROWS_FILE + ".tmp")
    temp.write_text(json.dumps({"format": 1, "rows": rows}, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, out / ROWS_FILE)


def load_rows(out: Path) -> dict[str, dict[str, Any]]:
    """The last run's rows by submission name; GraderError when there was none to update."""
    try:
        data = json.loads((out / ROWS_FILE).read_text(encoding="utf-8"))
        rows = data["rows"]
    except (OSError, ValueError, KeyError, TypeError):
        raise GraderError(f"{out}: no earlier grade-all run here to update; run grade-all without --only and "
                          "--student first") from None
    return {row["name"]: row for row in rows if isinstance(row, dict) and "name" in row}


def matches_student(name: str, wanted: str, known_as: tuple[str, ...] = ()) -> bool:
    """--student NAME: the submission's name, or an LMS id, name or email it is known by (case-insensitive)."""
    wanted = wanted.casefold()
    return any(wanted == text.casefold() for text in (name, *known_as))


def merge_row(previous: dict[str, Any], new: dict[str, Any], exercises: list[str]) -> dict[str, Any]:
    """The previous row with `exercises` taken from the new one (a row graded for those exercises only)."""
    if previous.get("status") != "graded" or new.get("status") != "graded":
        return new
    merged = json.loads(json.dumps(previous))
    for key in ("score", "max_score"):
        merged[key] = round(merged.get("raw_total", merged[key]) if key == "score" else merged[key], 6)
    for exercise in exercises:
        old = previous["exercises"].get(exercise, 0)
        merged["score"] = round(merged["score"] - old + new["exercises"].get(exercise, 0), 6)
        merged["exercises"][exercise] = new["exercises"].get(exercise, 0)
        merged["exercise_status"][exercise] = new["exercise_status"].get(exercise, "missing")
    merged["failed_checks"] = [check for check in previous["failed_checks"]
                               if check.split(".", 1)[0] not in exercises] + new["failed_checks"]
    merged["problems"] = [problem for problem in previous.get("problems", [])
                          if problem.split(":", 1)[0] not in exercises and not problem.startswith("late by")] \
        + [problem for problem in new.get("problems", []) if problem.split(":", 1)[0] in exercises]
    for key in ("raw_total", "late_penalty"):
        merged.pop(key, None)
    for key in ("graded_at", "grader_fingerprint"):
        if key in new:
            merged[key] = new[key]
    return merged


def merge_report(previous: str, new: str, exercises: list[str]) -> str:
    """The previous JSON report with the regraded exercises' results (and the total) replaced."""
    try:
        old, fresh = json.loads(previous), json.loads(new)
    except ValueError:
        return new
    replaced = {item["id"]: item for item in fresh.get("exercises", []) if item.get("id") in exercises}
    for index, item in enumerate(old.get("exercises", [])):
        if item.get("id") in replaced:
            old["score"] = round(old["score"] - item.get("score", 0) + replaced[item["id"]].get("score", 0), 6)
            old["exercises"][index] = replaced[item["id"]]
    return json.dumps(old, ensure_ascii=False, indent=2)
