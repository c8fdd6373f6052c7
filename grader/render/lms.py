"""Grade-import CSV files for learning management systems (Canvas, Moodle) and a plain one, from grade-all's grades.csv.

Followed (2026-12): Canvas's gradebook import (the columns of its own gradebook export: Student, ID, SIS User ID,
SIS Login ID, Section, then one column per assignment named "Name (assignment id)", a new assignment when the
id is left out, with a "Points Possible" row under the header); Moodle 4.x's assignment "offline grading
worksheet" (assignfeedback_offline: its importer needs the columns Identifier, holding "Participant N",
Grade and "Last modified (grade)", named in English, the language of the Moodle site that imports them).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from grader.errors import GraderError

GRADES_FILE = "grades.csv"
SCORED = ("graded", "ungradable")  # rows that carry a grade (an ungradable submission scores 0); others are left blank
# Where an id may sit in grades.csv: the roster's columns (grade-all --roster), spelled as LMS exports spell them.
_CANVAS_ID = ("canvas_id", "canvas_user_id", "lms_id", "user_id")
_PARTICIPANT_ID = ("participant_id", "moodle_participant_id", "moodle_id", "lms_id", "user_id")
_SIS_ID = ("student_id", "sis_user_id", "sis_id")
_LOGIN = ("sis_login_id", "login_id", "email", "student_email")
_EMAIL = ("email", "email_address", "student_email")
_NAME = ("student_name", "full_name", "name")
# Canvas and Moodle downloads name each student's entry "Name_12345" (grade-all keeps that as the submission's name).
_LMS_ENTRY = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)$")


@dataclass
class GradeRow:
    """One row of grades.csv as an export needs it."""

    submission: str
    status: str
    total: float | None  # None: no grade to send (not a submission, or not scored)
    max_total: float
    cells: dict[str, str]  # every column of grades.csv by its (lower-case) name

    def first(self, names: tuple[str, ...]) -> str:
        return next((self.cells[name].strip() for name in names if self.cells.get(name, "").strip()), "")

    def lms_entry(self) -> tuple[str, str]:
        """(name, id) from a Canvas or Moodle download's entry name, or ('', '')."""
        match = _LMS_ENTRY.match(self.submission)
        return (match["name"], match["id"]) if match else ("", "")


def read_grades(folder: Path) -> list[GradeRow]:
    """grades.csv of a grade-all output folder; GraderError naming the file for anything missing or malformed."""
    if not folder.exists():
        raise GraderError(f"{folder}: no such folder (give the output folder of grader grade-all, with its grades.csv)")
    path = folder / GRADES_FILE if folder.is_dir() else folder
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GraderError(f"{path}: not found (give the output folder of grader grade-all)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GraderError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in ("submission", "status", "total", "max_total") if name not in header]
    if missing:
        raise GraderError(f"{path}: no {', '.join(missing)} column; is it grade-all's grades.csv?")
    rows, maximum = [], 0.0
    for number, raw in enumerate(reader, start=2):
        cells = {str(key).strip().lower(): (value or "") for key, value in raw.items() if key is not None}
        status = cells["status"].strip()
        try:
            total = float(cells["total"]) if cells["total"].strip() else (0.0 if status == "ungradable" else None)
            top = float(cells["max_total"]) if cells["max_total"].strip() else 0.0
        except ValueError:
            raise GraderError(f"{path}:{number}: total {cells['total']!r} or max_total {cells['max_total']!r} "
                              "is not a number") from None
        maximum = max(maximum, top)
        rows.append(GradeRow(_unescaped(cells["submission"]), status, total if status in SCORED else None, top, cells))
    for row in rows:  # an ungradable row has no maximum of its own
        row.max_total = row.max_total or maximum
    return rows


def canvas_csv(rows: list[GradeRow], assignment: str, out_of: float | None, source: Path) -> str:
    """Canvas's gradebook import: identity columns, then the assignment's column and a Points Possible row."""
    exported = [row for row in rows if row.status != "skipped"]
    missing = [row.submission for row in exported
               if not (row.first(_CANVAS_ID) or row.first(_SIS_ID) or row.lms_entry()[1])]
    if missing:
        raise GraderError(f"{source}: no Canvas user id or SIS user id for {_some(missing)}: grade Canvas's download "
                          "(its entries carry the user id) or give grade-all a --roster with a student_id column")
    top = out_of or (exported[0].max_total if exported else 0.0)
    lines = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment],
             ["    Points Possible", "", "", "", "", _number(top)]]
    for row in exported:
        name, entry_id = row.lms_entry()
        lines.append([_safe(row.first(_NAME) or name or row.submission), row.first(_CANVAS_ID) or entry_id,
                      _safe(row.first(_SIS_ID)), _safe(row.first(_LOGIN)), _safe(row.first(("section",))),
                      _grade(row, out_of)])
    return _csv(lines)


