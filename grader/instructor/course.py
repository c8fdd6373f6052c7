"""What a course adds to a batch's rows: where files were found, the roster's student, the late penalty."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.instructor.deadline import LatePolicy
from grader.instructor.intake import Intake
from grader.instructor.roster import Student, match

# grades.csv's columns after the scores (see batch.write_outputs)
COURSE_COLUMNS = ["problems", "found_in", "student_id", "student_name", "student_email", "lms_id", "submitted_at",
                  "time_source", "raw_total", "late_penalty"]


@dataclass
class Course:
    intake: dict[str, Intake] = field(default_factory=dict)  # by submission name
    policy: LatePolicy | None = None
    roster: list[Student] | None = None

    def complete(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """Fill each row's course fields (in place); return the summary's course part (roster, policy)."""
        for row in rows:
            if row["status"] != "skipped":
                self._complete_row(row)
        summary: dict[str, Any] = {}
        if self.policy is not None:
            summary["late_policy"] = self.policy.describe()
        if self.roster is not None:
            known = {row["name"]: [*self.intake.get(row["name"], Intake()).known_as]
                     for row in rows if row["status"] != "skipped"}
            matched = match(self.roster, known)
            for row in rows:
                student = matched.by_submission.get(row["name"])
                if student is not None:
                    row["student_id"], row["student_name"] = student.student_id, student.name
                    row["student_email"], row["lms_id"] = student.email, student.lms_id
            summary["roster_missing"] = [{"student_id": s.student_id, "name": s.name} for s in matched.missing]
            summary["roster_unmatched"] = matched.unknown
        return summary

    def _complete_row(self, row: dict[str, Any]) -> None:
        intake = self.intake.get(row["name"], Intake())
        row["found_in"] = intake.found_in
        row["problems"] = [*row.get("problems", []), *intake.notes]
        submitted = intake.submitted
        if submitted is not None and submitted.when is not None:
            row["submitted_at"] = submitted.when.isoformat(timespec="seconds")
            row["time_source"] = submitted.source + (" (Canvas marks it late)" if intake.late_marked else "")
        if self.policy is None or row["status"] != "graded":
            return
        row["raw_total"] = raw = row.get("raw_total", row["score"])
        if submitted is None or submitted.when is None:
            row["problems"].append("no submission time found: no late penalty applied")
            return
        fraction, units = self.policy.penalty(submitted.when)
        row["late_penalty"] = round(raw * fraction, 6)
        row["score"] = round(raw - row["late_penalty"], 6)
        if units:
            row["problems"].append(f"late by {units} {self.policy.unit}{'s' if units > 1 else ''} "
                                   f"({submitted.source}): -{fraction:.0%}")


def record_lateness(rows: list[dict[str, Any]], reports: dict[str, Path]) -> None:
    """Each graded report whose row a deadline touched says so: the time used, raw score, penalty, final score."""
    from grader.render.json_format import render_json
    from grader.report import Late, Report

    for row in rows:
        path = reports.get(row["name"])
        if path is None or "late_penalty" not in row:
            continue
        report = Report.model_validate_json(path.read_text(encoding="utf-8"))
        report.late = Late(submitted_at=row.get("submitted_at", ""), time_source=row.get("time_source", ""),
                           raw_score=row["raw_total"], penalty=row["late_penalty"], final_score=row["score"])
        path.write_text(render_json(report), encoding="utf-8")


def row_problems(row: dict[str, Any]) -> list[str]:
    """What cost the row points: an ungradable one's reason first (it scores 0), then the rest."""
    return ([row["reason"]] if row["status"] == "ungradable" else []) + list(row.get("problems", []))


def course_cell(row: dict[str, Any], column: str) -> Any:
    return column_text(row_problems(row) if column == "problems" else row.get(column, ""))


def column_text(value: Any) -> Any:
    """A course field as one CSV cell: problems joined with ' | ', one line."""
    if isinstance(value, list):
        value = " | ".join(str(item) for item in value)
    return " ".join(value.split()) if isinstance(value, str) else value


def summary_sections(summary: dict[str, Any]) -> list[str]:
    """summary.md's course sections: problems that cost points, the late policy, the roster's gaps."""
    from grader.render.markdown import cell

    lines: list[str] = []
    if summary.get("problems"):
        lines += ["", "## Problems that cost points", ""]
        lines += [f"- {cell(entry['name'])}: {cell(column_text(entry['problems']))}" for entry in summary["problems"]]
    if summary.get("late_policy"):
        lines += ["", "## Late policy", "", f"{summary['late_policy']}; each row's submitted_at and time_source say "
                  "which time was used, raw_total and late_penalty what it cost."]
    if "roster_missing" in summary:
        lines += ["", f"## Roster: {len(summary['roster_missing'])} students with no submission", ""]
        lines += [f"- {cell(entry['student_id'])} {cell(entry['name'])}" for entry in summary["roster_missing"]]
        lines += ["", f"## Submissions matching no roster student ({len(summary['roster_unmatched'])})", ""]
        lines += [f"- {cell(name)}" for name in summary["roster_unmatched"]]
    return lines
