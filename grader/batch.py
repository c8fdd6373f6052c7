"""Batch grading: every submission folder of a class, in parallel, into grades.csv and a class summary."""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import stat
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable

from grader.catalog import load_catalog
from grader.paths import check_reference, solutions_dir
from grader import provenance
from grader.notebook.submission import NotebookError, staged_submission
from grader.quiz.answers import ANSWERS_FILE
from grader.quiz.bank import load_bank
from grader.reference import Reference, read_sources
from grader.render import safe_text
from grader.render.json_format import render_json
from grader.report import Report, without_explanations
from grader.grading.session import GradingSession, run_checks
from grader.grading.held_out import HeldOut
from grader.instructor import regrade
from grader.instructor.problems import problems_of
from grader.runner import GradeOptions, grade_exercise, grade_quizzes, held_out_for, held_out_run
from grader.sandbox.pool import MAX_SOURCE_BYTES, MAX_SUBMISSION_BYTES, Sandbox, SandboxLimits
from grader.text import Lang

CACHE_FILE = ".grade-cache.json"
GRADES_FILE = "grades.csv"
REPORTS_DIR = "reports"
TOP_FAILING = 3
CACHE_EVERY = 2.0  # seconds between saves of the cache during a batch


@dataclass
class BatchOptions:
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    lang: Lang = "en"
    force: bool = False
    solutions: Path | None = field(default_factory=solutions_dir)  # the reference (see grader.paths)
    show_explanations: bool = False  # keep quiz explanations after wrong answers in the reports
    held_out_secret: str | None = None  # each submission's held-out cases are drawn from it and the student's id
    show_held_out_expected: bool = False
    course: Any = None  # grader.instructor.course.Course: where files were found, the roster, the late policy
    only_exercises: list[str] | None = None  # --only: regrade these for everyone, merged into the last run's rows
    only_students: Callable[[str], bool] | None = None  # --student: regrade the submissions it accepts only


@dataclass
class Submission:
    name: str  # the entry's name in the class folder, printable (see _display_name)
    folder: Path
    digest: str = ""
    problem: str = ""  # why it cannot be graded at all, found before grading
    skipped: str = ""  # why it is not a submission at all (a hidden entry, the batch's own output)
    exercises: list[str] | None = None  # grade only these (a targeted regrade); None for every one


# ---------------------------------------------------------------- finding submissions


def find_submissions(root: Path, skip: Path | None = None) -> list[Submission]:
    """Every entry of `root`: a folder to grade, or one listed with why it is not graded.

    A folder with an exercises/ subfolder and no exercise at its top is graded there (a whole repository).
    """
    found = []
    output = skip.resolve() if skip is not None else None
    for entry in sorted(root.iterdir(), key=lambda path: path.name):
        name = _display_name(entry.name)
        if output is not None and entry.resolve() == output:
            found.append(Submission(name, entry, skipped="the output folder of this batch"))
        elif entry.name.startswith("."):  # .git, .DS_Store, an editor's folder: listed, never graded
            found.append(Submission(name, entry, skipped="a hidden entry (its name starts with a dot)"))
        elif entry.is_symlink():
            found.append(Submission(name, entry, problem="a symbolic link, not a submission folder"))
        elif not entry.is_dir():
            found.append(Submission(name, entry, problem="a file, not a submission folder"))
        else:
            found.append(_folder_submission(name, entry))
    return found


def _folder_submission(name: str, entry: Path) -> Submission:
    try:
        os.listdir(entry)
        folder = entry
        if not list(entry.glob("ex[0-9][0-9]_*.py")) and not list(entry.glob("ex[0-9][0-9]_*.ipynb")) \
                and (entry / "exercises").is_dir() \
                and not (entry / "exercises").is_symlink():
            folder = entry / "exercises"
            os.listdir(folder)
    except OSError as error:
        # A folder the grader may not read (a mode-000 folder in a student's archive, or its exercises/)
        # once stopped grade-all with a traceback before anyone was graded: it is listed instead.
        return Submission(name, entry, problem=f"cannot be read ({error.strerror or error})")
    submission = Submission(name, folder)
    submission.digest, count = _digest(folder)
    if not count:
        submission.problem = f"empty: no exercise files (exNN_*.py) and no {ANSWERS_FILE}"
    return submission


