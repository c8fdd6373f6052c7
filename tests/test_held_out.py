"""Held-out cases: a lookup table built from a student release cannot pass them; every correct implementation does."""

from __future__ import annotations

import base64
import gzip
import json
import os
import random
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli
from grader.grading.held_out import KEPT_SECRET_FILE, HeldOut
from grader.grading.session import run_checks
from grader.paths import PACKAGE_DIR
from grader.release.build import build_release
from grader.runner import grade_exercise
from grader.student import Student

from conftest import SOLUTIONS

CATALOG = load_catalog()
ALTERNATIVES = Path(__file__).parent / "alternatives"
WIRE_SOURCE = (PACKAGE_DIR / "sandbox" / "wire.py").read_text(encoding="utf-8")


def held_out_checks() -> dict[str, set[str]]:
    """The checks marked held_out, by exercise, as pytest collects them."""
    def marked(checks):
        return {exercise_id: {item.originalname.removeprefix("test_") for item in items
                              if item.get_closest_marker("held_out") is not None}
                for exercise_id, items in checks.items.items()}

    return run_checks(marked)


def marker_reasons() -> dict[str, str]:
    """Every check marked public_only, with the reason its marker gives, as exercise.check -> reason."""
    def reasons(checks):
        found = {}
        for exercise_id, items in checks.items.items():
            for item in items:
                marker = item.get_closest_marker("public_only")
                if marker is not None:
                    found[f"{exercise_id}.{item.originalname.removeprefix('test_')}"] = \
                        (marker.args[0] if marker.args else marker.kwargs.get("reason", ""))
        return found

    return run_checks(reasons)


def test_every_check_has_held_out_cases_or_says_why_not():
    marked = held_out_checks()
    public_only = marker_reasons()
    for exercise in CATALOG:
        for spec in exercise.checks:
            name = f"{exercise.id}.{spec.name}"
            assert (spec.name in marked[exercise.id]) != (name in public_only), \
                f"{name}: mark it held_out (inputs drawn per student) or public_only('why no input can vary')"
    assert all(len(reason) > 20 for reason in public_only.values()), public_only
    # public-only checks are the exception: a table of the public answers passes them
    assert len(public_only) <= sum(len(names) for names in marked.values()) // 10, sorted(public_only)


# ---------------------------------------------------------------- the lookup-table attack on a release


def lookup_table_module(exercise, values: dict) -> str:
    """A submission that implements nothing: it hashes each call as the release does and returns the recorded value."""
    data = base64.b64encode(gzip.compress(json.dumps(values).encode())).decode()
    functions = "\n".join(f"def {name}(*args, **kwargs):\n    return _lookup({name!r}, args, kwargs)\n"
                          for name in exercise.functions)
    return f'''import base64, gzip, hashlib, json
WIRE = {WIRE_SOURCE!r}
_wire = {{}}
exec(compile(WIRE, "wire", "exec"), _wire)
TABLE = json.loads(gzip.decompress(base64.b64decode({data!r})))


def _lookup(function, args, kwargs):
    encode = _wire["encode"]
    text = json.dumps([{exercise.id!r}, function, encode(list(args)),
                       [[key, encode(kwargs[key])] for key in sorted(kwargs)]],
                      sort_keys=True, separators=(",", ":"), allow_nan=True)
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    if key not in TABLE:
        raise NotImplementedError("not in the table")
    return _wire["decode"](TABLE[key])


{functions}'''


