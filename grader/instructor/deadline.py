"""A deadline and a late policy: when each submission was made, how late, and what it costs."""

from __future__ import annotations

import math
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from grader.errors import GraderError
from grader.instructor.junk import is_junk

PENALTY = re.compile(r"^\s*(?P<rate>\d+(?:\.\d+)?)\s*%\s*/\s*(?P<unit>day|hour)\s*$")
PERCENT = re.compile(r"^\s*(?P<value>\d+(?:\.\d+)?)\s*%\s*$")
UNIT_SECONDS = {"day": 86400, "hour": 3600}


@dataclass(frozen=True)
class LatePolicy:
    deadline: datetime
    rate: float = 0.0  # a fraction of the raw score per started unit late
    unit: str = "day"
    cap: float = 1.0  # the largest fraction a penalty may take

    def penalty(self, submitted: datetime) -> tuple[float, int]:
        """The fraction of the score taken, and how many started units (days, hours) late it is."""
        late = (submitted - self.deadline).total_seconds()
        if late <= 0:
            return 0.0, 0
        units = math.ceil(late / UNIT_SECONDS[self.unit])
        return min(self.cap, self.rate * units), units

    def describe(self) -> str:
        return (f"deadline {self.deadline.isoformat()}, {self.rate:.0%} of the score per {self.unit} late"
                f" (at most {self.cap:.0%})")


def parse_policy(deadline: str | None, penalty: str | None, cap: str | None) -> LatePolicy | None:
    """The policy from grade-all's options; GraderError (one line) for a malformed one."""
    if deadline is None:
        if penalty is not None or cap is not None:
            raise GraderError("--late-penalty and --late-cap need --deadline")
        return None
    try:
        when = datetime.fromisoformat(deadline)
    except ValueError:
        raise GraderError(f"--deadline {deadline!r}: not a date and time like 2027-03-01T23:59+08:00") from None
    if when.tzinfo is None:
        raise GraderError(f"--deadline {deadline!r}: give its time zone, like 2027-03-01T23:59+08:00 "
                          "(a deadline without one means different times on different machines)")
    rate, unit = 0.0, "day"
    if penalty is not None:
        match = PENALTY.match(penalty)
        if not match:
            raise GraderError(f"--late-penalty {penalty!r}: write a percentage per day or hour, like 10%/day")
        rate, unit = float(match["rate"]) / 100, match["unit"]
    limit = 1.0
    if cap is not None:
        match = PERCENT.match(cap)
        if not match or float(match["value"]) > 100:
            raise GraderError(f"--late-cap {cap!r}: write a percentage up to 100%, like 50%")
        limit = float(match["value"]) / 100
    return LatePolicy(when, rate, unit, limit)


@dataclass(frozen=True)
class SubmittedAt:
    when: datetime | None
    source: str  # where the time comes from, said in the report and grades.csv


def git_commit_time(folder: Path) -> datetime | None:
    """The last commit's time of the repository at `folder` (its own .git folder only), or None.

    git runs with no system or global configuration, no hooks, no fsmonitor, no pager and no signature
    checks: a student's .git/config cannot make it run a program. A .git *file* (pointing elsewhere) is
    not followed.
    """
    dot_git = folder / ".git"
    if dot_git.is_symlink() or not dot_git.is_dir():
        return None
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "GIT_CONFIG_NOSYSTEM": "1",
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0", "GIT_DIR": str(dot_git),
               "GIT_CEILING_DIRECTORIES": str(folder.parent), "LC_ALL": "C"}
        command = ["git", "--no-pager", "-c", f"safe.directory={folder}", "-c", "core.hooksPath=/dev/null",
                   "-c", "core.fsmonitor=false", "-c", "log.showSignature=false", "-c", "core.pager=cat",
                   "log", "-1", "--no-show-signature", "--format=%cI", "HEAD"]
        try:
            result = subprocess.run(command, env=env, cwd=home, capture_output=True, text=True, timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            return None
    try:
        return datetime.fromisoformat(result.stdout.strip()) if result.returncode == 0 else None
    except ValueError:
        return None


def newest_mtime(folder: Path) -> datetime | None:
    """The newest modification time of the files under `folder` (junk and links left out)."""
    newest = None
    for path, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not is_junk(name)]
        for name in files:
            if is_junk(name):
                continue
            try:
                info = os.lstat(os.path.join(path, name))
            except OSError:
                continue
            newest = max(newest or info.st_mtime, info.st_mtime)
    return datetime.fromtimestamp(newest, timezone.utc) if newest is not None else None


def submission_time(lms_time: datetime | None, lms_name: str, repository: Path | None,
                    files: Path) -> SubmittedAt:
    """The LMS's timestamp if the download has one, else the last commit's time of a git repository, else
    the files' newest modification time (an archive's files keep the times recorded in it)."""
    if lms_time is not None:
        return SubmittedAt(lms_time, f"{lms_name} submission time")
    if repository is not None:
        committed = git_commit_time(repository)
        if committed is not None:
            return SubmittedAt(committed, "last git commit")
    return SubmittedAt(newest_mtime(files), "files' newest modification time")