def _display_name(name: str) -> str:
    """The entry's name as text any output can hold (no undecodable bytes, no control characters such as
    terminal escapes); a name that had to change keeps a hash of the original, so two never merge."""
    raw = os.fsencode(name)
    text = safe_text(raw.decode("utf-8", "replace"), 200).replace("\n", "\ufffd").replace("\t", "\ufffd")
    return text if text == name else f"{text}~{_short_hash(raw)}"


def _short_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:12]


_CHUNK = 1 << 16


def _digest(folder: Path) -> tuple[str, int]:
    """A hash of what grading reads (top-level *.py and answers.yaml, streamed), and how many of them count.

    Bounded whatever the submission holds: a file over the source-size cap is recorded by size and
    time, not read (staging leaves it out with a warning); a FIFO or device is never opened for long.
    A symlink is recorded as a refused link with its target's text, plus the content of that target
    when it lies inside the submission: a change to what it points at is always a change.
    """
    digest = hashlib.sha256()
    count = 0
    budget = [READ_BUDGET]
    try:
        root = folder.resolve()
        paths = sorted([*folder.glob("*.py"), *folder.glob("*.ipynb"), folder / ANSWERS_FILE],  # notebooks are graded too
                       key=lambda path: path.name)
    except OSError:
        return "", 0
    for path in paths:
        try:
            if not path.is_symlink():
                body, counts = _regular_file(path, answers=path.name == ANSWERS_FILE, budget=budget)
            else:
                target = Path(os.path.realpath(path))  # never raises, even on a loop
                body = b"refused link:" + os.fsencode(os.readlink(path))
                if root in target.parents:
                    try:
                        body += b"\0" + _regular_file(target, answers=False, budget=budget)[0]
                    except OSError as error:  # dangling, or a loop
                        body += f"\0unreadable: {error.strerror}".encode()
                counts = True
        except FileNotFoundError:
            continue
        except OSError as error:
            body, counts = f"unreadable: {error.strerror}".encode(), True
        count += counts
        digest.update(os.fsencode(path.name) + b"\0" + hashlib.sha256(body).digest())
    return digest.hexdigest(), count


# What the digest of one submission reads at most: what staging copies (8 MiB) and answers.yaml. Past
# it, files are recorded by size, times and inode: 20,000 sparse 1 MiB files (0.5 MB of disk) once
# took the main process 87 s to hash, before any grading, and nothing bounded how many there were.
READ_BUDGET = MAX_SUBMISSION_BYTES + 2 * MAX_SOURCE_BYTES


