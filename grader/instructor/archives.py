"""Safe unpacking of a student's zip or tar.gz: the standard library only, nothing in it ever run or followed."""

from __future__ import annotations

import os
import stat
import tarfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

from grader.instructor.junk import is_junk

ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")
# Caps on what one archive may unpack to. A submission is a few kilobytes of Python and an answers
# file; notebooks with figures reach megabytes. A zip bomb (42.zip: 42 KB to 4.5 PB) stops at the cap,
# counted in bytes actually written, never in the sizes the archive claims.
MAX_MEMBERS = 2000
MAX_FILE_BYTES = 16 << 20
MAX_TOTAL_BYTES = 64 << 20
MAX_DEPTH = 16
_CHUNK = 1 << 16


class ArchiveRefused(Exception):
    """The archive cannot be used at all (unreadable, or past a cap): the submission is ungradable."""


@dataclass
class Unpacked:
    folder: Path
    notes: list[str] = field(default_factory=list)  # members left out, and why (links, unsafe paths, junk)


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def archive_stem(name: str) -> str:
    """The name without its archive suffix: alice.tar.gz -> alice."""
    for suffix in ARCHIVE_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return name


def unpack(archive: Path, target: Path) -> Unpacked:
    """Unpack `archive` into the new folder `target`; raise ArchiveRefused when it cannot be used.

    Only regular files and folders are written, each under `target`: absolute paths, `..`, links (symbolic
    or hard), devices and junk (__MACOSX, .DS_Store) are left out and noted. Files are created exclusively
    and never through a link; each keeps the time recorded in the archive (a deadline may use it).
    """
    target.mkdir(parents=True)
    result = Unpacked(target)
    budget = [MAX_TOTAL_BYTES]
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as opened:
                _unpack_members(_zip_members(opened), target, result, budget)
        elif tarfile.is_tarfile(archive):
            with tarfile.open(archive, "r:*") as opened:
                _unpack_members(_tar_members(opened, target), target, result, budget)
        else:
            raise ArchiveRefused("not a zip or tar archive that can be read")
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, RuntimeError, NotImplementedError,
            ValueError) as error:  # RuntimeError: an encrypted zip; NotImplementedError: an unknown compression
        raise ArchiveRefused(f"{type(error).__name__}: {error}") from None
    return result


@dataclass
class _Member:
    name: str
    kind: str  # "file", "folder" or why it is left out
    mtime: float | None
    open: object = None  # a function returning a binary stream, for files


def _zip_members(opened: zipfile.ZipFile) -> Iterator[_Member]:
    infos = opened.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveRefused(f"holds {len(infos)} entries, more than {MAX_MEMBERS}")
    for info in infos:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            kind = "a symbolic link"
        elif info.is_dir():
            kind = "folder"
        elif stat.S_IFMT(mode) and not stat.S_ISREG(mode):  # no type bits: a plain file (zips made on Windows)
            kind = "not a regular file"
        else:
            kind = "file"
        try:
            mtime = time.mktime((*info.date_time, 0, 0, -1))  # zip times are the packing machine's local time
        except (OverflowError, ValueError):
            mtime = None
        yield _Member(info.filename.replace("\\", "/"), kind, mtime, lambda info=info: opened.open(info))


def _tar_members(opened: tarfile.TarFile, target: Path) -> Iterator[_Member]:
    count = 0
    for member in opened:  # streamed: a tar's member count is known only by reading it
        count += 1
        if count > MAX_MEMBERS:
            raise ArchiveRefused(f"holds more than {MAX_MEMBERS} entries")
        if member.issym() or member.islnk():
            kind = "a symbolic link" if member.issym() else "a hard link"
        elif member.isdir():
            kind = "folder"
        elif not member.isreg():
            kind = "not a regular file"
        else:
            kind = _data_filter_verdict(member, target)
        yield _Member(member.name, kind, float(member.mtime),
                      lambda member=member: opened.extractfile(member))


def _data_filter_verdict(member: tarfile.TarInfo, target: Path) -> str:
    """"file", or why the standard library's own safety filter refuses the member (Python 3.10.12+, 3.11.4+;
    before those it is absent, and the checks here, which refuse the same paths and links, stand alone)."""
    data_filter = getattr(tarfile, "data_filter", None)
    if data_filter is None:
        return "file"
    try:
        data_filter(member, str(target))
    except tarfile.TarError as error:  # FilterError and its kinds
        return f"refused by tarfile's data filter ({type(error).__name__})"
    return "file"


def _safe_parts(name: str) -> tuple[str, ...] | None:
    """The member's path as parts below the target, or None for an absolute path or one that climbs out."""
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = tuple(part for part in PurePosixPath(name).parts if part not in ("", "."))
    if not parts or ".." in parts or len(parts) > MAX_DEPTH or "\0" in name:
        return None
    return parts


def _unpack_members(members: Iterator[_Member], target: Path, result: Unpacked, budget: list[int]) -> None:
    for member in members:
        parts = _safe_parts(member.name)
        if parts is None:
            result.notes.append(f"{member.name!r}: an absolute path or one leaving the archive, left out")
            continue
        if any(is_junk(part) and part != ".git" for part in parts):
            continue  # __MACOSX/, .DS_Store: never part of what is graded (.git is kept: its last commit's time)
        if member.kind == "folder":
            _make_folders(target, parts)
            continue
        if member.kind != "file":
            result.notes.append(f"{'/'.join(parts)}: {member.kind}, left out")
            continue
        _make_folders(target, parts[:-1])
        path = target.joinpath(*parts)
        _write(member, path, budget, result)


def _make_folders(target: Path, parts: tuple[str, ...]) -> None:
    folder = target
    for part in parts:
        folder = folder / part
        if not folder.is_dir() or folder.is_symlink():  # nothing here creates links; a file of that name is refused
            folder.mkdir(mode=0o755)


def _write(member: _Member, path: Path, budget: list[int], result: Unpacked) -> None:
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        result.notes.append(f"{path.name}: twice in the archive, the first one kept")
        return
    written = 0
    with os.fdopen(handle, "wb") as out:
        source: IO[bytes] = member.open()  # type: ignore[operator]
        with source:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                budget[0] -= len(chunk)
                if written > MAX_FILE_BYTES:
                    raise ArchiveRefused(f"{member.name!r} unpacks to more than {MAX_FILE_BYTES >> 20} MiB")
                if budget[0] < 0:
                    raise ArchiveRefused(f"unpacks to more than {MAX_TOTAL_BYTES >> 20} MiB")
                out.write(chunk)
    if member.mtime is not None:
        os.utime(path, (member.mtime, member.mtime))
