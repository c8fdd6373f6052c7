"""A class folder as submissions: folders, zips and tar.gz, and Canvas, Moodle and Gradescope downloads.

Every entry ends as a submission to grade, one listed as ungradable with the reason, or one skipped (junk,
the batch's own output). Archives are unpacked, and exercise files found deeper than a submission's top
copied, into the output folder's .intake/ (recreated at every run), never beside the students' files.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from grader.batch import Submission, _display_name, _folder_submission, report_names
from grader.instructor import archives, layouts, locate
from grader.instructor.deadline import SubmittedAt, submission_time
from grader.instructor.junk import is_junk, junk_reason
from grader.instructor.layouts import Entry
from grader.quiz.answers import ANSWERS_FILE

INTAKE_DIR = ".intake"
# What is copied from a located folder: what grading reads (the sandbox stages *.py, the quiz answers)
# and exercise notebooks, regular files only, each within the archive cap.
COPIED_SUFFIXES = (".py", ".ipynb")
MAX_COPIED_FILES = 200


@dataclass
class Intake:
    """What intake learnt about one submission, for its row in grades.csv and the summary."""

    layout: str = "folder"
    found_in: str = ""
    known_as: tuple[str, ...] = ()  # LMS ids, names, emails: what a roster may know the student by
    submitted: SubmittedAt | None = None
    late_marked: bool = False
    notes: tuple[str, ...] = ()


def gather(root: Path, skip: Path | None, out: Path) -> tuple[list[Submission], dict[str, Intake]]:
    """Every entry of the class folder `root` as a Submission (see the module's docstring)."""
    work = out / INTAKE_DIR
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    output = skip.resolve() if skip is not None else None
    found: list[Submission] = []
    names = []
    for entry in sorted(os.listdir(root)):
        path = root / entry
        if output is not None and path.resolve() == output:
            found.append(Submission(_display_name(entry), path, skipped="the output folder of this batch"))
        elif is_junk(entry):
            found.append(Submission(_display_name(entry), path, skipped=junk_reason(entry)))
        elif path.is_symlink():
            found.append(Submission(_display_name(entry), path, problem="a symbolic link, not a submission folder"))
        else:
            names.append(entry)
    grouped, rest = layouts.group_entries(root, names)
    if any(entry.layout == "gradescope" for entry in grouped):
        found.append(Submission(layouts.GRADESCOPE_METADATA, root / layouts.GRADESCOPE_METADATA,
                                skipped="the Gradescope export's metadata (its names and times are used)"))
    for name in rest:
        path = root / name
        if path.is_dir():
            grouped.append(Entry(name, [path]))
        elif archives.is_archive(path):
            grouped.append(Entry(archives.archive_stem(name), [path], "archive"))
        else:
            found.append(Submission(_display_name(name), path,
                                    problem="a file, not a submission folder or archive (.zip, .tar.gz)"))
    details = {}
    safe = report_names([_display_name(entry.name) for entry in grouped])
    for entry in grouped:
        submission, intake = _take(entry, work, safe[_display_name(entry.name)].removesuffix(".json"))
        found.append(submission)
        details[submission.name] = intake
    return sorted(found, key=lambda item: item.name), details


def _take(entry: Entry, work: Path, safe: str) -> tuple[Submission, Intake]:
    name = _display_name(entry.name)
    intake = Intake(entry.layout, known_as=tuple(_known_as(entry)), late_marked=entry.late_marked,
                    notes=tuple(entry.notes))
    if entry.layout == "folder" or (entry.layout == "gradescope" and len(entry.paths) == 1):
        tree = entry.paths[0]
    else:
        tree = work / "unpacked" / safe
        try:
            _assemble(entry, tree, intake)
        except (archives.ArchiveRefused, OSError) as error:  # one bad entry never stops the class's intake
            shutil.rmtree(tree, ignore_errors=True)
            return Submission(name, entry.paths[0], problem=f"the archive cannot be used: {error}"), intake
    origin = entry.paths[0] if entry.paths else tree  # a Moodle entry may hold only online text
    located = locate.locate(tree)
    repository = _repository(tree, located.folder if located else tree)
    intake.submitted = submission_time(entry.submitted_at, entry.layout.capitalize(), repository,
                                       located.folder if located else tree)
    if located is None:
        return Submission(name, origin, problem="no exercise files (exNN_*.py) and no answers.yaml "
                                                        "found anywhere in it"), intake
    intake.found_in = located.where
    if located.where in (".", "exercises"):
        return _folder_submission(name, tree), intake  # graded where it is, as a plain folder always was
    # Deeper: the located files are copied into a folder named after the submission, so that nothing else
    # of the tree is staged and the student's id (held-out cases, quiz versions) is never a folder like myhw.
    graded = work / "graded" / safe
    _copy_exercise_files(located.folder, graded)
    return _folder_submission(name, graded), intake


def _known_as(entry: Entry) -> list[str]:
    known = [entry.user_id] if entry.user_id else []
    for person in entry.people:
        known += [value for value in person.values() if value]
    if entry.layout == "archive":
        known.append(entry.name)
    return known


def _assemble(entry: Entry, tree: Path, intake: Intake) -> None:
    """One folder holding the entry's files under their own names, archives unpacked (one level only)."""
    if len(entry.paths) == 1 and archives.is_archive(entry.paths[0]):
        intake.notes += tuple(archives.unpack(entry.paths[0], tree).notes)
        return
    tree.mkdir(parents=True)
    for path in sorted(entry.paths, key=layouts.upload_order):  # a file uploaded again (-1, -2) after the first
        original = layouts.original_name(entry, path)
        if path.is_dir() and not path.is_symlink():
            _copy_tree(path, tree)
        elif archives.is_archive(path):
            target = tree / archives.archive_stem(original)
            if target.exists():
                target = tree / _display_name(path.name)
            intake.notes += tuple(archives.unpack(path, target).notes)
        else:
            _copy_file(path, tree / original, intake)


def _copy_tree(source: Path, target: Path) -> None:
    """A Moodle folder's files, archives unpacked into a folder of their name; links and junk left out."""
    for name in sorted(os.listdir(source)):
        path = source / name
        if is_junk(name) or path.is_symlink():
            continue
        if archives.is_archive(path):
            archives.unpack(path, target / archives.archive_stem(name))
        elif path.is_dir():
            (target / name).mkdir(exist_ok=True)
            _copy_tree(path, target / name)
        else:
            _copy_file(path, target / name, None)


def _copy_file(source: Path, target: Path, intake: Intake | None) -> None:
    """A regular file's bytes, read without following a link, within the archive's per-file cap."""
    try:
        handle = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    with os.fdopen(handle, "rb") as opened:
        info = os.fstat(opened.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > archives.MAX_FILE_BYTES:
            if intake is not None:
                intake.notes += (f"{source.name}: not a regular file or larger than "
                                 f"{archives.MAX_FILE_BYTES >> 20} MiB, left out",)
            return
        if target.exists():  # Canvas's -1 renaming of a re-upload: the latest submission is the one kept
            target.unlink()
        target.write_bytes(opened.read(archives.MAX_FILE_BYTES + 1))
    os.utime(target, (info.st_atime, info.st_mtime))


def _copy_exercise_files(folder: Path, target: Path) -> None:
    target.mkdir(parents=True)
    copied = 0
    for name in sorted(os.listdir(folder)):
        if copied >= MAX_COPIED_FILES:
            break
        if name.endswith(COPIED_SUFFIXES) or name == ANSWERS_FILE:
            _copy_file(folder / name, target / name, None)
            copied += 1


def _repository(tree: Path, located: Path) -> Path | None:
    """The git repository holding the located folder inside the submission (its own .git folder), if any."""
    for folder in [located, *located.parents]:
        if (folder / ".git").is_dir():
            return folder
        if folder == tree or tree not in folder.parents:
            return None
    return None
