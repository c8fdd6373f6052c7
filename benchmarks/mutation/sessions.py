"""One cosmic-ray session per exercise: its configuration, its mutants, and grading them all in one batch."""

from __future__ import annotations

import difflib
import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import toml
from cosmic_ray.commands import init as cosmic_ray_init
from cosmic_ray.config import load_config
from cosmic_ray.mutating import mutate_code
from cosmic_ray.plugins import get_operator
from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import MutationSpec, TestOutcome, WorkerOutcome, WorkResult

from grade_mutant import BROKEN, FIXED_CASES, GRADER_ERROR, SURVIVED, verdict
from snapshot import Course

HERE = Path(__file__).resolve().parent
GRADE_MUTANT = HERE / "grade_mutant.py"
EXERCISE_TIMEOUT = 4.0  # the grader's limit per exercise; the reference needs at most ~0.2 s
COMMAND_TIMEOUT = 60.0  # cosmic-ray's limit for one test command (exec path only); a timeout counts as killed
JOBS = 2  # the machine is shared: never more
BASELINE = "unmutated"  # a submission name that no job id (hexadecimal) can take


@dataclass(frozen=True)
class Session:
    exercise: str
    course: Course
    work: Path  # where this run keeps its configurations, databases and batches

    @property
    def module(self) -> str:
        """The mutated file, relative to the course copy: a submission folder holding only this exercise."""
        return f"mutants/{self.exercise}/{self.exercise}.py"

    @property
    def config(self) -> Path:
        return self.work / "sessions" / f"{self.exercise}.toml"

    @property
    def database(self) -> Path:
        return self.work / "sessions" / f"{self.exercise}.sqlite"

    def test_command(self) -> str:
        """Grade the mutated file as a submission against the copy's pristine solutions/ (run in the copy)."""
        return shlex.join([sys.executable, str(GRADE_MUTANT), "--exercise", self.exercise,
                           "--submission", str(Path(self.module).parent), "--timeout", str(EXERCISE_TIMEOUT)])

    def write_config(self) -> Path:
        config = {"module-path": self.module, "timeout": COMMAND_TIMEOUT, "excluded-modules": [],
                  "test-command": self.test_command(), "distributor": {"name": "local"}}
        self.config.parent.mkdir(parents=True, exist_ok=True)
        self.config.write_text(toml.dumps({"cosmic-ray": config}), encoding="utf-8")
        return self.config

    def place(self) -> Path:
        """Put the unmutated module where the mutants will be made and graded."""
        target = self.course.root / self.module
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.course.solutions / f"{self.exercise}.py", target)
        return target

    def init(self) -> int:
        """Place the module, write the configuration, let cosmic-ray list the mutants; how many there are."""
        self.place()
        config = load_config(str(self.write_config()))
        self.database.unlink(missing_ok=True)
        # In this process rather than the `cosmic-ray init` command: one interpreter start less per exercise.
        # The module's path is stored relative to the course copy, where the test command runs.
        here = Path.cwd()
        os.chdir(self.course.root)  # not contextlib.chdir: the project still supports Python 3.10
        try:
            with use_db(str(self.database)) as db:
                cosmic_ray_init([Path(config["module-path"])], db, config.operators_config)
                return db.num_work_items
        finally:
            os.chdir(here)

    def original(self) -> str:
        return (self.course.solutions / f"{self.exercise}.py").read_text(encoding="utf-8")

    def execute(self, timeout: float = EXERCISE_TIMEOUT) -> None:
        """Grade every pending mutant in one `grader grade-all` (a submission folder each); record verdicts and diffs.

        The same verdict as the test command (`cosmic-ray exec` runs that one mutant at a time), about
        seventeen times faster: grade-all keeps one sandbox and one pytest session per job for the whole batch.
        """
        batch = self.work / "batch" / self.exercise
        grades = self.work / "grades" / self.exercise
        for folder in (batch, grades):
            shutil.rmtree(folder, ignore_errors=True)
        batch.mkdir(parents=True)
        original = self.original()
        with use_db(str(self.database), WorkDB.Mode.open) as db:
            pending = {item.job_id: item.mutations[0] for item in db.pending_work_items}
            written: dict[str, str] = {}  # job id -> diff
            for job_id, mutation in pending.items():
                mutated = mutant_source(original, mutation)
                if mutated is None:
                    db.set_result(job_id, WorkResult(worker_outcome=WorkerOutcome.NO_TEST))
                    continue
                (batch / job_id).mkdir()
                (batch / job_id / f"{self.exercise}.py").write_text(mutated, encoding="utf-8")
                written[job_id] = "\n".join(unified_diff(original, mutated, self.exercise))
            if written:
                # The unmutated module in the same batch: if it loses points (a broken check, a machine so
                # loaded that it times out), the verdicts of this batch mean nothing.
                (batch / BASELINE).mkdir()
                (batch / BASELINE / f"{self.exercise}.py").write_text(original, encoding="utf-8")
                grade_all(batch, grades, self.course, timeout, limit=60 + len(written) * timeout)
                self.check_baseline(grades / "reports" / f"{BASELINE}.json")
            failed = False
            for job_id, diff in written.items():
                report = grades / "reports" / f"{job_id}.json"
                if report.is_file():
                    code, line = verdict(json.loads(report.read_text(encoding="utf-8")), self.exercise)
                else:
                    code, line = BROKEN, f"{GRADER_ERROR}: grade-all wrote no report (see {grades}/grades.csv)"
                    failed = True
                outcome = TestOutcome.SURVIVED if code == SURVIVED else TestOutcome.KILLED
                db.set_result(job_id, WorkResult(worker_outcome=WorkerOutcome.NORMAL, output=line,
                                                 test_outcome=outcome, diff=diff))
        if not failed:  # ~100 MB for a large exercise; the verdicts and diffs are in the database now
            shutil.rmtree(batch)
            shutil.rmtree(grades)

    def check_baseline(self, report: Path) -> None:
        code, line = (verdict(json.loads(report.read_text(encoding="utf-8")), self.exercise) if report.is_file()
                      else (BROKEN, "no report"))
        if code != SURVIVED:
            raise RuntimeError(f"the unmutated {self.exercise} does not get full marks in the batch ({line})")


def mutant_source(original: str, mutation: MutationSpec) -> str | None:
    """The module's text with this one mutation applied (None when cosmic-ray finds nothing to mutate there)."""
    operator = get_operator(mutation.operator_name)(**(mutation.operator_args or {}))
    return mutate_code(original, operator, mutation.occurrence)


def unified_diff(original: str, mutated: str, exercise: str) -> list[str]:
    path = f"solutions/{exercise}.py"
    return list(difflib.unified_diff(original.splitlines(), mutated.splitlines(), f"a/{path}", f"b/{path}",
                                     n=2, lineterm=""))


def grade_all(batch: Path, grades: Path, course: Course, timeout: float, limit: float | None = None) -> None:
    """`grader grade-all` in the course copy; `limit` (seconds) stops a batch that hangs."""
    command = [sys.executable, "-m", "grader", "grade-all", str(batch), "--output", str(grades), "--jobs", str(JOBS),
               "--force", "--solutions", str(course.solutions), "--timeout", str(timeout), "--lang", "en", *FIXED_CASES]
    completed = subprocess.run(command, cwd=course.root, capture_output=True, text=True, timeout=limit)
    if completed.returncode != 0:
        raise RuntimeError(f"grade-all failed ({completed.returncode}): {completed.stderr[-2000:]}")
