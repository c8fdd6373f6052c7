"""The Gradescope autograder bundle: setup.sh, run_autograder, the grader, its checks and the reference."""

from __future__ import annotations

import os
import shlex
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence

from grader.catalog import load_catalog
from grader.errors import GraderError
from grader.release.files import copy_package
from grader.release.pins import constraints_text
from grader.release.templates import RUN_AUTOGRADER, SETUP_SH


# The instructor's secret inside the bundle: Gradescope keeps the autograder from students, and
# run_autograder makes it readable by the grader (root) only before any student code runs.
SECRET_FILE = "held-out-secret"


def build_bundle(out: Path, solutions: Path | None, grade_options: Sequence[str], secret: str | None = None) -> list[str]:
    """Write the zip Gradescope expects (setup.sh and run_autograder at its root); return its file names.

    With a `secret`, the bundle carries it (held-out-secret) for the held-out cases and quiz variants.
    """
    if solutions is None or not solutions.is_dir():
        raise GraderError("the Gradescope bundle needs the reference solutions/ (run this in the course checkout)")
    missing = [exercise.filename for exercise in load_catalog() if not (solutions / exercise.filename).is_file()]
    if missing:
        raise GraderError(f"{solutions}: missing {', '.join(missing)}")
    if out.suffix != ".zip":
        raise GraderError(f"{out}: the bundle is a .zip file")
    with tempfile.TemporaryDirectory(prefix="loss-compass-bundle-") as temp:
        root = Path(temp)
        copy_package(root / "grader")
        (root / "solutions").mkdir()
        for exercise in load_catalog():
            (root / "solutions" / exercise.filename).write_bytes((solutions / exercise.filename).read_bytes())
        # Exact versions from the environment that built (and tested) the bundle, and nothing grading does not import.
        (root / "requirements.txt").write_text(constraints_text(), encoding="utf-8")
        (root / "setup.sh").write_text(SETUP_SH.format(), encoding="utf-8")
        if secret is not None:
            (root / SECRET_FILE).write_text(secret + "\n", encoding="utf-8")
            grade_options = [*grade_options, "--secret-file", f"$source_dir/{SECRET_FILE}"]
        options = " ".join(f'"{option}"' if option.startswith("$source_dir/") else shlex.quote(option)
                           for option in grade_options)
        (root / "run_autograder").write_text(RUN_AUTOGRADER.format(options=options), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        names = []
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    name = path.relative_to(root).as_posix()
                    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                    executable = name in ("setup.sh", "run_autograder")
                    info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
                    names.append(name)
    return names


def unpack(bundle: Path, target: Path) -> None:
    """Unpack a bundle as Gradescope does (to /autograder/source), keeping the executable bits."""
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            path = target / info.filename
            if not path.resolve().is_relative_to(target.resolve()):
                raise GraderError(f"{bundle}: {info.filename} points outside the bundle")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.read(info))
            os.chmod(path, (info.external_attr >> 16) & 0o777 or 0o644)
