"""The bulk downloads of Canvas, Moodle and Gradescope: which entries of a class folder are one student's.

Followed (see the README's instructor section; Moodle's checked against its source, Canvas's and
Gradescope's as their downloads are commonly described: neither publishes a specification):
- Canvas "Download Submissions": one flat folder of files named
  `lastfirst_userid_submissionid_filename`, with `late_` after the name for a late submission
  (`lastfirst_late_userid_submissionid_filename`); a student's several files share the prefix; a file
  uploaded again is renamed `name-1.py`. No submission time is in the download.
- Moodle "Download all submissions" (mod/assign: 4.x's classes/downloader.php, 3.x's locallib.php), with
  "Download submissions in folders": folders `Full Name_12345_assignsubmission_file` (4.x; 3.x adds a
  trailing `_`), where underscores in the name became spaces and 12345 is the participant id (a team's
  group id); without it, files `Full Name_12345_assignsubmission_file_filename`. `onlinetext` entries
  hold no code.
- Gradescope "Export Submissions" (programming assignments): `submission_metadata.yml` beside folders
  `submission_NNNN/`, keyed by folder name, each with `:submitters:` (`:name:`, `:sid:`, `:email:`) and
  `:created_at:` (the submission time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from grader.instructor.junk import is_junk

CANVAS_FILE = re.compile(r"^(?P<name>[^_]+)_(?:(?P<late>late)_)?(?P<user>\d+)_(?P<attempt>\d+)_(?P<file>.+)$",
                         re.IGNORECASE)
MOODLE_ENTRY = re.compile(r"^(?P<name>.+?)_(?P<user>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<file>.*))?$")
GRADESCOPE_METADATA = "submission_metadata.yml"
MAX_METADATA_BYTES = 8 << 20


@dataclass
class Entry:
    """One student's part of the class folder: the paths that make their submission, and what the LMS says."""

    name: str  # the row's name in grades.csv
    paths: list[Path]  # a folder, an archive, or (Canvas, Moodle files) several files
    layout: str = "folder"  # folder, archive, canvas, moodle, gradescope
    user_id: str = ""  # the LMS's id of the student
    people: list[dict[str, str]] = field(default_factory=list)  # name/email/sid of each submitter, when known
    submitted_at: datetime | None = None
    late_marked: bool = False  # Canvas's late_ marker
    notes: list[str] = field(default_factory=list)
    skipped: str = ""
    problem: str = ""


def group_entries(root: Path, names: list[str]) -> tuple[list[Entry], list[str]]:
    """The submissions among `names` (entries of `root` that are not junk) grouped by LMS layout.

    Returns the grouped entries and the names left to be taken one by one (plain folders and archives).
    """
    metadata = _gradescope_metadata(root, names)
    if metadata is not None:
        return _gradescope(root, names, metadata)
    grouped: dict[str, Entry] = {}
    rest = []
    for name in names:
        moodle = MOODLE_ENTRY.match(name)
        canvas = CANVAS_FILE.match(name) if (root / name).is_file() else None
        if moodle:
            key = f"{moodle['name']}_{moodle['user']}"
            entry = grouped.setdefault(key, Entry(key, [], "moodle", user_id=moodle["user"],
                                                   people=[{"name": moodle["name"]}]))
            if moodle["plugin"] != "file":
                entry.notes.append(f"{name}: a Moodle {moodle['plugin']} entry (no code), not graded")
            else:
                entry.paths.append(root / name)
        elif canvas:
            key = f"{canvas['name']}_{canvas['user']}"
            entry = grouped.setdefault(key, Entry(key, [], "canvas", user_id=canvas["user"],
                                                   people=[{"name": canvas["name"]}]))
            entry.paths.append(root / name)
            entry.late_marked = entry.late_marked or bool(canvas["late"])
        else:
            rest.append(name)
    return list(grouped.values()), rest


def original_name(entry: Entry, path: Path) -> str:
    """The name the student gave the file, without the LMS's prefix (and Canvas's -1 for a re-upload)."""
    if entry.layout == "canvas":
        match = CANVAS_FILE.match(path.name)
        name = match["file"] if match else path.name
        return re.sub(r"^(ex\d\d_\w+?)-\d+(\.(py|ipynb))$", r"\1\2", name)
    if entry.layout == "moodle":
        match = MOODLE_ENTRY.match(path.name)
        return (match["file"] if match else None) or path.name
    return path.name


def upload_order(path: Path) -> tuple[str, int]:
    """Sorts Canvas's renamed re-uploads (ex01_mse-1.py, -2) after the file they replace."""
    match = re.match(r"^(.*?)-(\d+)(\.\w+)$", path.name)
    return (match[1] + match[3], int(match[2])) if match else (path.name, 0)


def _gradescope_metadata(root: Path, names: list[str]) -> dict[str, Any] | None:
    if GRADESCOPE_METADATA not in names:
        return None
    import yaml

    from grader.yaml_loader import safe_load

    path = root / GRADESCOPE_METADATA
    try:
        if path.is_symlink() or path.stat().st_size > MAX_METADATA_BYTES:
            return None
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):  # unusable: the folders are graded as plain folders
        return None
    return data if isinstance(data, dict) else None


def _gradescope(root: Path, names: list[str], metadata: dict[str, Any]) -> tuple[list[Entry], list[str]]:
    entries, rest = [], []
    for name in names:
        if name == GRADESCOPE_METADATA:
            continue
        info = metadata.get(name)
        if not isinstance(info, dict):
            rest.append(name)
            continue
        people = [{"name": _text(person.get(":name")), "email": _text(person.get(":email")),
                   "sid": _text(person.get(":sid"))}
                  for person in (info.get(":submitters") or []) if isinstance(person, dict)]
        label = " + ".join(person["name"] for person in people if person["name"])
        entries.append(Entry(f"{label} ({name})" if label else name, [root / name], "gradescope",
                             user_id=name.removeprefix("submission_"), people=people,
                             submitted_at=_timestamp(info.get(":created_at"))))
    return entries, rest


def _text(value: Any) -> str:
    return str(value).strip()[:200] if isinstance(value, (str, int)) else ""


def _timestamp(value: Any) -> datetime | None:
    """A YAML timestamp (already a datetime) or its text, with its offset; None if there is none or no zone."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", value.strip()).replace(" -", "-")
                                           .replace(" +", "+"))
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    return None


def visible(names: list[str]) -> tuple[list[str], list[str]]:
    """The names that may be submissions, and the junk ones (listed as skipped)."""
    return [name for name in names if not is_junk(name)], [name for name in names if is_junk(name)]
