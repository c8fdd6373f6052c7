"""Which grader produced a grade: its version and a hash of the checks, catalog, quiz bank and reference it ran with."""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timezone
from pathlib import Path

from grader import __version__
from grader.paths import PACKAGE_DIR
from grader.reference import RECORDED_FILE
from grader.report import Provenance, Report

# What each part of the fingerprint covers, under the grader package (the reference is hashed on its own).
_PARTS = {
    "checks": ("checks", ("*.py", "*.ini")),
    "catalog": ("catalog", ("*.yaml",)),
    "quiz_bank": ("quizzes", ("*.yaml",)),
}
_CODE = ("*.py",)  # the rest of the package: the runner, the sandbox, the scoring of quizzes


def component_digests(solutions: Path | None) -> dict[str, str]:
    """A SHA-256 per part: checks, catalog, quiz bank, reference (solutions or recorded values), grader code."""
    digests = dict(_package_digests())
    digests["reference"] = reference_digest(solutions)
    return digests


@functools.lru_cache(maxsize=1)
def _package_digests() -> tuple[tuple[str, str], ...]:
    # Once a process: the package is the code this process loaded when it started (a grade-all job grades
    # every submission with it), and listing its files was most of a report's stamp (3.7 ms against 0.1 ms).
    digests = {name: _tree_digest(PACKAGE_DIR / folder, patterns) for name, (folder, patterns) in _PARTS.items()}
    digests["grader_code"] = _tree_digest(PACKAGE_DIR, _CODE, skip=tuple(folder for folder, _ in _PARTS.values()))
    return tuple(digests.items())


def fingerprint(solutions: Path | None, digests: dict[str, str] | None = None) -> str:
    """One hash of every part: two gradings with the same fingerprint ran the same checks on the same reference."""
    digest = hashlib.sha256(__version__.encode())
    for name, value in sorted((digests or component_digests(solutions)).items()):
        digest.update(f"\0{name}={value}".encode())
    return digest.hexdigest()


def reference_digest(solutions: Path | None) -> str:
    """The reference's exercise files (as grading reads them), else a release's recorded values, else 'none'."""
    if solutions is not None:
        return _files_digest(sorted(solutions.glob("ex*.py")), solutions)
    if RECORDED_FILE.is_file():
        return _files_digest([RECORDED_FILE], RECORDED_FILE.parent)
    return "none"


def reference_label(solutions: Path | None) -> str:
    if solutions is not None:
        return str(solutions)
    return "recorded values (a student release)" if RECORDED_FILE.is_file() else "none"


def version_text(solutions: Path | None) -> str:
    """What `grader --version` prints: the version and the fingerprint every report of this grader carries."""
    return (f"grader {__version__}\nfingerprint {fingerprint(solutions)} (checks, catalog, quiz bank, "
            f"reference: {reference_label(solutions)})")


def stamp(solutions: Path | None, timeout_seconds: float, memory_bytes: int) -> Provenance:
    """The provenance a report records, with the time it was graded (UTC)."""
    digests = component_digests(solutions)  # once: listing the package's files is most of the cost
    return Provenance(grader_version=__version__, fingerprint=fingerprint(solutions, digests),
                      components=digests, reference=reference_label(solutions),
                      timeout_seconds=timeout_seconds, memory_bytes=memory_bytes,
                      graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


def cite(report: Report, solutions: Path | None) -> Report:
    """The report with its provenance: the limits it ran under and this grader's fingerprint, stamped now."""
    limits = report.limits
    return report.model_copy(update={"provenance": stamp(
        solutions, limits.timeout_seconds if limits else 0.0, limits.memory_bytes if limits else 0)})


def _tree_digest(root: Path, patterns: tuple[str, ...], skip: tuple[str, ...] = ()) -> str:
    paths = sorted({path for pattern in patterns for path in root.rglob(pattern)
                    if "__pycache__" not in path.parts and path.relative_to(root).parts[0] not in skip})
    return _files_digest(paths, root)


def _files_digest(paths: list[Path], root: Path) -> str:
    return _cached_digest(tuple((path.relative_to(root).as_posix(), _stat_key(path), path) for path in paths))


def _stat_key(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


@functools.lru_cache(maxsize=32)
def _cached_digest(entries: tuple[tuple[str, tuple[int, int], Path], ...]) -> str:
    # Keyed by names, sizes and times: a grade-all hashes the same files once, an edited file is hashed again.
    digest = hashlib.sha256()
    for name, _, path in entries:
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
