"""The mutation run's configuration and verdicts (benchmarks/mutation): a full run is too slow for the suite."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from cosmic_ray.config import load_config
from cosmic_ray.work_item import MutationSpec

MUTATION = Path(__file__).resolve().parent.parent / "benchmarks" / "mutation"
sys.path.insert(0, str(MUTATION))

import grade_mutant  # noqa: E402
import sessions  # noqa: E402
import snapshot  # noqa: E402
import summary  # noqa: E402
import survivors  # noqa: E402

EXERCISE = "ex02_mae"  # the smallest module: 27 mutants
OBVIOUS = ("np.abs(y_pred - y_true)", "(y_pred - y_true)")  # MAE without the absolute value


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    work = tmp_path_factory.mktemp("mutation")
    session = sessions.Session(EXERCISE, snapshot.take(work / "course", worktree=True), work)
    session.place()
    return session


def run_test_command(session, source: str) -> subprocess.CompletedProcess:
    (session.course.root / session.module).write_text(source, encoding="utf-8")
    return subprocess.run(shlex.split(session.test_command()), cwd=session.course.root, capture_output=True,
                          text=True, timeout=120)


def test_configuration_is_valid_and_lists_the_mutants(session):
    count = session.init()
    config = load_config(str(session.config))
    assert config["module-path"] == f"mutants/{EXERCISE}/{EXERCISE}.py"
    assert config.distributor_name == "local"
    assert 0 < config.timeout <= 120
    assert str(sessions.GRADE_MUTANT) in config.test_command
    assert count > 10  # cosmic-ray found the module and its operators


def test_test_command_passes_the_reference_and_kills_an_obvious_mutant(session):
    original = session.original()
    assert OBVIOUS[0] in original
    passed = run_test_command(session, original)
    assert passed.returncode == grade_mutant.SURVIVED, passed.stdout + passed.stderr
    assert passed.stdout.startswith("survived: 12/12")
    killed = run_test_command(session, original.replace(*OBVIOUS))
    assert killed.returncode == grade_mutant.KILLED, killed.stdout + killed.stderr
    assert killed.stdout.startswith("killed:") and "worked_example" in killed.stdout


def test_batch_gives_the_same_verdicts(session, tmp_path):
    """run.py grades all mutants in one grade-all batch: the reference survives, the obvious mutant dies."""
    original = session.original()
    batch = tmp_path / "batch"
    for name, source in (("reference", original), ("mutant", original.replace(*OBVIOUS))):
        (batch / name).mkdir(parents=True)
        (batch / name / f"{EXERCISE}.py").write_text(source, encoding="utf-8")
    sessions.grade_all(batch, tmp_path / "grades", session.course, timeout=10)
    verdicts = {name: grade_mutant.verdict(json.loads((tmp_path / "grades" / "reports" / f"{name}.json")
                                                      .read_text(encoding="utf-8")), EXERCISE)[0]
                for name in ("reference", "mutant")}
    assert verdicts == {"reference": grade_mutant.SURVIVED, "mutant": grade_mutant.KILLED}


def test_a_missing_exercise_is_the_graders_failure_not_a_kill():
    code, line = grade_mutant.verdict({"exercises": [{"id": EXERCISE, "status": "missing", "score": 0,
                                                      "max_score": 12, "checks": []}]}, EXERCISE)
    assert code == grade_mutant.BROKEN and line.startswith(grade_mutant.GRADER_ERROR)


def test_a_batch_whose_unmutated_module_loses_points_is_refused(session, tmp_path):
    report = tmp_path / "unmutated.json"
    report.write_text(json.dumps({"exercises": [{"id": EXERCISE, "status": "error", "score": 0, "max_score": 12,
                                                 "reason": "timed out after 4 s", "checks": []}]}))
    with pytest.raises(RuntimeError, match="does not get full marks"):
        session.check_baseline(report)
    report.write_text(json.dumps({"exercises": [{"id": EXERCISE, "status": "passed", "score": 12, "max_score": 12,
                                                 "checks": []}]}))
    session.check_baseline(report)


def test_mutant_ids_do_not_move_with_line_numbers(session):
    spec = MutationSpec(module_path=session.module, operator_name="core/ReplaceComparisonOperator_Eq_LtE",
                        occurrence=0, start_pos=(41, 20), end_pos=(41, 22), definition_name="mae")
    original = session.original()
    shifted = "# a comment that moves every line down\n" + original
    first, second = (survivors.mutant_id(spec, sessions.unified_diff(text, sessions.mutant_source(text, spec),
                                                                     EXERCISE)) for text in (original, shifted))
    assert first == second and first.startswith("mae:ReplaceComparisonOperator_Eq_LtE:")


def test_results_section_is_replaced_in_place(tmp_path, monkeypatch):
    """benchmarks/run.py writes the rest of RESULTS.md: a rerun replaces only its own section, once."""
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n## Mutation testing\n\nold table\n\n## Targets\n\nkept\n")
    monkeypatch.setattr(summary, "BENCHMARKS", results)
    monkeypatch.setattr(summary, "LOCK", tmp_path / ".lock")
    monkeypatch.setattr(summary, "RESULTS", tmp_path / "results.json")
    (tmp_path / "results.json").write_text(json.dumps({EXERCISE: {"killed": 3, "survived": 1, "equivalent": 2,
                                                                   "errors": 0, "total": 6, "graded_at": "abc",
                                                                   "date": "today", "seconds": 1.0}}))
    summary.write_benchmarks_section("python benchmarks/mutation/run.py", "today", 12.0, "abc")
    text = results.read_text()
    assert text.count("## Mutation testing") == 1 and "old table" not in text
    assert "## Targets\n\nkept" in text
    assert f"| {EXERCISE} | 3 | 1 | 2 | 0 | 6 | 75.0% |" in text  # equivalents are not in the rate
