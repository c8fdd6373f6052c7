"""`grader export canvas|moodle|csv`: grade-all's grades.csv as the grade-import file each LMS reads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import cli

FINGERPRINT = "ab" * 32
HEADER = ["submission", "status", "reason", "total", "max_total", "ex01_mse", "what_is_loss", "student_id",
          "student_name", "graded_at", "grader_fingerprint"]


def grades_folder(tmp_path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    """A grade-all output folder holding grades.csv as grade-all writes it (formula-like names behind a ')."""
    folder = tmp_path / "grades"
    folder.mkdir()
    with (folder / "grades.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return folder


# A Canvas download graded by grade-all: each entry is "lastfirst_userid"; one broken, one a stray file.
CANVAS_ROWS = [
    ["doejane_1001", "graded", "", "250.0", "311.0", "12", "8.0", "S-1", "Jane Doe", "2027-03-02T10:00:00+00:00",
     FINGERPRINT],
    ["smithbob_1002", "ungradable", "no exercise files found", "", "", "", "", "", "", "", ""],
    ["'=cmd_1003", "graded", "", "311.0", "311.0", "12", "8.0", "", "", "2027-03-02T10:00:01+00:00", FINGERPRINT],
    [".DS_Store", "skipped", "a hidden entry", "", "", "", "", "", "", "", ""],
]


def export(*args: str):
    return CliRunner().invoke(cli, ["export", *args])


def read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_canvas_import_file_has_canvas_columns_ids_and_points_possible(tmp_path):
    folder = grades_folder(tmp_path, CANVAS_ROWS)
    out = tmp_path / "canvas.csv"
    result = export("canvas", str(folder), "-o", str(out), "--assignment", "Loss Compass (4242)")
    assert result.exit_code == 0, result.output
    lines = read(out)
    assert lines[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Loss Compass (4242)"]
    assert lines[1][0].strip() == "Points Possible" and lines[1][5] == "311"  # Canvas skips this row by its name
    students = {line[1]: line for line in lines[2:]}
    assert set(students) == {"1001", "1002", "1003"}  # the stray .DS_Store is no student
    assert students["1001"] == ["Jane Doe", "1001", "S-1", "", "", "250"]
    assert students["1002"][5] == "0"  # ungradable scores 0, not blank
    assert students["1003"][0] == "'=cmd"  # still not a formula when the file is opened in a spreadsheet


def test_a_rosters_email_and_lms_id_reach_canvas_and_moodle(tmp_path):
    header = [*HEADER, "student_email", "lms_id"]
    rows = [["jane", "graded", "", "250.0", "311.0", "12", "8.0", "S-1", "Jane Doe", "2027-03-02T10:00:00+00:00",
             FINGERPRINT, "jane.doe@example.edu", "1234"]]
    folder = grades_folder(tmp_path, rows, header)
    assert export("canvas", str(folder), "-o", str(tmp_path / "canvas.csv")).exit_code == 0
    assert read(tmp_path / "canvas.csv")[2][:4] == ["Jane Doe", "1234", "S-1", "jane.doe@example.edu"]
    assert export("moodle", str(folder), "-o", str(tmp_path / "moodle.csv")).exit_code == 0
    assert read(tmp_path / "moodle.csv")[1][:3] == ["Participant 1234", "Jane Doe", "jane.doe@example.edu"]


def test_out_of_rescales_to_the_lms_maximum(tmp_path):
    folder = grades_folder(tmp_path, CANVAS_ROWS)
    out = tmp_path / "canvas.csv"
    assert export("canvas", str(folder), "-o", str(out), "--out-of", "100").exit_code == 0
    lines = read(out)
    assert lines[1][5] == "100" and lines[2][5] == "80.39" and lines[4][5] == "100"


def test_canvas_without_any_id_is_a_one_line_usage_error(tmp_path):
    folder = grades_folder(tmp_path, [["alice", "graded", "", "10", "311", "", "", "", "", "", ""]])
    result = export("canvas", str(folder), "-o", str(tmp_path / "c.csv"))
    assert result.exit_code == 2 and "no Canvas user id or SIS user id for 'alice'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "c.csv").exists()


def test_moodle_offline_grading_worksheet(tmp_path):
    rows = [["Jane Doe_5501", "graded", "", "200", "311", "", "", "", "", "2027-03-02T10:00:00+00:00", FINGERPRINT],
            ["Bob Smith_5502", "ungradable", "a crash", "", "", "", "", "", "", "", ""]]
    out = tmp_path / "moodle.csv"
    result = export("moodle", str(grades_folder(tmp_path, rows)), "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = read(out)
    # Moodle's importer finds Identifier, Grade and "Last modified (grade)" by these (English) names.
    assert lines[0][:6] == ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade"]
    assert {"Last modified (grade)", "Feedback comments"} <= set(lines[0])
    jane = dict(zip(lines[0], lines[1]))
    assert jane["Identifier"] == "Participant 5501" and jane["Full name"] == "Jane Doe"
    assert jane["Grade"] == "200" and jane["Maximum Grade"] == "311"
    assert jane["Last modified (grade)"] == "2027-03-02T10:00:00+00:00" and FINGERPRINT[:16] in jane["Feedback comments"]
    assert dict(zip(lines[0], lines[2]))["Grade"] == "0"


def test_moodle_needs_participant_ids(tmp_path):
    folder = grades_folder(tmp_path, [["bob", "graded", "", "10", "311", "", "", "", "", "", ""]])
    result = export("moodle", str(folder), "-o", str(tmp_path / "m.csv"))
    assert result.exit_code == 2 and "no Moodle participant id for 'bob'" in result.output


def test_participant_id_column_is_used_when_present(tmp_path):
    header = HEADER + ["participant_id"]
    folder = grades_folder(tmp_path, [["bob", "graded", "", "10", "311", "", "", "", "Bob", "", "", "77"]], header)
    out = tmp_path / "m.csv"
    assert export("moodle", str(folder), "-o", str(out)).exit_code == 0
    assert read(out)[1][:2] == ["Participant 77", "Bob"]


def test_plain_csv_has_grade_percentage_and_provenance(tmp_path):
    out = tmp_path / "plain.csv"
    assert export("csv", str(grades_folder(tmp_path, CANVAS_ROWS)), "-o", str(out)).exit_code == 0
    table = [dict(zip(read(out)[0], line)) for line in read(out)[1:]]
    assert [row["submission"] for row in table] == ["doejane_1001", "smithbob_1002", "'=cmd_1003"]
    assert table[0]["percent"] == "80.39" and table[0]["grader_fingerprint"] == FINGERPRINT
    assert table[1]["grade"] == "0" and table[1]["status"] == "ungradable"


@pytest.mark.parametrize("kind", ["canvas", "moodle", "csv"])
def test_a_folder_without_grades_is_a_usage_error(tmp_path, kind):
    result = export(kind, str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "nowhere: no such folder" in result.output
    (tmp_path / "empty").mkdir()
    result = export(kind, str(tmp_path / "empty"), "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "grades.csv: not found" in result.output


def test_a_csv_that_is_not_grade_alls_is_refused(tmp_path):
    folder = tmp_path / "grades"
    folder.mkdir()
    (folder / "grades.csv").write_text("name,score\nbob,3\n", encoding="utf-8")
    result = export("csv", str(folder), "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "no submission, status, total, max_total column" in result.output


def test_export_gradescope_is_still_there():
    result = CliRunner().invoke(cli, ["export", "gradescope", "--help"])
    assert result.exit_code == 0 and "Gradescope autograder bundle" in result.output
