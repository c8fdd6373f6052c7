"""Held-out cases: checks marked `held_out` run again on inputs drawn from the instructor's secret and the student's id.

A check draws its random inputs with `grader.checks.cases.rng(seed)`. In its public run that is the fixed seed,
the same everywhere (the release records the reference's values for it). In its held-out run the seed comes
from the secret, the student's id, the exercise, the check and `seed`: no release holds those inputs or their
expected values, and they differ from one student (and one course run) to the next.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from grader import variants
from grader.errors import GraderError

MARKER = "held_out"
PUBLIC_ONLY = "public_only"  # marks a check whose inputs cannot vary (the reason is the marker's argument)
PUBLIC, HELD_OUT = "public", "held_out"


@dataclass(frozen=True)
class HeldOut:
    """Where held-out cases run: the instructor's secret, whose cases they are, and what a failure may show."""

    secret: str
    student_id: str
    student_id_source: str = ""
    show_expected: bool = False  # a failing held-out case shows its expected value only if the instructor says so

    def seed(self, exercise_id: str, check: str, seed: int) -> int:
        return variants.derive_seed(self.secret, self.student_id, f"held-out:{exercise_id}.{check}.{seed}")

    @classmethod
    def for_submission(cls, secret: str, folder: Path, show_expected: bool = False) -> "HeldOut":
        """Held-out cases for the student whose submission `folder` is (grader.variants says how the id is found)."""
        found = variants.student_id(folder)
        return cls(secret, found.value, found.source, show_expected)

    @property
    def fingerprint(self) -> str:
        """Names the secret in a report without revealing it (the same secret, the same fingerprint)."""
        return hashlib.sha256(f"loss-compass-held-out\0{self.secret}".encode("utf-8")).hexdigest()[:12]


# The held-out run in progress, if any: (its settings, exercise id, check name).
_drawing: ContextVar[tuple[HeldOut, str, str] | None] = ContextVar("loss_compass_held_out", default=None)


@contextmanager
def drawing(held_out: HeldOut, exercise_id: str, check: str) -> Iterator[None]:
    token = _drawing.set((held_out, exercise_id, check))
    try:
        yield
    finally:
        _drawing.reset(token)


def generator(seed: int) -> np.random.Generator:
    """The random generator a check draws its inputs from: public `seed`, or this student's held-out one."""
    current = _drawing.get()
    if current is None:
        return np.random.default_rng(seed)
    held_out, exercise_id, check = current
    return np.random.default_rng(held_out.seed(exercise_id, check, seed))


def in_held_out_run() -> bool:
    return _drawing.get() is not None


# Where grade-all keeps a secret of its own when the instructor configured none (in its output folder).
KEPT_SECRET_FILE = "held-out-secret"


def choose_secret(wanted: bool | None, secret_file: Path | None, has_solutions: bool,
                  keep_in: Path | None = None) -> str | None:
    """The secret held-out cases are drawn from, or None when they should not run.

    wanted: --held-out (True), --no-held-out (False), or neither (None: run them where a secret is
    configured; with `keep_in`, as grade-all does, run them always, with a secret kept in that folder).
    """
    if wanted is False:
        return None
    try:
        secret = variants.instructor_secret(secret_file)
    except variants.SecretError as error:
        raise GraderError(str(error)) from None
    if secret is None and keep_in is not None and has_solutions:
        secret = kept_secret(keep_in)
    if wanted and not has_solutions:
        raise GraderError("--held-out needs the reference solutions (--solutions): a student release has only "
                          "the values recorded for the public cases")
    if wanted and secret is None:
        raise GraderError(f"--held-out needs the instructor's secret: set ${variants.SECRET_ENV} or pass --secret-file")
    return secret if has_solutions else None


def kept_secret(folder: Path) -> str:
    """A secret made once for this output folder and reused, so that regrading gives the same held-out cases."""
    path = folder / KEPT_SECRET_FILE
    try:
        if path.is_file():
            text = path.read_text(encoding="utf-8").strip()
            if text:
                return text
        folder.mkdir(parents=True, exist_ok=True)
        text = secrets.token_hex(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        return text
    except OSError as error:
        raise GraderError(f"{path}: cannot keep the held-out secret there: {error.strerror}") from None