def moodle_csv(rows: list[GradeRow], out_of: float | None, source: Path) -> str:
    """Moodle's offline grading worksheet, to upload with "Upload grading worksheet" on the assignment."""
    exported = [row for row in rows if row.status != "skipped"]
    missing = [row.submission for row in exported if not (row.first(_PARTICIPANT_ID) or row.lms_entry()[1])]
    if missing:
        raise GraderError(f"{source}: no Moodle participant id for {_some(missing)}: grade Moodle's \"Download all "
                          "submissions\" (its folders are Name_12345_assignsubmission_file_) or add a participant_id "
                          "column to grades.csv")
    top = out_of or (exported[0].max_total if exported else 0.0)
    lines = [["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade", "Grade can be changed",
              "Last modified (submission)", "Last modified (grade)", "Feedback comments"]]
    for row in exported:
        name, entry_id = row.lms_entry()
        graded_at = row.cells.get("graded_at", "")
        fingerprint = row.cells.get("grader_fingerprint", "")[:16]
        comment = (f"Loss Compass: {_number(row.total)} / {_number(row.max_total)} points"
                   + (f" (grader {fingerprint})" if fingerprint else "")) if row.total is not None else ""
        lines.append([f"Participant {row.first(_PARTICIPANT_ID) or entry_id}", _safe(row.first(_NAME) or name),
                      _safe(row.first(_EMAIL)), row.status, _grade(row, out_of), _number(top), "Yes",
                      row.cells.get("submitted_at", ""), graded_at, comment])
    return _csv(lines)


def plain_csv(rows: list[GradeRow], out_of: float | None, source: Path) -> str:
    """One row per student: ids, the total (rescaled with out_of), the percentage and when and by what it was graded."""
    lines = [["submission", "student_id", "name", "status", "grade", "out_of", "percent", "graded_at",
              "grader_fingerprint"]]
    for row in rows:
        if row.status == "skipped":
            continue
        top = out_of or row.max_total
        percent = f"{100 * row.total / row.max_total:.2f}" if row.total is not None and row.max_total else ""
        lines.append([_safe(row.submission), _safe(row.first(_SIS_ID)), _safe(row.first(_NAME)), row.status,
                      _grade(row, out_of), _number(top), percent, row.cells.get("graded_at", ""),
                      row.cells.get("grader_fingerprint", "")])
    return _csv(lines)


EXPORTS: dict[str, Callable[..., str]] = {"canvas": canvas_csv, "moodle": moodle_csv, "csv": plain_csv}


def _grade(row: GradeRow, out_of: float | None) -> str:
    if row.total is None:
        return ""  # left blank: an LMS import leaves that student's grade as it is
    if out_of is None or not row.max_total:
        return _number(row.total)
    return _number(round(row.total * out_of / row.max_total, 2))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _some(names: list[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _unescaped(text: str) -> str:
    """grades.csv puts a ' before a name that a spreadsheet would run as a formula; the name is the rest."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def _safe(text: str) -> str:
    """Spreadsheet-safe: text starting with = + - @ is not run as a formula when the CSV is opened."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(lines: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    return buffer.getvalue()
