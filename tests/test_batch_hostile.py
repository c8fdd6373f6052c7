"""grade-all against a hostile or careless class folder: huge and linked files, clashing names, hidden entries."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tracemalloc
from pathlib import Path

from click.testing import CliRunner

from grader.batch import BatchOptions, _digest, find_submissions, report_names, run_batch
from grader.catalog import load_catalog
from grader.cli import cli
from grader.sandbox.pool import MAX_SOURCE_BYTES, SandboxLimits

from conftest import EXERCISES, SOLUTIONS

FIRST = load_catalog()[0]
OPTIONS = BatchOptions(jobs=2, limits=SandboxLimits(timeout=5))


def solved(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / FIRST.filename, folder / FIRST.filename)
    return folder


def rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


def test_the_digest_streams_and_never_reads_a_huge_file(tmp_path):
    """A 10 GiB sparse file once killed the batch for memory before any grade was written (1 GiB here: a
    regression fails on the memory peak instead of taking the test machine down)."""
    folder = solved(tmp_path / "bob")
    with (folder / "ex09_big.py").open("wb") as handle:
        handle.truncate(1 << 30)
    tracemalloc.start()
    digest, count = _digest(folder)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * MAX_SOURCE_BYTES and digest and count == 2
    with (folder / "ex09_big.py").open("r+b") as handle:  # a different huge file is a different submission
        handle.truncate(2 << 30)
    assert _digest(folder)[0] != digest


def test_the_digest_is_bounded_for_fifos_and_files_just_over_the_cap(tmp_path):
    folder = solved(tmp_path / "bob")
    os.mkfifo(folder / "answers.yaml")  # opening it to read would block without O_NONBLOCK
    os.mkfifo(folder / "ex02_fifo.py")
    (folder / "ex03_over.py").write_bytes(b"#" * (MAX_SOURCE_BYTES + 1))
    digest, count = _digest(folder)
    assert digest and count == 2  # the solved file and the oversized one; FIFOs are not submission files


def test_a_change_behind_a_symlink_is_graded_again(tmp_path):
    """The digest once hashed the link's target path: a broken implementation behind it kept full marks."""
    submissions = tmp_path / "class"
    bob = solved(submissions / "bob")
    implementation = bob / "impl" / "mine.py"
    implementation.parent.mkdir()
    (bob / FIRST.filename).rename(implementation)
    (bob / FIRST.filename).symlink_to(Path("impl") / "mine.py")
    out = tmp_path / "out"
    seen: list[tuple[str, str]] = []
    run_batch(find_submissions(submissions), out, OPTIONS, progress=lambda *item: seen.append(item))
    first = dict(seen)["bob"]
    implementation.write_text((EXERCISES / FIRST.filename).read_text(encoding="utf-8"), encoding="utf-8")
    seen.clear()
    run_batch(find_submissions(submissions), out, OPTIONS, progress=lambda *item: seen.append(item))
    assert first == "graded" and dict(seen)["bob"] == "graded"  # not "cached": what grading reads changed
    assert int(rows(out)["bob"][FIRST.id]) == 0  # the stub behind the link (or the refused link) scores nothing


def test_every_entry_is_graded_or_listed_and_reports_never_collide(tmp_path):
    submissions = tmp_path / "class"
    for name in ("bob smith", "bob_smith", "Alice", "alice", "=eve"):
        solved(submissions / name)
    (submissions / ".git").mkdir()
    (submissions / ".DS_Store").write_bytes(b"\0\0")
    (submissions / "notes.zip").write_bytes(b"PK")
    (submissions / "linked").symlink_to(submissions / "alice")
    out = submissions / "grades"  # the output folder inside the class folder, as on a second run
    out.mkdir()
    run_batch(find_submissions(submissions, skip=out), out, OPTIONS)
    table = rows(out)
    for name in ("bob smith", "bob_smith", "Alice", "alice", "'=eve"):
        assert table[name]["status"] == "graded" and int(table[name][FIRST.id]) == FIRST.max_score
    assert table[".git"]["status"] == table[".DS_Store"]["status"] == "skipped"
    assert "hidden" in table[".git"]["reason"]
    assert table["grades"]["status"] == "skipped" and "output folder" in table["grades"]["reason"]
    assert table["notes.zip"]["status"] == "ungradable" and "a file" in table["notes.zip"]["reason"]
    assert table["linked"]["status"] == "ungradable" and "symbolic link" in table["linked"]["reason"]
    reports = {json.loads(path.read_text(encoding="utf-8"))["submission"] for path in (out / "reports").glob("*.json")}
    assert len(reports) == 5  # one report per graded submission, none overwritten
    assert len({name.casefold() for name in os.listdir(out / "reports")}) == 5
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["submissions"] == 7 and summary["graded"] == 5 and summary["skipped"] == 3
    assert ".DS_Store" in (out / "summary.md").read_text(encoding="utf-8")


def test_report_names_are_stable_and_distinct():
    names = report_names(["bob smith", "bob_smith", "carol"])
    assert names["carol"] == "carol.json"  # a name that is already safe and unique is kept
    assert len(set(names.values())) == 3 and names == report_names(["carol", "bob_smith", "bob smith"])
    hostile = report_names(["../etc", "a" * 300, "bob", names["bob smith"][:-5]])
    assert all("/" not in value and len(value) < 130 for value in hostile.values())
    assert len(set(hostile.values())) == 4


