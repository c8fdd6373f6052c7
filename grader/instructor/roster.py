"""A class roster (CSV): which student each submission is, and who submitted nothing."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from grader.errors import GraderError

# Column names as LMS exports and spreadsheets spell them (compared case-insensitively, spaces as _).
ID_COLUMNS = ("student_id", "id", "sis_user_id", "sis_id", "student_number", "sid", "学号")
NAME_COLUMNS = ("name", "student", "full_name", "student_name", "姓名")
EMAIL_COLUMNS = ("email", "email_address", "login_id", "邮箱")
LMS_COLUMNS = ("lms_id", "user_id", "canvas_id", "moodle_id", "participant_id", "gradescope_id")
ALIAS_COLUMNS = ("submission", "folder", "username", "github", "login")
MAX_ROSTER_BYTES = 4 << 20


@dataclass(frozen=True)
class Student:
    student_id: str
    name: str
    keys: frozenset[str]  # every normalised name, email or id a submission may be known by
    email: str = ""  # as the roster gives them: an LMS import matches students by these
    lms_id: str = ""


def normalise(text: str) -> str:
    """Letters and digits only, case-folded, accents kept apart: 'Doe, John' and 'john_doe' stay distinct
    from each other but 'John Doe' equals 'john doe' and 'JOHN-DOE'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", text)


def name_keys(name: str) -> set[str]:
    """A person's name as LMS downloads spell it: 'Jane Doe', Canvas's 'doejane', 'Doe, Jane'."""
    words = [word for word in re.split(r"[\s,_]+", name.strip()) if word]
    keys = {normalise(name)}
    if "," in name and len(words) >= 2:  # 'Doe, Jane' is Jane Doe
        keys.add(normalise(" ".join(words[1:] + words[:1])))
    if len(words) >= 2:
        keys.add(normalise(words[-1] + "".join(words[:-1])))  # Canvas: last name first, run together
    return {key for key in keys if key}


def _column(header: list[str], choices: tuple[str, ...]) -> int | None:
    names = [re.sub(r"\s+", "_", cell.strip().lower()) for cell in header]
    for choice in choices:
        if choice in names:
            return names.index(choice)
    return None


def load_roster(path: Path) -> list[Student]:
    """Read the roster; GraderError naming the file and line for anything malformed."""
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise GraderError(f"{path}: larger than {MAX_ROSTER_BYTES >> 20} MiB; not a roster")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise GraderError(f"{path}: not UTF-8 text (byte {error.start}); save the roster as CSV UTF-8") from None
    except OSError as error:
        raise GraderError(f"{path}: cannot read the roster ({error.strerror})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[tuple[int, list[str]]] = []  # each row with the line it ends on (a quoted cell may hold a newline)
    try:
        lines += [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise GraderError(f"{path}:{reader.line_num}: not CSV ({error})") from None
    if not lines:
        raise GraderError(f"{path}: empty; the roster needs a header line (student_id,name,email)")
    header = lines[0][1]
    columns = {kind: _column(header, choices) for kind, choices in
               (("id", ID_COLUMNS), ("name", NAME_COLUMNS), ("email", EMAIL_COLUMNS), ("lms", LMS_COLUMNS),
                ("alias", ALIAS_COLUMNS))}
    if columns["id"] is None:
        raise GraderError(f"{path}:1: no student id column (one of {', '.join(ID_COLUMNS[:4])}) in the header "
                          f"{','.join(header)!r}")
    students, seen = [], {}
    for number, row in lines[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise GraderError(f"{path}:{number}: {len(row)} fields where the header has {len(header)}")
        cell = {kind: row[index].strip() if index is not None else "" for kind, index in columns.items()}
        if not cell["id"]:
            raise GraderError(f"{path}:{number}: no student id")
        if cell["id"] in seen:
            raise GraderError(f"{path}:{number}: student id {cell['id']!r} again (first on line {seen[cell['id']]})")
        seen[cell["id"]] = number
        keys = {normalise(cell["id"])} | (name_keys(cell["name"]) if cell["name"] else set())
        keys |= {normalise(cell[kind]) for kind in ("email", "lms", "alias") if cell[kind]}
        if cell["email"]:
            keys.add(normalise(cell["email"].split("@")[0]))
        students.append(Student(cell["id"], cell["name"], frozenset(key for key in keys if key), cell["email"],
                                cell["lms"]))
    return students


@dataclass
class Matched:
    by_submission: dict[str, Student]  # submission name -> student
    missing: list[Student]  # on the roster, no submission
    unknown: list[str]  # submissions matching nobody (or more than one student)


def match(roster: list[Student], submissions: dict[str, Iterable[str]]) -> Matched:
    """Each submission (its name and what else it is known by: LMS id, emails, names) to one roster student."""
    index: dict[str, list[Student]] = {}
    for student in roster:
        for key in student.keys:
            index.setdefault(key, []).append(student)
    found: dict[str, Student] = {}
    unknown = []
    for name, known_as in submissions.items():
        keys = {normalise(name)} | {key for text in known_as if text for key in name_keys(text) | {normalise(text)}}
        candidates = {student.student_id: student for key in keys for student in index.get(key, [])}
        if len(candidates) == 1:
            found[name] = next(iter(candidates.values()))
        else:
            unknown.append(name)
    taken = {student.student_id for student in found.values()}
    return Matched(found, [student for student in roster if student.student_id not in taken], unknown)