def _regular_file(path: Path, answers: bool, budget: list[int]) -> tuple[bytes, bool]:
    """A summary of one file (its content's hash) and whether it counts as part of a submission.

    `budget` holds the bytes the digest may still read; this file's size is taken from it.
    """
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return b"not a regular file", False
        if info.st_size > MAX_SOURCE_BYTES:
            return f"too large: {info.st_size} bytes, {info.st_mtime_ns}".encode(), True
        budget[0] -= info.st_size
        if budget[0] < 0:
            return (f"unread: {info.st_size} bytes, {info.st_mtime_ns}, {info.st_ctime_ns}, "
                    f"{info.st_ino}").encode(), True
        content = hashlib.sha256()
        blank = True
        left = MAX_SOURCE_BYTES + 1  # a file growing while it is read is still read no further than the cap
        while left > 0:
            chunk = os.read(handle, min(_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            content.update(chunk)
            blank = blank and not chunk.strip()
        return b"file:" + content.digest(), not (answers and blank)
    finally:
        os.close(handle)


def grader_fingerprint(options: BatchOptions) -> str:
    """Changes whenever grading could change: the grader's files, the solutions, the language and limits."""
    held_out = HeldOut(options.held_out_secret, "").fingerprint if options.held_out_secret else "none"
    digest = hashlib.sha256(f"{provenance.fingerprint(options.solutions)}|{options.lang}|{options.limits}|"
                            f"{options.show_explanations}|{held_out}|{options.show_held_out_expected}".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- grading one submission (in a job process)


def grade_with(sandbox: Sandbox, folder: Path, lang: Lang, reference: Reference,
               checks: GradingSession | None = None, options: GradeOptions | None = None) -> Report:
    """What runner.grade_submission does, with a sandbox and a pytest session kept across submissions."""
    if checks is None:
        return run_checks(lambda session: grade_with(sandbox, folder, lang, reference, session, options))
    started = time.perf_counter()
    held_out = held_out_for(options or GradeOptions(), folder, reference)
    src, warnings = sandbox.stage(folder)
    selected = (options or GradeOptions()).exercises
    try:
        results = [grade_exercise(exercise, sandbox, src, folder, reference, lang, checks, held_out)
                   for exercise in load_catalog() if selected is None or exercise.id in selected]
    finally:
        sandbox.clean()  # a long batch must not fill the disk, whatever happened
    isolation = sandbox.isolation()
    quizzes = grade_quizzes(folder, lang, warnings) if options is None or options.quizzes else []
    score = sum(result.score for result in results) + sum(quiz.score for quiz in quizzes)
    max_score = sum(result.max_score for result in results) + sum(quiz.max_score for quiz in quizzes)
    from grader.report import Limits

    return Report(submission=str(folder), score=round(score, 6), max_score=round(max_score, 6),
                  exercises=results, quizzes=quizzes, lang=lang,
                  limits=Limits(timeout_seconds=sandbox.limits.timeout, memory_bytes=sandbox.limits.memory,
                                isolation=isolation.layers, warnings=isolation.warnings),
                  seconds=round(time.perf_counter() - started, 3), warnings=warnings, held_out=held_out_run(held_out),
                  provenance=provenance.stamp(reference.solutions, sandbox.limits.timeout, sandbox.limits.memory))


# Which grader gave each row's grade, and when (a cached row keeps the time it was graded).
PROVENANCE_COLUMNS = ["graded_at", "grader_fingerprint"]


def summarise(name: str, report: Report) -> dict[str, Any]:
    """One submission's row and the facts the class summary needs, as plain data."""
    cited = report.provenance
    return {
        "graded_at": cited.graded_at if cited else "", "grader_fingerprint": cited.fingerprint if cited else "",
        "name": name, "status": "graded", "reason": "", "score": report.score, "max_score": report.max_score,
        "exercises": {item.id: item.score for item in report.exercises},
        "exercise_status": {item.id: item.status for item in report.exercises},
        "failed_checks": [f"{item.id}.{check.name}" for item in report.exercises if item.status == "failed"
                          for check in item.checks if not check.passed],
        "quizzes": {quiz.id: quiz.score for quiz in report.quizzes},
        "questions": {f"{quiz.id}.{question.id}": [question.score, question.max_score]
                      for quiz in report.quizzes for question in quiz.questions},
        "problems": problems_of(report),
    }


def ungradable(name: str, reason: str, grader_failed: bool = False) -> dict[str, Any]:
    """A row graded 0 for `reason`; `grader_failed` when the trusted side failed (grade-all then exits 3)."""
    return {"name": name, "status": "ungradable", "reason": reason, **({"grader_failed": True} if grader_failed else {})}


def skipped(name: str, reason: str) -> dict[str, Any]:
    return {"name": name, "status": "skipped", "reason": reason}


def job_settings(options: BatchOptions) -> dict[str, Any]:
    """What every job needs besides limits and language: the reference, read here once, before any student code runs."""
    return {"solutions": str(options.solutions) if options.solutions else None,
            "sources": read_sources(options.solutions), "show_explanations": options.show_explanations,
            "held_out_secret": options.held_out_secret, "show_held_out_expected": options.show_held_out_expected}


def _job(conn: Any, limits: SandboxLimits, lang: Lang, settings: dict[str, Any] | None = None) -> None:
    """A job process: one Sandbox for its lifetime, one submission at a time, plain dicts back."""
    settings = settings or job_settings(BatchOptions())
    reference = Reference(Path(settings["solutions"]) if settings["solutions"] else None, settings["sources"])
    with Sandbox(limits) as sandbox:
        run_checks(lambda checks: _serve(conn, sandbox, lang, reference, settings, checks))


def _serve(conn: Any, sandbox: Sandbox, lang: Lang, reference: Reference, settings: dict[str, Any],
           checks: GradingSession) -> None:
    """The job's loop, inside one pytest session: pytest starts and collects the checks once per job."""
    while True:
        task = conn.recv()
        if task is None:
            return
        name, folder, *only = task
        exercises = only[0] if only else None  # a targeted regrade: these exercises, no quizzes
        try:
            with staged_submission(Path(folder)) as staged:  # notebooks become exercise files; others stay as they are
                report = staged.restore(grade_with(sandbox, staged.folder, lang, reference, checks, GradeOptions(
                    exercises=exercises, quizzes=exercises is None, held_out_secret=settings.get("held_out_secret"),
                    show_held_out_expected=settings.get("show_held_out_expected", False))))
            if not settings["show_explanations"]:
                report = without_explanations(report)
            conn.send({"row": summarise(name, report), "report": render_json(report)})
        except NotebookError as error:  # the student's file, not the grader, is broken
            conn.send({"row": ungradable(name, str(error))})
        except Exception as error:  # the trusted side failed on this submission only
            conn.send({"row": ungradable(name, f"the grader failed on it: {type(error).__name__}: {error}", True)})


# ---------------------------------------------------------------- the batch


@dataclass
class _Running:
    process: Any
    conn: Any
    task: Submission | None = None
    started: float = 0.0


def run_batch(submissions: list[Submission], out: Path, options: BatchOptions,
              progress: Callable[[str, str], None] = lambda name, status: None,
              job: Callable[..., None] = _job) -> list[dict[str, Any]]:
    """Grade every submission not already graded with the same files and grader; write all outputs; return rows.

    `job` is the job processes' main function (tests replace it to crash the trusted side on purpose).
    """
    out.mkdir(parents=True, exist_ok=True)
    (out / REPORTS_DIR).mkdir(exist_ok=True)
    for submission in submissions:
        if not (submission.problem or submission.skipped):
            check_reference(options.solutions, submission.folder)
            if submission.folder.name == "exercises":  # graded inside a repository: all of it is the student's
                check_reference(options.solutions, submission.folder.parent)
    fingerprint = grader_fingerprint(options)
    cache = _read_cache(out / CACHE_FILE)
    reports = report_names([submission.name for submission in submissions])
    rows: dict[str, dict[str, Any]] = {}
    todo: deque[Submission] = deque()
    targeted = bool(options.only_exercises or options.only_students)
    previous = regrade.load_rows(out) if targeted else {}
    for submission in submissions:
        entry = cache.get(submission.name)
        earlier = previous.get(submission.name)
        if submission.skipped:
            rows[submission.name] = skipped(submission.name, submission.skipped)
        elif submission.problem:
            rows[submission.name] = ungradable(submission.name, submission.problem)
        elif options.only_students and not options.only_students(submission.name) and earlier:
            rows[submission.name] = earlier  # not asked for: kept as the last run graded it
        elif options.only_exercises and earlier and earlier["status"] == "graded":
            submission.exercises = options.only_exercises  # merged into its last row in finish()
            todo.append(submission)
            continue
        elif not options.force and not targeted and entry and entry.get("key") == [submission.digest, fingerprint]:
            rows[submission.name] = entry["row"]
        else:
            todo.append(submission)
            continue
        progress(submission.name, rows[submission.name]["status"] if submission.skipped or submission.problem
                 else "cached")

    def finish(submission: Submission, message: dict[str, Any]) -> None:
        row = message["row"]
        report_file = out / REPORTS_DIR / reports[submission.name]
        if submission.exercises:  # a targeted regrade: the other exercises and the quizzes stay as they were
            row = regrade.merge_row(previous[submission.name], row, submission.exercises)
            if "report" in message and report_file.is_file():
                message["report"] = regrade.merge_report(report_file.read_text(encoding="utf-8"), message["report"],
                                                         submission.exercises)
            cache.pop(submission.name, None)  # the next full run grades it whole
        rows[submission.name] = row
        if "report" in message:
            report_file.write_text(message["report"], encoding="utf-8")
        if row["status"] == "graded" and not submission.exercises:  # an ungradable one is tried again next run
            cache[submission.name] = {"key": [submission.digest, fingerprint], "row": row}
        if time.monotonic() - saved[0] > CACHE_EVERY:  # an interrupted batch keeps what it graded
            _write_cache(out / CACHE_FILE, cache)
            saved[0] = time.monotonic()
        progress(submission.name, row["status"])

    saved = [time.monotonic()]
    if todo:
        try:
            _grade_in_parallel(todo, options, finish, job)
        finally:
            _write_cache(out / CACHE_FILE, cache)
    ordered = [rows[submission.name] for submission in submissions]
    regrade.save_rows(out, ordered)  # before the course's additions, which are worked out afresh every run
    ordered = json.loads(json.dumps(ordered))
    course = options.course.complete(ordered) if options.course is not None else {}
    if options.course is not None and options.course.policy is not None:
        from grader.instructor.course import record_lateness

        record_lateness(ordered, graded_reports(ordered, out))
    write_outputs(ordered, out, course)
    return ordered


def _grade_in_parallel(todo: deque[Submission], options: BatchOptions,
                       finish: Callable[[Submission, dict[str, Any]], None], job_main: Callable[..., None]) -> None:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["grader.batch"])
    limit = len(load_catalog()) * (options.limits.timeout + 10) + 60  # a trusted-side hang, not a student's
    jobs = min(max(1, options.jobs), len(todo))
    settings = job_settings(options)

    def start() -> _Running:
        ours, theirs = context.Pipe()
        process = context.Process(target=job_main, args=(theirs, options.limits, options.lang, settings), daemon=True)
        process.start()
        theirs.close()
        return _Running(process, ours)

    running = [start() for _ in range(jobs)]
    try:
        for job in running:
            _give(job, todo)
        while any(job.task for job in running):
            busy = [job for job in running if job.task]
            wait([job.conn for job in busy] + [job.process.sentinel for job in busy], timeout=1.0)
            for index, job in enumerate(running):
                if job.task is None:
                    continue
                message = _poll(job, limit)
                if message is None:
                    continue
                submission, job.task = job.task, None
                finish(submission, message)
                if message.get("restart"):
                    _stop(job, kill=True)
                    job = running[index] = start()
                _give(job, todo)
    finally:
        for job in running:
            _stop(job)


def _give(job: _Running, todo: deque[Submission]) -> None:
    if todo:
        job.task = todo.popleft()
        job.started = time.monotonic()
        try:
            job.conn.send((job.task.name, str(job.task.folder), job.task.exercises))
        except OSError:  # the job died; _poll turns that into an ungradable row and a new job
            pass


def _poll(job: _Running, limit: float) -> dict[str, Any] | None:
    """The job's answer, an ungradable row if it died or hung, or None while it is still working."""
    assert job.task is not None
    try:
        if job.conn.poll():
            return job.conn.recv()
    except (EOFError, OSError):
        pass
    else:
        if job.process.is_alive():
            if time.monotonic() - job.started <= limit:
                return None
            return {"restart": True,
                    "row": ungradable(job.task.name, f"the grader took longer than {limit:g} s on it", True)}
    job.process.join(timeout=5)
    code = job.process.exitcode
    return {"restart": True,
            "row": ungradable(job.task.name, f"the grader's process died while grading it (exit code {code})", True)}


def _stop(job: _Running, kill: bool = False) -> None:
    try:
        if kill:
            job.process.kill()
        else:
            job.conn.send(None)
    except (OSError, ValueError):
        pass
    job.process.join(timeout=5)
    if job.process.is_alive():
        job.process.kill()
        job.process.join()
    job.conn.close()


# ---------------------------------------------------------------- outputs


def graded_reports(rows: list[dict[str, Any]], out: Path) -> dict[str, Path]:
    """Each graded submission's report file in `out` (for its feedback), by submission name."""
    names = report_names([row["name"] for row in rows])
    found = {row["name"]: out / REPORTS_DIR / names[row["name"]] for row in rows if row["status"] == "graded"}
    return {name: path for name, path in found.items() if path.is_file()}


def report_names(names: list[str]) -> dict[str, str]:
    """One distinct, stable report file per submission: its name made safe for a file name.

    A short hash of the original name is appended when making it safe changed it, or when two would
    clash even on a case-insensitive file system ("bob smith" and "bob_smith", "Bob" and "bob").
    """
    safe = {name: _safe_name(name) for name in names}
    chosen = {name: value if value == name else f"{value}-{_short_hash(name.encode())}" for name, value in safe.items()}
    clashes = Counter(value.casefold() for value in chosen.values())
    for name, value in chosen.items():
        if clashes[value.casefold()] > 1 and value == name:
            chosen[name] = f"{value}-{_short_hash(name.encode())}"
    return {name: f"{value}.json" for name, value in chosen.items()}


def _safe_name(name: str) -> str:
    """Letters, digits, - _ and . only; no leading dot; short enough for any file system."""
    return "".join(char if char.isalnum() or char in "-_." else "_" for char in name).lstrip(".")[:100] or "_"


# The entries sit under their own key: beside "format" at the top level, a submission folder named
# "format" replaced the version number and made every later grade-all crash (no grades for anyone).
CACHE_FORMAT = 2


def _read_cache(path: Path) -> dict[str, Any]:
    """The cached entries by submission name; each is a dict (anything else in the file is dropped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    return {name: entry for name, entry in data["entries"].items() if isinstance(entry, dict)}


def _write_cache(path: Path, cache: dict[str, Any]) -> None:
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps({"format": CACHE_FORMAT, "entries": cache}, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, path)


def _cell(value: Any) -> Any:
    """Spreadsheet-safe: text starting with = + - @ is not run as a formula when the CSV is opened."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_outputs(rows: list[dict[str, Any]], out: Path, course: dict[str, Any] | None = None) -> None:
    from grader.instructor.course import COURSE_COLUMNS, course_cell

    exercises = [exercise.id for exercise in load_catalog()]
    quizzes = [quiz.id for quiz in load_bank()]
    with (out / GRADES_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "status", "reason", "total", "max_total", *exercises, *quizzes,
                         *PROVENANCE_COLUMNS, *COURSE_COLUMNS])
        for row in rows:
            graded = row["status"] == "graded"
            scores = [row["exercises"].get(key, "") for key in exercises] + \
                     [row["quizzes"].get(key, "") for key in quizzes] if graded else [""] * (len(exercises) + len(quizzes))
            total = row.get("score", "") if graded else 0 if row["status"] == "ungradable" else ""  # 0, not blank
            writer.writerow([_cell(row["name"]), row["status"], _cell(row["reason"].replace("\n", " ")),
                             total, row.get("max_score", "") if graded else "",
                             *scores, *(row.get(key, "") for key in PROVENANCE_COLUMNS),
                             *(_cell(course_cell(row, key)) for key in COURSE_COLUMNS)])
    summary = {**class_summary(rows), **(course or {})}
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "summary.md").write_text(summary_markdown(summary), encoding="utf-8")


