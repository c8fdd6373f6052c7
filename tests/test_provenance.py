"""A grade you can cite: every report records the grader, a hash of what it ran with, its limits and the time."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime

from click.testing import CliRunner

from grader import __version__, provenance
from grader.cli import cli
from grader.paths import solutions_dir
from grader.render.gradescope import render_gradescope
from grader.render.junit import render_junit
from grader.render.markdown import render_markdown
from grader.report import CheckResult, ExerciseResult, Limits, Report

from conftest import SOLUTIONS

COMPONENTS = {"checks", "catalog", "quiz_bank", "reference", "grader_code"}


def cited_report() -> Report:
    check = CheckResult(name="worked_example", passed=False, points=0, max_points=2, message="wrong")
    exercise = ExerciseResult(id="ex01_mse", score=0, max_score=2, status="failed", checks=[check])
    report = Report(submission="x", score=0, max_score=2, exercises=[exercise], quizzes=[],
                    limits=Limits(timeout_seconds=7, memory_bytes=512 << 20, isolation=[]))
    return provenance.cite(report, SOLUTIONS)


def test_version_prints_the_fingerprint_reports_carry():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    fingerprint = provenance.fingerprint(solutions_dir())
    assert f"grader {__version__}" in result.output and fingerprint in result.output


def test_grade_json_records_version_fingerprint_components_limits_and_time(tmp_path):
    submission = tmp_path / "sub"
    shutil.copytree(SOLUTIONS, submission)
    result = CliRunner().invoke(cli, ["grade", str(submission), "--format", "json", "--timeout", "15",
                                      "--memory", "512MiB", "--no-held-out"])
    assert result.exit_code == 0, result.output
    cited = json.loads(result.output)["provenance"]
    version = CliRunner().invoke(cli, ["--version"]).output
    assert cited["fingerprint"] in version and cited["grader_version"] == __version__
    assert set(cited["components"]) == COMPONENTS
    assert all(len(value) == 64 for value in cited["components"].values())
    assert cited["timeout_seconds"] == 15 and cited["memory_bytes"] == 512 << 20
    assert cited["reference"] == str(SOLUTIONS.resolve())
    assert abs((datetime.now().astimezone() - datetime.fromisoformat(cited["graded_at"])).total_seconds()) < 600


def test_every_format_carries_it():
    report = cited_report()
    fingerprint = report.provenance.fingerprint
    gradescope = json.loads(render_gradescope(report))
    assert gradescope["extra_data"]["provenance"]["fingerprint"] == fingerprint
    assert fingerprint[:16] in gradescope["output"]
    root = ET.fromstring(render_junit(report))
    properties = {item.get("name"): item.get("value") for item in root.find("properties")}
    assert properties["fingerprint"] == fingerprint and properties["grader_version"] == __version__
    assert properties["components.reference"] == report.provenance.components["reference"]
    assert root.get("timestamp") == report.provenance.graded_at
    markdown = render_markdown(report)
    assert fingerprint[:16] in markdown and "7 s" in markdown and "512 MiB" in markdown


def test_a_changed_reference_or_check_changes_the_fingerprint(tmp_path):
    copy = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS, copy)
    before = provenance.component_digests(copy)
    assert before == provenance.component_digests(copy)  # stable
    path = copy / "ex01_mse.py"
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after = provenance.component_digests(copy)
    assert after["reference"] != before["reference"] and after["checks"] == before["checks"]
    assert provenance.fingerprint(copy) != provenance.fingerprint(SOLUTIONS)


def test_a_release_cites_its_recorded_values(monkeypatch, tmp_path):
    recorded = tmp_path / "reference_values.json.gz"
    recorded.write_bytes(b"values")
    monkeypatch.setattr(provenance, "RECORDED_FILE", recorded)
    assert provenance.reference_label(None).startswith("recorded values")
    first = provenance.reference_digest(None)
    recorded.write_bytes(b"other values")
    assert provenance.reference_digest(None) != first


def test_grade_all_rows_and_summary_name_the_grader(tmp_path):
    klass = tmp_path / "class"
    shutil.copytree(SOLUTIONS, klass / "amy")
    out = tmp_path / "grades"
    result = CliRunner().invoke(cli, ["grade-all", str(klass), "-o", str(out), "--jobs", "1", "--no-held-out"])
    assert result.exit_code == 0, result.output
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    fingerprint = provenance.fingerprint(solutions_dir())
    assert row["grader_fingerprint"] == fingerprint and datetime.fromisoformat(row["graded_at"])
    assert json.loads((out / "reports" / "amy.json").read_text(encoding="utf-8"))["provenance"]["fingerprint"] == fingerprint
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["graders"] == [fingerprint]
    assert fingerprint in (out / "summary.md").read_text(encoding="utf-8")
