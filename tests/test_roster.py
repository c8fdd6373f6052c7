"""--roster: submissions matched to students by name, email or LMS id; missing and unknown ones listed."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.errors import GraderError
from grader.instructor.roster import load_roster, match

from conftest import SOLUTIONS

ROSTER = """student_id,name,email,lms_id
2027001,Jane Doe,jane.doe@example.edu,1234
2027002,"Roe, Carl",carl@example.edu,301
2027003,Ann Lee,ann@example.edu,
2027004,Missing Person,missing@example.edu,999
"""


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_submissions_are_matched_by_lms_id_canvas_name_email_or_name(tmp_path):
    roster = load_roster(write(tmp_path / "roster.csv", ROSTER))
    found = match(roster, {
        "doejane_1234": ["1234", "doejane"],  # Canvas: the user id and lastfirst
        "Carl Roe_301": ["301", "Carl Roe"],  # Moodle: the participant id and the full name
        "ann": ["ann@example.edu"],  # Gradescope: the submitter's email
        "zoe": [],  # on no roster
    })
    assert {name: student.student_id for name, student in found.by_submission.items()} == {
        "doejane_1234": "2027001", "Carl Roe_301": "2027002", "ann": "2027003"}
    assert [student.student_id for student in found.missing] == ["2027004"]
    assert found.unknown == ["zoe"]


def test_a_name_two_students_share_matches_neither(tmp_path):
    roster = load_roster(write(tmp_path / "roster.csv", "student_id,name\n1,Sam Li\n2,Sam Li\n"))
    found = match(roster, {"Sam Li": []})
    assert found.unknown == ["Sam Li"] and len(found.missing) == 2


@pytest.mark.parametrize("text, message", [
    ("name,email\nJane,j@x\n", "roster.csv:1: no student id column"),
    ("student_id,name\n1,Jane\n2,Carl,extra\n", "roster.csv:3: 3 fields where the header has 2"),
    ("student_id,name\n1,Jane\n1,Carl\n", "roster.csv:3: student id '1' again (first on line 2)"),
    ("student_id,name\n1,Jane\n,Carl\n", "roster.csv:3: no student id"),
    ("", "roster.csv: empty"),
])
def test_a_malformed_roster_is_one_line_naming_the_file_and_line(tmp_path, text, message):
    with pytest.raises(GraderError, match=re.escape(message)):
        load_roster(write(tmp_path / "roster.csv", text))


def test_a_malformed_roster_stops_grade_all_with_one_line(tmp_path):
    (tmp_path / "class" / "jane").mkdir(parents=True)
    roster = write(tmp_path / "roster.csv", "student_id,name\n1,Jane\n1,Carl\n")
    result = CliRunner().invoke(cli, ["grade-all", str(tmp_path / "class"), "--roster", str(roster)])
    assert result.exit_code == 2 and "roster.csv:3: student id '1' again" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "grades").exists()


def test_grade_all_names_each_rows_student_and_lists_who_is_missing(tmp_path):
    folder = tmp_path / "class"
    for name in ("doejane_1234_555_ex01_mse.py", "zoe/ex01_mse.py", "Ann Lee/ex01_mse.py"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOLUTIONS / "ex01_mse.py", folder / name)
    roster = write(tmp_path / "roster.csv", ROSTER)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["grade-all", str(folder), "-o", str(out), "--roster", str(roster),
                                      "--no-held-out", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        table = {row["submission"]: row for row in csv.DictReader(handle)}
    assert (table["doejane_1234"]["student_id"], table["doejane_1234"]["student_name"]) == ("2027001", "Jane Doe")
    assert table["Ann Lee"]["student_id"] == "2027003" and table["zoe"]["student_id"] == ""
    # what an LMS import matches students by comes along: Canvas's login, Moodle's participant id
    assert (table["doejane_1234"]["student_email"], table["doejane_1234"]["lms_id"]) == ("jane.doe@example.edu", "1234")
    summary = (out / "summary.md").read_text(encoding="utf-8")
    missing = summary.split("## Roster: 2 students with no submission", 1)[1].split("##", 1)[0]
    assert "2027002 Roe, Carl" in missing and "2027004 Missing Person" in missing and "Jane" not in missing
    assert "- zoe" in summary.split("## Submissions matching no roster student (1)", 1)[1]