def class_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per exercise and per question: mean score, pass rate, and the checks the class fails most."""
    from grader.instructor.course import row_problems

    graded = [row for row in rows if row["status"] == "graded"]
    count = len(graded)

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    exercises = []
    for exercise in load_catalog():
        failing = Counter(check for row in graded for check in row["failed_checks"]
                          if check.startswith(exercise.id + "."))
        exercises.append({
            "id": exercise.id, "max_score": exercise.max_score,
            "mean": mean([row["exercises"].get(exercise.id, 0) for row in graded]),
            "pass_rate": mean([float(row["exercise_status"].get(exercise.id) == "passed") for row in graded]),
            "not_attempted": sum(row["exercise_status"].get(exercise.id) in ("missing", "not_implemented")
                                 for row in graded),
            "broken": sum(row["exercise_status"].get(exercise.id) == "error" for row in graded),
            "most_failed": [{"check": name.split(".", 1)[1], "failed_by": times}
                            for name, times in failing.most_common(TOP_FAILING)],
        })
    questions = []
    for quiz in load_bank():
        for question in quiz.questions:
            key = f"{quiz.id}.{question.id}"
            scores = [row["questions"].get(key, [0.0, question.points]) for row in graded]
            questions.append({"quiz": quiz.id, "id": question.id, "max_score": float(question.points),
                              "mean": mean([score for score, _ in scores]),
                              "pass_rate": mean([float(score >= top) for score, top in scores])})
    entries = [row for row in rows if row["status"] == "skipped"]
    return {
        "submissions": len(rows) - len(entries), "graded": count, "ungradable": len(rows) - len(entries) - count,
        "skipped": len(entries),
        "mean_total": mean([row["score"] for row in graded]),
        "max_total": graded[0]["max_score"] if graded else 0,
        "ungradable_submissions": [{"name": row["name"], "reason": row["reason"]}
                                   for row in rows if row["status"] == "ungradable"],
        "skipped_entries": [{"name": row["name"], "reason": row["reason"]} for row in entries],
        "problems": [{"name": row["name"], "problems": row_problems(row)} for row in rows if row_problems(row)],
        "exercises": exercises, "questions": questions,
        "graders": sorted({row["grader_fingerprint"] for row in graded if row.get("grader_fingerprint")}),
    }


def summary_markdown(summary: dict[str, Any]) -> str:
    from grader.render.markdown import cell

    lines = [f"# Class summary: {summary['graded']} graded, {summary['ungradable']} ungradable", "",
             f"Mean total: {summary['mean_total']:g} / {summary['max_total']:g}", "",
             *([f"Graded by grader fingerprint {', '.join(summary['graders'])} (`grader --version`; each report's "
                "provenance has the rest)", ""] if summary.get("graders") else []),
             "## Exercises", "", "| exercise | mean | pass rate | not attempted | broken (import error, crash) | most failed checks |",
             "|---|---|---|---|---|---|"]
    for item in summary["exercises"]:
        failing = ", ".join(f"{entry['check']} ({entry['failed_by']})" for entry in item["most_failed"]) or "—"
        lines.append(f"| {item['id']} | {item['mean']:g} / {item['max_score']} | {item['pass_rate']:.0%} | "
                     f"{item['not_attempted']} | {item['broken']} | {cell(failing)} |")
    lines += ["", "## Quiz questions (hardest first)", "", "| question | mean | pass rate |", "|---|---|---|"]
    for item in sorted(summary["questions"], key=lambda entry: (entry["pass_rate"], entry["quiz"], entry["id"])):
        lines.append(f"| {item['quiz']}.{item['id']} | {item['mean']:g} / {item['max_score']:g} | "
                     f"{item['pass_rate']:.0%} |")
    if summary["ungradable_submissions"]:
        lines += ["", "## Ungradable", ""]
        lines += [f"- {cell(entry['name'])}: {cell(entry['reason'])}" for entry in summary["ungradable_submissions"]]
    if summary["skipped_entries"]:
        lines += ["", "## Not submissions (skipped)", ""]
        lines += [f"- {cell(entry['name'])}: {cell(entry['reason'])}" for entry in summary["skipped_entries"]]
    from grader.instructor.course import summary_sections

    lines += summary_sections(summary)
    return "\n".join(lines) + "\n"