def test_folder_names_that_are_not_utf8_or_hold_escapes_are_graded_and_written_safely(tmp_path):
    submissions = tmp_path / "class"
    submissions.mkdir()
    solved(Path(os.fsdecode(bytes(submissions) + b"/caf\xe9")))
    solved(submissions / "x\x1b[2J\nbob")  # a terminal escape and a newline, in grades.csv and the console
    out = tmp_path / "out"
    run_batch(find_submissions(submissions), out, OPTIONS)
    table = rows(out)
    assert len(table) == 2 and all(row["status"] == "graded" for row in table.values())
    assert sorted(name.split("~")[0] for name in table) == ["caf\ufffd", "x\ufffd[2J\ufffdbob"]
    assert "\x1b" not in (out / "grades.csv").read_text(encoding="utf-8")


def test_grade_json_survives_a_folder_name_that_is_not_utf8(tmp_path):
    folder = solved(Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9")))
    result = CliRunner().invoke(cli, ["grade", str(folder), "--format", "json", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["submission"].endswith("caf\ufffd")


def test_many_sparse_files_are_not_all_read_by_the_digest_or_by_staging(tmp_path, monkeypatch):
    """Red team: 20,000 sparse 1 MiB files (0.5 MB of disk) took the digest 87 s and staging 20 GB of reads.

    Each file was under the size cap, and nothing bounded how many were read: the digest now reads at
    most what staging could copy (past that a file is known by size, times and inode), and staging
    refuses a file that would pass the total cap before reading it, with a bounded list of warnings.
    """
    from grader import batch
    from grader.sandbox import pool

    folder = tmp_path / "alice"
    solved(folder)
    for index in range(1000):
        with open(folder / f"pad_{index:04d}.py", "wb") as handle:
            handle.truncate(1 << 20)
    real_read = os.read
    read = [0]

    def counting_read(fd, size):
        chunk = real_read(fd, size)
        read[0] += len(chunk)
        return chunk

    monkeypatch.setattr(os, "read", counting_read)
    digest, count = _digest(folder)
    assert count > 1000
    assert read[0] <= batch.READ_BUDGET + MAX_SOURCE_BYTES, f"the digest read {read[0] >> 20} MiB"
    monkeypatch.setattr(os, "read", real_read)
    with open(folder / "pad_0999.py", "r+b") as handle:  # a change past the budget still changes the digest
        handle.write(b"x = 1\n")
    assert _digest(folder)[0] != digest

    real_source = pool.read_source
    staged = [0]

    def counting_source(path, limit=MAX_SOURCE_BYTES):
        body = real_source(path, limit)
        staged[0] += len(body or b"")
        return body

    monkeypatch.setattr(pool, "read_source", counting_source)
    with pool.Sandbox(SandboxLimits(timeout=3)) as sandbox:
        _, warnings = sandbox.stage(folder)
    assert staged[0] <= pool.MAX_SUBMISSION_BYTES + MAX_SOURCE_BYTES, f"staging read {staged[0] >> 20} MiB"
    assert len(warnings) <= pool.MAX_STAGING_WARNINGS + 1 and "more files ignored" in warnings[-1]


def test_a_submission_named_like_the_caches_own_keys_cannot_break_later_batches(tmp_path):
    """Red team: the cache kept its version number beside the entries, so a folder named "format" replaced it.

    The next grade-all then crashed on the number where an entry should be: no grades for anyone.
    """
    submissions = tmp_path / "class"
    for name in ("format", "entries", "alice"):
        solved(submissions / name)
    out = tmp_path / "out"
    for _ in range(2):
        seen: list[tuple[str, str]] = []
        run_batch(find_submissions(submissions), out, OPTIONS, progress=lambda *item: seen.append(item))
    assert dict(seen) == {"format": "cached", "entries": "cached", "alice": "cached"}
    assert {name: row["status"] for name, row in rows(out).items()} == dict.fromkeys(("alice", "entries", "format"),
                                                                                     "graded")


def test_a_folder_the_grader_cannot_read_is_listed_not_fatal(tmp_path, monkeypatch):
    """Red team: a mode-000 folder (from a student's archive) stopped grade-all with a traceback, no grades at all.

    As an ordinary user, `(entry / "exercises").is_dir()` raised PermissionError inside find_submissions.
    Root reads past file modes, so the test also makes that very call fail the way it did.
    """
    submissions = tmp_path / "class"
    solved(submissions / "alice")
    locked = solved(submissions / "locked" / "exercises").parent
    (submissions / "deep" / "exercises").mkdir(parents=True)
    real_is_dir = Path.is_dir

    def is_dir(path: Path) -> bool:
        if path.parent.name == "locked" and path.name == "exercises":
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_dir(path)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    locked.chmod(0)
    (submissions / "deep" / "exercises").chmod(0)
    try:
        found = {submission.name: submission for submission in find_submissions(submissions)}
    finally:
        locked.chmod(0o755)
        (submissions / "deep" / "exercises").chmod(0o755)
    assert found["alice"].problem == ""
    assert found["locked"].problem == "cannot be read (Permission denied)"
    if os.geteuid() != 0:  # root reads it anyway
        assert found["deep"].problem == "cannot be read (Permission denied)"
