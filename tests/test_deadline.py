"""Deadlines: each submission's time (LMS, last commit, files), the late penalty with its cap, in the CSV."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import zipfile
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner

from grader.cli import cli
from grader.errors import GraderError
from grader.instructor.deadline import git_commit_time, parse_policy

from conftest import SOLUTIONS
from test_intake import gradescope_export

DEADLINE = "2027-03-01T23:59+08:00"


def test_the_penalty_counts_started_days_and_stops_at_the_cap():
    policy = parse_policy(DEADLINE, "10%/day", "25%")
    due = policy.deadline
    assert policy.penalty(due) == (0.0, 0)
    assert policy.penalty(due + timedelta(minutes=1)) == (pytest.approx(0.1), 1)  # a started day counts
    assert policy.penalty(due + timedelta(days=1, seconds=1)) == (pytest.approx(0.2), 2)
    assert policy.penalty(due + timedelta(days=9)) == (0.25, 9)  # capped
    hourly = parse_policy(DEADLINE, "5%/hour", None)
    assert hourly.penalty(due + timedelta(minutes=90)) == (pytest.approx(0.1), 2)
    assert hourly.penalty(due + timedelta(days=30))[0] == 1.0  # no cap given: at most the whole score


@pytest.mark.parametrize("deadline, penalty, cap, message", [
    ("2027-03-01T23:59", "10%/day", None, "give its time zone"),
    ("next friday", None, None, "not a date and time"),
    (DEADLINE, "10 per day", None, "like 10%/day"),
    (DEADLINE, "10%/day", "150%", "up to 100%"),
    (None, "10%/day", None, "need --deadline"),
])
def test_a_malformed_policy_is_a_one_line_error(deadline, penalty, cap, message):
    with pytest.raises(GraderError, match=message):
        parse_policy(deadline, penalty, cap)


def git(folder, *args, env=None):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, **(env or {})})


def test_a_repositorys_time_is_its_last_commit_and_its_config_runs_nothing(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copyfile(SOLUTIONS / "ex01_mse.py", repo / "ex01_mse.py")
    git(repo, "add", ".")
    when = "2027-03-02T10:30:00+08:00"
    git(repo, "-c", "user.name=S", "-c", "user.email=s@example.edu", "commit", "-q", "-m", "work",
        env={"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when})
    marker = tmp_path / "owned"
    with (repo / ".git" / "config").open("a") as config:  # what a hostile student could leave in .git/config
        config.write(f"[core]\n\tfsmonitor = touch {marker}\n\tpager = touch {marker}\n"
                     f"[log]\n\tshowSignature = true\n[gpg]\n\tprogram = touch {marker}\n")
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    assert git_commit_time(repo) == datetime.fromisoformat(when)
    assert not marker.exists()
    (tmp_path / "plain").mkdir()
    assert git_commit_time(tmp_path / "plain") is None


def read_rows(out):
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


def test_grade_all_shows_raw_penalty_and_final_with_the_time_it_used(tmp_path):
    export = gradescope_export(tmp_path / "export", "2027-03-03 10:00:00 +08:00")  # 1 day 10 h late: 2 days
    ontime = export / "submission_222"
    ontime.mkdir()
    shutil.copyfile(SOLUTIONS / "ex01_mse.py", ontime / "ex01_mse.py")
    metadata = export / "submission_metadata.yml"
    metadata.write_text(metadata.read_text() + "submission_222:\n  :submitters:\n  - :name: Ann Lee\n"
                        "  :created_at: 2027-03-01 20:00:00 +08:00\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["grade-all", str(export), "-o", str(out), "--no-held-out", "--jobs", "2",
                                      "--deadline", DEADLINE, "--late-penalty", "10%/day", "--late-cap", "50%",
                                      "--feedback"])
    assert result.exit_code == 0, result.output
    table = read_rows(out)
    late, ontime_row = table["Jane Doe (submission_111)"], table["Ann Lee (submission_222)"]
    # the student's own report and feedback say it too: raw score, penalty, final score, the time used
    (report_file,) = [path for path in (out / "reports").glob("*.json") if "111" in path.name]
    recorded = json.loads(report_file.read_text(encoding="utf-8"))
    assert recorded["score"] == 12 and recorded["late"]["raw_score"] == 12
    assert recorded["late"]["penalty"] == pytest.approx(2.4) and recorded["late"]["final_score"] == pytest.approx(9.6)
    assert recorded["late"]["time_source"] == "Gradescope submission time"
    (feedback,) = [path for path in (out / "feedback").glob("*.md") if "111" in path.name]
    assert "late penalty 2.4, final score 9.6 /" in feedback.read_text(encoding="utf-8")
    assert float(late["raw_total"]) == 12 and float(late["late_penalty"]) == pytest.approx(2.4)
    assert float(late["total"]) == pytest.approx(9.6)
    assert late["time_source"] == "Gradescope submission time" and "late by 2 days" in late["problems"]
    assert float(ontime_row["total"]) == float(ontime_row["raw_total"]) == 12 and float(ontime_row["late_penalty"]) == 0
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "## Late policy" in summary and "10% of the score per day late (at most 50%)" in summary


def test_without_an_lms_time_the_files_newest_time_is_used_and_said(tmp_path):
    folder = tmp_path / "class" / "bob"
    folder.mkdir(parents=True)
    shutil.copyfile(SOLUTIONS / "ex01_mse.py", folder / "ex01_mse.py")
    stamp = datetime.fromisoformat("2027-03-05T12:00:00+08:00").timestamp()
    os.utime(folder / "ex01_mse.py", (stamp, stamp))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["grade-all", str(tmp_path / "class"), "-o", str(out), "--no-held-out",
                                      "--deadline", DEADLINE, "--late-penalty", "10%/day", "--late-cap", "25%"])
    assert result.exit_code == 0, result.output
    bob = read_rows(out)["bob"]
    assert bob["time_source"] == "files' newest modification time"
    assert datetime.fromisoformat(bob["submitted_at"]).timestamp() == stamp
    assert float(bob["late_penalty"]) == 3 and float(bob["total"]) == 9  # 4 days late, capped at 25%


def test_a_zipped_repository_is_timed_by_its_last_commit(tmp_path):
    repo = tmp_path / "work" / "repo"
    (repo / "exercises").mkdir(parents=True)
    git(repo, "init", "-q")
    shutil.copyfile(SOLUTIONS / "ex01_mse.py", repo / "exercises" / "ex01_mse.py")
    git(repo, "add", ".")
    when = "2027-03-04T09:00:00+08:00"  # 2 days and 9 hours late: 3 started days
    git(repo, "-c", "user.name=S", "-c", "user.email=s@example.edu", "commit", "-q", "-m", "work",
        env={"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when})
    (tmp_path / "class").mkdir()
    with zipfile.ZipFile(tmp_path / "class" / "dana.zip", "w") as archive:
        for path in sorted(repo.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(repo.parent).as_posix())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["grade-all", str(tmp_path / "class"), "-o", str(out), "--no-held-out",
                                      "--deadline", DEADLINE, "--late-penalty", "10%/day"])
    assert result.exit_code == 0, result.output
    dana = read_rows(out)["dana"]
    assert dana["found_in"] == "repo/exercises" and dana["time_source"] == "last git commit"
    assert dana["submitted_at"] == when and float(dana["late_penalty"]) == pytest.approx(3.6)
