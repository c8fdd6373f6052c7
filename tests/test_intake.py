"""Intake of a class folder: zips and tar.gz (nested, with junk, hostile), Canvas, Moodle and Gradescope downloads."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.instructor import archives, layouts, locate

from conftest import EXERCISES, SOLUTIONS

MSE = (SOLUTIONS / "ex01_mse.py").read_bytes()
MAE = (SOLUTIONS / "ex02_mae.py").read_bytes()


def make_zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
        for name, target in (links or {}).items():  # a symlink as Info-ZIP stores one: mode in the high bits
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def make_tar(path: Path, members: dict[str, bytes], extra: list[tarfile.TarInfo] = ()) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(body), 1_700_000_000
            archive.addfile(info, io.BytesIO(body))
        for info in extra:
            archive.addfile(info)
    return path


def read_rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


def grade_all(*args: str) -> object:
    return CliRunner().invoke(cli, ["grade-all", *args, "--jobs", "2", "--no-held-out", "--timeout", "5"])


# ---------------------------------------------------------------- unpacking


def test_traversal_absolute_paths_and_links_never_leave_the_target(tmp_path):
    zipped = make_zip(tmp_path / "evil.zip", {"../escaped.py": b"x", "/tmp/absolute.py": b"x",
                                              "ok/ex01_mse.py": MSE, "..\\windows.py": b"x"},
                      links={"ok/ex02_mae.py": "/etc/passwd"})
    unpacked = archives.unpack(zipped, tmp_path / "zip")
    link = tarfile.TarInfo("ok/ex03_huber.py")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hard = tarfile.TarInfo("ok/ex04_binary_cross_entropy.py")
    hard.type, hard.linkname = tarfile.LNKTYPE, "/etc/passwd"
    device = tarfile.TarInfo("ok/null")
    device.type = tarfile.CHRTYPE
    tarred = make_tar(tmp_path / "evil.tar.gz", {"../../escaped2.py": b"x", "ok/ex01_mse.py": MSE},
                      [link, hard, device])
    untarred = archives.unpack(tarred, tmp_path / "tar")
    assert not (tmp_path / "escaped.py").exists() and not (tmp_path.parent / "escaped2.py").exists()
    assert not Path("/tmp/absolute.py").exists()
    for root in (tmp_path / "zip", tmp_path / "tar"):
        files = [path for path in root.rglob("*")]
        assert not any(path.is_symlink() for path in files)
        assert {path.relative_to(root).as_posix() for path in files if path.is_file()} == {"ok/ex01_mse.py"}
        assert (root / "ok" / "ex01_mse.py").read_bytes() == MSE
    assert any("symbolic link" in note for note in unpacked.notes) and any("leaving" in note for note in unpacked.notes)
    assert {"a symbolic link", "a hard link", "not a regular file"} <= {note.split(": ", 1)[1].removesuffix(", left out")
                                                                        for note in untarred.notes if ": " in note}
    assert os.path.getmtime(tmp_path / "tar" / "ok" / "ex01_mse.py") == 1_700_000_000  # the archive's own time


def test_a_zip_bomb_stops_at_the_caps(tmp_path, monkeypatch):
    bomb = make_zip(tmp_path / "bomb.zip", {"ex01_mse.py": b"\0" * (3 << 20)})  # 3 MiB of zeros: 3 KiB zipped
    assert bomb.stat().st_size < 20_000
    monkeypatch.setattr(archives, "MAX_FILE_BYTES", 1 << 20)
    with pytest.raises(archives.ArchiveRefused, match="more than 1 MiB"):
        archives.unpack(bomb, tmp_path / "one")
    monkeypatch.setattr(archives, "MAX_FILE_BYTES", 4 << 20)
    monkeypatch.setattr(archives, "MAX_TOTAL_BYTES", 5 << 20)
    many = make_zip(tmp_path / "many.zip", {f"f{index}.py": b"\0" * (2 << 20) for index in range(3)})
    with pytest.raises(archives.ArchiveRefused, match="more than 5 MiB"):
        archives.unpack(many, tmp_path / "two")
    monkeypatch.setattr(archives, "MAX_MEMBERS", 10)
    crowded = make_zip(tmp_path / "crowded.zip", {f"f{index}.py": b"" for index in range(11)})
    with pytest.raises(archives.ArchiveRefused, match="11 entries"):
        archives.unpack(crowded, tmp_path / "three")


def test_exercise_files_are_found_at_any_depth_and_junk_is_never_searched(tmp_path):
    root = tmp_path / "sub"
    (root / "repo" / "exercises").mkdir(parents=True)
    (root / "__MACOSX" / "repo" / "exercises").mkdir(parents=True)
    for name in ("ex01_mse.py", "ex02_mae.py", "ex03_huber.py"):
        (root / "__MACOSX" / "repo" / "exercises" / name).write_bytes(b"junk")
    (root / "repo" / "exercises" / "ex01_mse.py").write_bytes(MSE)
    (root / "repo" / "exercises" / "ex02_mae.ipynb").write_text("{}")  # a notebook named like an exercise counts
    (root / "scratch").mkdir()
    (root / "scratch" / "ex01_mse.py").write_bytes(b"an old draft")
    found = locate.locate(root)
    assert found is not None and found.where == "repo/exercises"
    assert locate.locate(tmp_path / "sub" / "scratch").where == "."
    (tmp_path / "nothing").mkdir()
    assert locate.locate(tmp_path / "nothing") is None


# ---------------------------------------------------------------- LMS layouts


def test_canvas_moodle_and_gradescope_entries_are_grouped_per_student(tmp_path):
    canvas = tmp_path / "canvas"
    canvas.mkdir()
    for name in ("doejane_1234_98765_ex01_mse.py", "doejane_1234_98765_ex02_mae-1.py",
                 "roebob_late_5678_98766_hw.zip", "notes.txt"):
        (canvas / name).write_bytes(b"x")
    entries, rest = layouts.group_entries(canvas, sorted(os.listdir(canvas)))
    by_name = {entry.name: entry for entry in entries}
    assert set(by_name) == {"doejane_1234", "roebob_5678"} and rest == ["notes.txt"]
    assert by_name["roebob_5678"].late_marked and not by_name["doejane_1234"].late_marked
    assert sorted(layouts.original_name(by_name["doejane_1234"], path) for path in by_name["doejane_1234"].paths) \
        == ["ex01_mse.py", "ex02_mae.py"]  # Canvas's -1 for a file uploaded again is dropped
    moodle = tmp_path / "moodle"
    for name in ("Jane Doe_301_assignsubmission_file", "Jane Doe_301_assignsubmission_onlinetext",  # Moodle 4.x
                 "Al Roe_302_assignsubmission_file_"):  # Moodle 3.x: a trailing _
        (moodle / name).mkdir(parents=True)
    (moodle / "Bo Li_303_assignsubmission_file_ex01_mse.py").write_bytes(MSE)  # not in folders
    entries, _ = layouts.group_entries(moodle, sorted(os.listdir(moodle)))
    assert [(entry.name, entry.user_id, len(entry.paths)) for entry in entries] == [
        ("Al Roe_302", "302", 1), ("Bo Li_303", "303", 1), ("Jane Doe_301", "301", 1)]
    assert "onlinetext" in entries[2].notes[0]
    assert layouts.original_name(entries[1], entries[1].paths[0]) == "ex01_mse.py"
    export = gradescope_export(tmp_path / "gs", "2027-03-03 10:00:00.123456789 +08:00")
    entries, _ = layouts.group_entries(export, sorted(os.listdir(export)))
    (entry,) = entries
    assert entry.name == "Jane Doe (submission_111)" and entry.people[0]["email"] == "jane@example.edu"
    assert entry.submitted_at.isoformat() == "2027-03-03T10:00:00.123456+08:00"


def test_a_canvas_reupload_replaces_the_first_file(tmp_path):
    from grader.instructor.intake import gather

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "doejane_1234_98765_ex01_mse.py").write_bytes(b"# first upload")
    (folder / "doejane_1234_98765_ex01_mse-1.py").write_bytes(MSE)  # Canvas's name for the same file, again
    (folder / "doejane_1234_98765_ex01_mse-2.py").write_bytes(b"# latest upload")
    submissions, intake = gather(folder, None, tmp_path / "out")
    (submission,) = submissions
    assert (submission.folder / "ex01_mse.py").read_bytes() == b"# latest upload"
    assert intake[submission.name].known_as == ("1234", "doejane")


def gradescope_export(folder: Path, created_at: str) -> Path:
    """A Gradescope "Export Submissions" folder: submission_metadata.yml and one submission folder."""
    (folder / "submission_111" / "hw").mkdir(parents=True)
    (folder / "submission_111" / "hw" / "ex01_mse.py").write_bytes(MSE)
    (folder / "submission_metadata.yml").write_text(
        "submission_111:\n"
        "  :submitters:\n"
        "  - :name: Jane Doe\n"
        "    :sid: '2027001'\n"
        "    :email: jane@example.edu\n"
        f"  :created_at: {created_at}\n"
        "  :score: 0.0\n"
        "  :status: processed\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------- a whole class through grade-all


@pytest.fixture(scope="module")
def mixed_class(tmp_path_factory):
    """Zips with nesting and junk, a tar.gz repository, Canvas files, a Moodle folder, hostile and broken ones."""
    root = tmp_path_factory.mktemp("intake")
    folder = root / "class"
    folder.mkdir()
    make_zip(folder / "alice.zip", {"myhw/ex01_mse.py": MSE, "myhw/answers.yaml": b"what_is_loss: [unclosed\n",
                                    "__MACOSX/myhw/._ex01_mse.py": b"junk", "myhw/.DS_Store": b"\0"})
    make_tar(folder / "bob.tar.gz", {"bob-main/repo/exercises/ex01_mse.py": MSE,
                                     "bob-main/repo/exercises/ex02_mae.py": MAE})
    (folder / "doejane_1234_555_ex01_mse.py").write_bytes(MSE)  # Canvas: one file per exercise, one student
    (folder / "doejane_1234_555_ex02_mae.py").write_bytes(MAE)
    moodle = folder / "Carl Roe_301_assignsubmission_file_"
    moodle.mkdir()
    make_zip(moodle / "work.zip", {"deep/er/still/ex01_mse.py": MSE})
    make_zip(folder / "evil.zip", {"../../escaped.py": b"x", "ex01_mse.py": MSE}, links={"ex02_mae.py": "/etc/passwd"})
    make_zip(folder / "junkonly.zip", {"__MACOSX/._x": b"", "notes/readme.txt": b"hello"})
    (folder / "broken.zip").write_bytes(b"PK\3\4 not really")
    (folder / "__MACOSX").mkdir()
    (folder / "Thumbs.db").write_bytes(b"\0")
    (folder / "plain").mkdir()
    (folder / "plain" / "ex01_mse.py").write_bytes((EXERCISES / "ex01_mse.py").read_bytes())
    out = root / "grades"
    result = grade_all(str(folder), "-o", str(out))
    return root, out, result


def test_every_entry_ends_in_grades_csv_graded_or_with_its_reason(mixed_class):
    root, out, result = mixed_class
    assert result.exit_code == 0, result.output
    table = read_rows(out)
    assert set(table) == {"alice", "bob", "doejane_1234", "Carl Roe_301", "evil", "junkonly", "broken", "plain",
                          "__MACOSX", "Thumbs.db"}
    for name in ("alice", "bob", "doejane_1234", "Carl Roe_301", "evil", "plain"):
        assert table[name]["status"] == "graded", (name, table[name])
    assert table["__MACOSX"]["status"] == table["Thumbs.db"]["status"] == "skipped"
    for name, reason in (("junkonly", "no exercise files"), ("broken", "cannot be used")):
        assert table[name]["status"] == "ungradable" and reason in table[name]["reason"]
        assert table[name]["total"] == "0" and reason in table[name]["problems"]  # 0, not blank
    assert not (root / "escaped.py").exists() and not (out / "escaped.py").exists()


def test_exercise_files_are_found_where_they_sit_and_said_so(mixed_class):
    _, out, _ = mixed_class
    table = read_rows(out)
    expected = {"alice": "myhw", "bob": "bob-main/repo/exercises", "doejane_1234": ".", "Carl Roe_301":
                "work/deep/er/still", "plain": "."}
    assert {name: table[name]["found_in"] for name in expected} == expected
    full = {"ex01_mse": "12", "ex02_mae": "12"}  # the solutions' scores
    assert table["bob"]["ex01_mse"] == table["bob"]["ex02_mae"] == table["doejane_1234"]["ex02_mae"] == full["ex02_mae"]
    assert table["alice"]["ex01_mse"] == table["Carl Roe_301"]["ex01_mse"] == full["ex01_mse"]
    assert table["plain"]["ex01_mse"] == "0"  # the stub
    assert table["evil"]["ex02_mae"] == "0" and "symbolic link" in table["evil"]["problems"]


def test_an_invalid_answers_file_is_a_problem_in_the_csv_and_the_summary(mixed_class):
    _, out, _ = mixed_class
    alice = read_rows(out)["alice"]
    assert alice["status"] == "graded" and "answers.yaml" in alice["problems"] and "every quiz scored 0" in alice["problems"]
    summary = (out / "summary.md").read_text(encoding="utf-8")
    section = summary.split("## Problems that cost points", 1)[1]
    assert "alice" in section and "answers.yaml" in section and "junkonly" in section
    assert any(entry["name"] == "alice" for entry in json.loads((out / "summary.json").read_text())["problems"])


def test_a_gradescope_export_is_graded_per_submission_folder(tmp_path):
    export = gradescope_export(tmp_path / "export", "2027-03-03 10:00:00 +08:00")
    result = grade_all(str(export), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    table = read_rows(tmp_path / "out")
    row = table["Jane Doe (submission_111)"]
    assert row["status"] == "graded" and row["ex01_mse"] == "12" and row["found_in"] == "hw"
    assert row["time_source"] == "Gradescope submission time" and row["submitted_at"] == "2027-03-03T10:00:00+08:00"
    assert table["submission_metadata.yml"]["status"] == "skipped"  # the export's own file is not a student
