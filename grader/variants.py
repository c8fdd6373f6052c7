"""Per-student variants: the instructor's secret, the student's id, and the seeds derived from both."""

from __future__ import annotations

import configparser
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any, NamedTuple, Optional

import yaml

SECRET_ENV = "LOSS_COMPASS_SECRET"
# Where use_secret_file leaves the file's path, so that grading processes started afterwards (grade-all's jobs)
# read the same secret; an instructor may set it too, instead of --secret-file.
SECRET_FILE_ENV = "LOSS_COMPASS_SECRET_FILE"
_INSTRUCTORS_SECRET_FILE = os.environ.get(SECRET_FILE_ENV)  # as the process started, before any --secret-file
# Without a secret every variant is drawn from this seed: reproducible by anyone, so fine for practice only.
PUBLIC_SECRET = "loss-compass-public-seed"
METADATA_FILES = ("submission_metadata.json", "submission_metadata.yml", "submission_metadata.yaml")
# An id is a name, an email or a number: anything longer or multi-line is not one.
MAX_ID_CHARS = 200
# Files read to find an id are a student's: small ones only, so a planted huge file costs nothing.
MAX_FILE_BYTES = 256 * 1024


class SecretError(ValueError):
    """The secret file given cannot be used."""


class StudentId(NamedTuple):
    """A student's id and where it came from (answers.yaml, metadata, git, folder)."""

    value: str
    source: str


def use_secret_file(path: Optional[Path]) -> None:
    """Take the secret from `path` (a command's --secret-file), in this process and those it starts; None (no
    --secret-file given) goes back to the $LOSS_COMPASS_SECRET_FILE the instructor set, if any."""
    if path is not None:
        os.environ[SECRET_FILE_ENV] = str(Path(path).resolve())
    elif _INSTRUCTORS_SECRET_FILE is not None:
        os.environ[SECRET_FILE_ENV] = _INSTRUCTORS_SECRET_FILE
    else:
        os.environ.pop(SECRET_FILE_ENV, None)


def instructor_secret(secret_file: Optional[Path] = None) -> Optional[str]:
    """The secret: from `secret_file`, else the file set by use_secret_file (or $LOSS_COMPASS_SECRET_FILE),
    else $LOSS_COMPASS_SECRET; None if none."""
    path = secret_file or os.environ.get(SECRET_FILE_ENV) or None
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise SecretError(f"--secret-file {path}: cannot read: {error}") from None
        if not text:
            raise SecretError(f"--secret-file {path}: the file is empty")
        return text
    return os.environ.get(SECRET_ENV, "").strip() or None


def derive_key(secret: Optional[str], purpose: str) -> bytes:
    """32 bytes that only `secret` gives for `purpose` (HMAC-SHA256; the public seed when secret is None)."""
    # surrogateescape: an id from a folder name that is not UTF-8 hashes as the name's own bytes
    message = purpose.encode("utf-8", "surrogateescape")
    return hmac.new((secret or PUBLIC_SECRET).encode("utf-8", "surrogateescape"), message, hashlib.sha256).digest()


def derive_seed(secret: Optional[str], student_id: str, purpose: str) -> int:
    """A 64-bit seed for one student and one purpose (a quiz question, a check's held-out cases ...).

    The purpose and the id are joined with a NUL so that no (purpose, id) pair can spell another.
    """
    digest = derive_key(secret, f"{purpose}\0{student_id}")
    return int.from_bytes(digest[:8], "big")


def clean_id(value: Any) -> Optional[str]:
    """`value` as an id: a short printable str or int, trimmed (emails in lower case); None if it cannot be one."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    if not text or len(text) > MAX_ID_CHARS or not text.isprintable():
        return None
    return text.lower() if "@" in text else text  # emails compare case-insensitively


def _small_text(path: Path) -> Optional[str]:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _from_answers(folder: Path) -> Optional[str]:
    from grader.quiz.answers import ANSWERS_FILE, AnswersFileError, read_answers

    try:
        return clean_id(read_answers(folder / ANSWERS_FILE).get("id"))
    except AnswersFileError:
        return None


def _from_metadata(folder: Path) -> Optional[str]:
    """Gradescope's submission_metadata (users' emails, else ids), or an LMS file with a top-level id or email."""
    for place in (folder, folder.parent):
        for name in METADATA_FILES:
            text = _small_text(place / name)
            if text is None:
                continue
            try:
                data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
            except (ValueError, yaml.YAMLError):
                continue
            if not isinstance(data, dict):
                continue
            users = data.get("users")
            if isinstance(users, list):
                found = sorted(filter(None, (clean_id(user.get("email")) or clean_id(user.get("id"))
                                             for user in users if isinstance(user, dict))))
                if found:
                    return "+".join(found)  # a group submission: every member, in a fixed order
            for field in ("student_id", "id", "email"):
                if clean_id(data.get(field)):
                    return clean_id(data.get(field))
    return None


def _git_config(folder: Path) -> Optional[Path]:
    """The config file of the repository holding `folder` (itself or its parent): .git/config, or a worktree's."""
    for place in (folder, folder.parent):
        dot_git = place / ".git"
        if dot_git.is_dir():
            return dot_git / "config"
        text = _small_text(dot_git)
        if text and text.startswith("gitdir:"):
            git_dir = (place / text.removeprefix("gitdir:").strip()).resolve()
            common = _small_text(git_dir / "commondir")
            return (git_dir / common.strip() / "config") if common else git_dir / "config"
    return None


def _from_git(folder: Path) -> Optional[str]:
    """user.email of the submission's own repository only: never the grading machine's global config."""
    path = _git_config(folder)
    text = _small_text(path) if path is not None else None
    if not text:
        return None
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return clean_id(parser.get("user", "email", fallback=None))


def find_student_id(folder: Path) -> Optional[StudentId]:
    """The student's id from the first documented place that has one, or None (see student_id)."""
    for source, find in (("answers.yaml", _from_answers), ("submission_metadata", _from_metadata),
                         ("git config user.email", _from_git)):
        found = find(folder)
        if found:
            return StudentId(found, source)
    return None


def student_id(submission_folder: Path) -> StudentId:
    """The student's id: `id:` in answers.yaml, the LMS/Gradescope submission_metadata, the repository's
    git config user.email, else the submission folder's name (its parent's when it is the course's own
    exercises/ or notebooks/ folder: every student's would have that name)."""
    folder = Path(submission_folder)
    found = find_student_id(folder)
    if found is not None:
        return found
    named = folder.resolve()
    if named.name in ("exercises", "notebooks") and named.parent.name:
        named = named.parent
    return StudentId(named.name, "folder name")
