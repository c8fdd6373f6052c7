"""`grader grade-all SUBMISSIONS_DIR`: grade a whole class in parallel into grades.csv and a class summary."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from grader import variants
from grader.commands.options import (explanations_option, held_out_options, lang_option, make_limits, resolve_lang,
                                     sandbox_options, solutions_option)
from grader.errors import GraderError, user_errors
from grader.exit_codes import GRADER_FAILED
from grader.grading.held_out import KEPT_SECRET_FILE, choose_secret
from grader.instructor.options import CourseSettings, course_options
from grader.paths import solutions_dir
from grader.render import safe_text


@click.command("grade-all", short_help="Grade a whole class in parallel: grades.csv and a class summary.")
@click.argument("submissions_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where grades.csv, summary.md/json and reports/ go (default: a grades/ folder beside "
                   "SUBMISSIONS_DIR).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Submissions graded at once.")
@click.option("--force", is_flag=True, help="Grade again even the submissions whose files have not changed.")
@click.option("--feedback", is_flag=True, help="Also write feedback/NAME.md and NAME.html per student: scores, "
                                               "failing checks, their messages and a hint (HTML that opens offline).")
@explanations_option
@held_out_options
@solutions_option
@sandbox_options
@lang_option
@user_errors
@course_options
def grade_all(submissions_dir: Path, output: Path | None, jobs: int, force: bool, feedback: bool, show_explanations: bool,
              secret_file: Path | None, held_out: bool | None, show_held_out_expected: bool,
              solutions: Path | None, timeout: float, memory: str, lang: str | None,
              course_settings: CourseSettings) -> None:
    """Grade every submission folder in SUBMISSIONS_DIR (each holding the exercise files and answers.yaml).

    Writes grades.csv (one row per submission: status, total, each exercise and quiz), summary.md and
    summary.json (per exercise and question: mean, pass rate, the checks the class fails most) and one
    JSON report per submission. A broken or hostile submission becomes an "ungradable" row and never stops
    the batch; hidden entries (.git) and the output folder are listed as "skipped"; unchanged submissions
    are not graded again on the next run (--force to redo them).

    Each check's held-out cases run too (--no-held-out to leave them out), drawn from the instructor's secret
    ($LOSS_COMPASS_SECRET or --secret-file) and each student's id; without a configured secret, one is made
    on the first run and kept in the output folder's held-out-secret file, so regrading gives the same cases.
    """
    from grader.batch import BatchOptions, run_batch
    from grader.instructor.course import Course
    from grader.instructor.intake import gather
    from grader.instructor.regrade import matches_student

    if not submissions_dir.is_dir():
        raise GraderError(f"{submissions_dir}: no such folder")
    out = output or submissions_dir.resolve().parent / "grades"
    submissions, intake = gather(submissions_dir, out, out)  # archives and LMS downloads, unpacked into out
    if all(submission.skipped for submission in submissions):
        raise GraderError(f"{submissions_dir}: no submission folders in it")
    reference_folder = solutions_dir(solutions)
    variants.use_secret_file(secret_file)  # per-student quiz variants are drawn from the same secret
    secret = choose_secret(held_out, secret_file, reference_folder is not None, keep_in=out)
    options = BatchOptions(jobs=jobs, limits=make_limits(timeout, memory), lang=resolve_lang(lang),  # type: ignore[arg-type]
                           force=force, solutions=reference_folder, show_explanations=show_explanations,
                           held_out_secret=secret, show_held_out_expected=show_held_out_expected,
                           course=Course(intake, course_settings.policy, course_settings.roster),
                           only_exercises=course_settings.only)
    if course_settings.students:
        wanted = [name for name in (submission.name for submission in submissions)
                  if any(matches_student(name, text, intake[name].known_as if name in intake else ())
                         for text in course_settings.students)]
        if not wanted:
            raise GraderError(f"--student {', '.join(course_settings.students)}: no such submission in {submissions_dir}")
        options.only_students = set(wanted).__contains__
    console = Console(stderr=True, highlight=False)
    started = time.perf_counter()
    counts = {"graded": 0, "cached": 0, "ungradable": 0, "skipped": 0}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[last]}"), console=console) as progress:
        task = progress.add_task("grading", total=len(submissions), last="")

        def advance(name: str, status: str) -> None:
            counts[status] = counts.get(status, 0) + 1
            progress.update(task, advance=1, last=f"{escape(safe_text(name, 80))}: {status}")  # a folder name is the student's

        rows = run_batch(submissions, out, options, progress=advance)
    graded = [row for row in rows if row["status"] == "graded"]
    mean = sum(row["score"] for row in graded) / len(graded) if graded else 0.0
    console.print(f"{len(rows) - counts['skipped']} submissions: {counts['graded']} graded, "
                  f"{counts['cached']} unchanged (not graded again), {counts['ungradable']} ungradable, in "
                  f"{time.perf_counter() - started:.1f} s; mean total {mean:.1f}"
                  + (f"; {counts['skipped']} other entries skipped (see summary.md)" if counts["skipped"] else ""))
    click.echo(f"wrote {out / 'grades.csv'}, {out / 'summary.md'}")
    if feedback:
        from grader.batch import graded_reports
        from grader.render.feedback import FEEDBACK_DIR, write_feedback

        written = write_feedback(out, graded_reports(rows, out))
        click.echo(f"wrote {len(written) // 2} feedback files (Markdown and HTML) to {out / FEEDBACK_DIR}")
    if secret is not None and (out / KEPT_SECRET_FILE).is_file() and variants.instructor_secret(secret_file) is None:
        click.echo(f"held-out cases were drawn from the secret kept in {out / KEPT_SECRET_FILE}: keep it to "
                   f"reproduce these grades (or set ${variants.SECRET_ENV})", err=True)
    failed = [row["name"] for row in rows if row.get("grader_failed")]
    if failed:  # the grader's own failure, not the students': exit 3, so that a script does not take it for grades
        click.echo(f"the grader itself failed on {len(failed)} submission(s) ({safe_text(', '.join(failed), 200)}): "
                   "see their reason in grades.csv", err=True)
        raise SystemExit(GRADER_FAILED)
