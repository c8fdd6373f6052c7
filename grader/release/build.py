"""`grader release`: write what students receive, with no solutions and no plain-text answer key."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Iterable

import yaml

from grader import __version__
from grader.catalog import load_catalog
from grader.errors import GraderError
from grader.quiz.answers import ANSWERS_FILE, HEADER
from grader.quiz.bank import QUIZ_DIR, bank_files, load_bank
from grader.reference import RECORDED_FILE
from grader.release.answer_key import hashed_quiz
from grader.release.files import copy_package
from grader.release.record import record
from grader.release.pins import constraints_text, grading_dependencies, other_dependencies, python_version
from grader.release.templates import GITIGNORE, PYPROJECT, STUDENT_README, classroom_workflow
from grader.stubs import stub_source


def build_release(out: Path, solutions: Path | None, grader_source: str, site_url: str = "",
                  extra: Iterable[Path] = ()) -> list[str]:
    """Build the release in `out` (new or empty); return the files written, relative to it.

    `extra` holds folders of further modules per exercise (for example tests/mistakes) graded while
    recording, so that the checks' diagnostic calls have recorded values too.
    """
    if solutions is None or not solutions.is_dir():
        raise GraderError("a release is built from the reference solutions/ (run this in the course checkout)")
    if not grader_source.strip():
        raise GraderError("--grader-source is required: the pinned grader the CI workflow installs")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise GraderError(f"{out}: not an empty folder; choose a new one")
    catalog = load_catalog()
    recorded = record(solutions, [folder for folder in extra if folder.is_dir()])
    bank = load_bank()
    out.mkdir(parents=True, exist_ok=True)

    exercises = out / "exercises"
    exercises.mkdir()
    for exercise in catalog:
        source = (solutions / exercise.filename).read_text(encoding="utf-8")
        (exercises / exercise.filename).write_text(stub_source(source, exercise), encoding="utf-8")
    (exercises / ANSWERS_FILE).write_text(HEADER + "\n{}\n", encoding="utf-8")
    notebooks = solutions.parent / "notebooks"  # generated from the stubs and notes (tested in sync): no answer in them
    if notebooks.is_dir():
        shutil.copytree(notebooks, out / "notebooks", ignore=shutil.ignore_patterns(".*"))

    package = out / "grader"
    copy_package(package, skip=[QUIZ_DIR.name, RECORDED_FILE.name])
    quizzes = package / QUIZ_DIR.name
    quizzes.mkdir()
    for path, quiz in zip(bank_files(), bank):
        text = yaml.safe_dump(hashed_quiz(quiz), allow_unicode=True, sort_keys=False, width=120)
        (quizzes / path.name).write_text(text, encoding="utf-8")
    recorded.save(package / RECORDED_FILE.name)

    workflow = out / ".github" / "workflows" / "classroom.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(classroom_workflow(shlex.quote(grader_source.strip()), python_version()), encoding="utf-8")
    site = site_url or "(ask your instructor / 请向老师索取链接)"
    (out / "README.md").write_text(STUDENT_README.format(site=site), encoding="utf-8")
    # Grading's own requirements only (CI installs these); watchfiles is the `watch` extra the student README installs.
    requirements = ", ".join(json.dumps(item) for item in grading_dependencies())
    watch = ", ".join(json.dumps(item) for item in other_dependencies())
    (out / "pyproject.toml").write_text(PYPROJECT.format(version=__version__, dependencies=requirements, watch=watch),
                                        encoding="utf-8")
    (out / "constraints.txt").write_text(constraints_text(), encoding="utf-8")  # the CI workflow installs with it
    (out / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    leftovers = [path for path in out.rglob("*") if path.name == "solutions" or path.name == "__pycache__"]
    for path in leftovers:
        shutil.rmtree(path)
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