@pytest.fixture(scope="module")
def recorded_values(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("release") / "course"
    build_release(out, SOLUTIONS, "git+https://example.org/course@v1")
    return json.loads(gzip.decompress((out / "grader" / "reference_values.json.gz").read_bytes()))["values"]


def test_a_lookup_table_built_from_a_release_fails_every_held_out_case(recorded_values, sandbox, reference,
                                                                         tmp_path):
    marked = held_out_checks()
    submission = tmp_path / "mallory"
    submission.mkdir()
    for exercise in CATALOG:
        (submission / exercise.filename).write_text(lookup_table_module(exercise, recorded_values))
    src, _ = sandbox.stage(submission)
    public_total = held_out_total = 0
    fooled, not_caught = 0, []
    for exercise in CATALOG:
        public = grade_exercise(exercise, sandbox, src, submission, reference, "en")
        graded = grade_exercise(exercise, sandbox, src, submission, reference, "en",
                                held_out=HeldOut("the instructor's secret", "mallory"))
        public_total += public.score
        held_out_total += graded.score
        by_name = {check.name: check for check in graded.checks}
        for name in marked[exercise.id]:
            passed_publicly = {check.name: check.passed for check in public.checks}[name]
            fooled += passed_publicly
            if by_name[name].held_out != "failed" or by_name[name].passed:
                not_caught.append(f"{exercise.id}.{name}")
    assert not_caught == []  # every held-out check, whatever the table fooled in public
    assert fooled > 10  # the table does fool the public cases: the attack is real
    assert held_out_total < public_total


# ---------------------------------------------------------------- every correct implementation passes


ALTERNATIVE_FILES = sorted(path for exercise in CATALOG for path in (ALTERNATIVES / exercise.id).glob("*.py"))


@pytest.mark.parametrize("path", [SOLUTIONS / f"{exercise.id}.py" for exercise in CATALOG] + ALTERNATIVE_FILES,
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_correct_implementations_pass_held_out_cases_for_20_secrets(path, sandbox, reference, tmp_path):
    exercise = {item.id: item for item in CATALOG}[path.stem if path.parent == SOLUTIONS else path.parent.name]
    submission = tmp_path / "student"
    submission.mkdir()
    shutil.copyfile(path, submission / exercise.filename)
    src, _ = sandbox.stage(submission)
    draw = random.Random(f"{exercise.id}/{path.stem}")

    def twenty(checks):
        """The held-out cases alone, 20 times in one worker: each secret and id draws other inputs."""
        failures, ran = [], 0
        process = sandbox.open(src, exercise.id, exercise.functions)
        try:
            for _ in range(20):
                held_out = HeldOut(f"{draw.getrandbits(64):016x}", f"student-{draw.randrange(10**6)}")
                for outcome in checks.run(exercise.id, Student(process, exercise.id), reference.bound(exercise.id),
                                          "en", held_out, only=lambda case: case.held_out):
                    ran += 1
                    if not outcome.passed:
                        failures.append((held_out, outcome.check, str(outcome.error)))
        finally:
            process.close()
        return failures, ran

    failures, ran = run_checks(twenty, [exercise.id])
    assert failures == [] and ran >= 20


# ---------------------------------------------------------------- the commands


def _grade(*arguments: str, env: dict | None = None):
    runner = CliRunner(env={"LOSS_COMPASS_LANG": "en", "LOSS_COMPASS_SECRET": "", **(env or {})})
    return runner.invoke(cli, ["grade", str(SOLUTIONS), "--format", "json", *arguments])


def test_grade_runs_held_out_cases_where_a_secret_is_configured(tmp_path):
    plain = _grade()
    assert plain.exit_code == 0 and json.loads(plain.output)["held_out"] is None
    assert {check["held_out"] for item in json.loads(plain.output)["exercises"] for check in item["checks"]} \
        == {"", "not_run"}

    with_secret = _grade(env={"LOSS_COMPASS_SECRET": "s3cret"})
    report = json.loads(with_secret.output)
    assert report["held_out"]["secret_fingerprint"] == HeldOut("s3cret", "").fingerprint
    assert "s3cret" not in with_secret.output
    assert {check["held_out"] for item in report["exercises"] for check in item["checks"]} == {"", "passed"}
    # the exercises earn full marks (quiz questions drawn per student are answered for the public seed only)
    assert sum(item["score"] for item in report["exercises"]) == sum(item["max_score"] for item in report["exercises"])

    secret_file = tmp_path / "secret"
    secret_file.write_text("from a file\n")
    from_file = json.loads(_grade("--secret-file", str(secret_file)).output)
    assert from_file["held_out"]["secret_fingerprint"] == HeldOut("from a file", "").fingerprint
    assert json.loads(_grade("--no-held-out", env={"LOSS_COMPASS_SECRET": "s"}).output)["held_out"] is None


def test_held_out_without_a_secret_or_with_a_bad_secret_file_is_one_line(tmp_path):
    missing = _grade("--held-out")
    assert missing.exit_code == 2 and "LOSS_COMPASS_SECRET" in missing.output and "Traceback" not in missing.output
    empty = tmp_path / "empty"
    empty.write_text("")
    for path in (tmp_path / "nope", empty):
        bad = _grade("--secret-file", str(path))
        assert bad.exit_code == 2 and str(path) in bad.output and "Traceback" not in bad.output


def test_grade_all_keeps_a_secret_of_its_own_and_regrades_the_same(tmp_path):
    classroom = tmp_path / "class"
    for name in ("ann", "ben"):
        shutil.copytree(SOLUTIONS, classroom / name)
    out = tmp_path / "grades"
    runner = CliRunner(env={"LOSS_COMPASS_SECRET": ""})
    first = runner.invoke(cli, ["grade-all", str(classroom), "-o", str(out), "-j", "1"])
    assert first.exit_code == 0, first.output
    kept = out / KEPT_SECRET_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    report = json.loads((out / "reports" / "ann.json").read_text())
    assert report["held_out"]["student_id"] == "ann" or report["held_out"]["student_id_source"] != "folder name"
    fingerprint = report["held_out"]["secret_fingerprint"]
    assert fingerprint == HeldOut(kept.read_text().strip(), "").fingerprint
    again = runner.invoke(cli, ["grade-all", str(classroom), "-o", str(out), "-j", "1", "--force"])
    assert again.exit_code == 0
    assert json.loads((out / "reports" / "ann.json").read_text())["held_out"]["secret_fingerprint"] == fingerprint
    off = runner.invoke(cli, ["grade-all", str(classroom), "-o", str(tmp_path / "off"), "--no-held-out"])
    assert off.exit_code == 0 and not (tmp_path / "off" / KEPT_SECRET_FILE).exists()
    assert json.loads((tmp_path / "off" / "reports" / "ann.json").read_text())["held_out"] is None


def test_the_gradescope_bundle_carries_the_secret_and_runs_held_out_cases(tmp_path):
    out = tmp_path / "autograder.zip"
    result = CliRunner(env={"LOSS_COMPASS_SECRET": "course secret 2027"}).invoke(
        cli, ["export", "gradescope", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert archive.read("held-out-secret").decode().strip() == "course secret 2027"
        script = archive.read("run_autograder").decode()
    assert '--held-out' in script and '--secret-file "$source_dir/held-out-secret"' in script
    assert 'chmod -R go-rwx' in script and '"$source_dir/held-out-secret"' in script
    without = CliRunner(env={"LOSS_COMPASS_SECRET": ""}).invoke(cli, ["export", "gradescope", str(tmp_path / "b.zip")])
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert len(archive.read("held-out-secret").decode().strip()) == 64  # a fresh random secret
    off = CliRunner().invoke(cli, ["export", "gradescope", str(tmp_path / "c.zip"), "--no-held-out"])
    assert off.exit_code == 0 and without.exit_code == 0
    with zipfile.ZipFile(tmp_path / "c.zip") as archive:
        assert "held-out-secret" not in archive.namelist() and "--held-out" not in archive.read("run_autograder").decode()
    assert os.environ.get("LOSS_COMPASS_SECRET", "") == ""  # CliRunner's env did not leak
