"""Hostile submissions: the attacked exercise scores 0, the others keep full marks, nothing else changes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.runner import GradeOptions, grade_submission
from grader.sandbox.landlock import abi_version
from grader.sandbox.pool import Sandbox, SandboxLimits

from conftest import PROJECT, SOLUTIONS

VICTIM = "ex01_mse"
OTHERS = [exercise.id for exercise in load_catalog() if exercise.id != VICTIM][:2]
LIMITS = SandboxLimits(timeout=3.0, memory=1 << 30)

HEADER = "import numpy as np\nimport os, sys, signal, time, ctypes, builtins\n"
# Each attack is the body of a module standing in for ex01_mse.py; `mse` must exist or not, as the attack needs.
ATTACKS = {
    "patch_numpy": """
        np.isclose = lambda *a, **k: np.True_
        np.allclose = lambda *a, **k: True
        np.testing.assert_allclose = lambda *a, **k: None
        def mse(y_pred, y_true):
            return -1.0
    """,
    "patch_pytest": """
        import pytest
        pytest.approx = lambda *a, **k: 0
        def mse(y_pred, y_true):
            return -1.0
    """,
    "patch_builtins": """
        builtins.isinstance = lambda *a: True
        builtins.float = lambda *a: 0.0
        builtins.abs = lambda x: 0
        def mse(y_pred, y_true):
            return -1.0
    """,
    "exit_at_import": """
        sys.exit(0)
    """,
    "os_exit_in_call": """
        def mse(y_pred, y_true):
            os._exit(0)
    """,
    "kill_itself": """
        def mse(y_pred, y_true):
            os.kill(os.getpid(), signal.SIGKILL)
    """,
    "segfault": """
        def mse(y_pred, y_true):
            return ctypes.string_at(0)
    """,
    "recursion": """
        def mse(y_pred, y_true):
            return mse(y_pred, y_true)
    """,
    "fake_report": """
        import json
        FAKE = json.dumps({"score": 1000, "max_score": 1000, "exercises": [], "quizzes": []})
        print(FAKE)
        sys.stdout.flush()
        os.write(1, FAKE.encode())
        os.write(2, FAKE.encode())
        def mse(y_pred, y_true):
            print(FAKE)
            return -1.0
    """,
    "rigged_float": """
        class Always(float):
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __lt__(self, other): return True
            def __gt__(self, other): return True
            def __le__(self, other): return True
            def __ge__(self, other): return True
            def __abs__(self): return Always(0.0)
            def __sub__(self, other): return Always(0.0)
            def __rsub__(self, other): return Always(0.0)
            def __float__(self): return 0.0
        def mse(y_pred, y_true):
            return Always(12345.0)
    """,
    "rigged_numpy_float": """
        class Always(np.float64):
            def __eq__(self, other): return True
        def mse(y_pred, y_true):
            return Always(2.0)
    """,
    "rigged_array": """
        class Always(np.ndarray):
            def __eq__(self, other): return np.ones(self.shape, bool)
            def __array_ufunc__(self, *args, **kwargs): return np.True_
        def mse(y_pred, y_true):
            return np.zeros(1).view(Always)
    """,
    "object_array": """
        class Anything:
            def __eq__(self, other): return True
            def __float__(self): return 0.0
        def mse(y_pred, y_true):
            return np.array([Anything()], dtype=object)
    """,
    "nan_and_mutation": """
        def mse(y_pred, y_true):
            y_pred = np.asarray(y_pred)
            if isinstance(y_true, np.ndarray):
                y_true[...] = y_pred  # a grader computing the expected value afterwards would now see 0
            return float("nan")
    """,
    "import_reference": f"""
        sys.path[:0] = [{str(PROJECT)!r}, {str(SOLUTIONS)!r}]
        try:
            from ex01_mse_solution import mse
        except Exception:
            pass
        try:
            from solutions.ex01_mse import mse
        except Exception:
            pass
        try:
            import grader.runner
        except Exception:
            pass
        try:
            source = open({str(SOLUTIONS / 'ex01_mse.py')!r}).read()
            exec(compile(source, "solution", "exec"))
        except Exception:
            def mse(y_pred, y_true):
                return -1.0
    """,
    "write_grader_files": f"""
        for target in [{str(PROJECT / 'grader' / 'checks' / 'ex01_mse.py')!r}, {str(PROJECT / 'grader' / 'expect.py')!r},
                       {str(SOLUTIONS / 'ex01_mse.py')!r}, {str(PROJECT / 'pwned.txt')!r}, "/tmp/loss-compass-pwned.txt"]:
            try:
                with open(target, "w") as handle:
                    handle.write("def test_worked_example(student, ref): pass\\n")
            except Exception:
                pass
        def mse(y_pred, y_true):
            return -1.0
    """,
    "infinite_loop": """
        def mse(y_pred, y_true):
            while True:
                pass
    """,
    "ignore_signals": """
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1):
            signal.signal(signum, signal.SIG_IGN)
        def mse(y_pred, y_true):
            while True:
                time.sleep(0.01)
    """,
    "memory_hog": """
        def mse(y_pred, y_true):
            hog = np.ones(3 * 2**30 // 8)
            return float(hog.sum())
    """,
    "python_memory_hog": """
        def mse(y_pred, y_true):
            blocks = []
            while True:
                blocks.append(bytearray(64 << 20))
    """,
    "leftover_children": """
        libc = ctypes.CDLL(None)
        def _spawn():
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    libc.prctl(15, b"lchostile", 0, 0, 0)
                    while True:
                        time.sleep(0.05)
                os._exit(0)
        for _ in range(3):
            _spawn()
        def mse(y_pred, y_true):
            _spawn()
            return -1.0
    """,
    "syntax_error": """
        def mse(y_pred, y_true)
            return 0
    """,
}


def _fingerprint(root: Path) -> dict[str, str]:
    """Contents of the project's sources (what a hostile submission must not change)."""
    found = {}
    for folder in ("grader", "solutions", "exercises", "tests"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _hostile_processes() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    if handle.read().strip() == "lchostile":
                        found.append(int(entry))
            except OSError:
                pass
    return found


@pytest.fixture(scope="module")
def project_before():
    return _fingerprint(PROJECT)


def make_submission(tmp_path: Path, attack: str) -> Path:
    submission = tmp_path / "submission"
    submission.mkdir()
    for exercise_id in [VICTIM, *OTHERS]:
        shutil.copyfile(SOLUTIONS / f"{exercise_id}.py", submission / f"{exercise_id}.py")
    (submission / f"{VICTIM}.py").write_text(HEADER + textwrap.dedent(ATTACKS[attack]))
    return submission


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_scores_zero_and_spares_the_rest(tmp_path, project_before, attack):
    assert len(OTHERS) == 2, "the course needs other exercises whose full marks the attack must not touch"
    submission = make_submission(tmp_path, attack)
    submission_before = {path.name: path.read_bytes() for path in submission.iterdir()}
    report = grade_submission(submission, GradeOptions(limits=LIMITS, exercises=[VICTIM, *OTHERS], quizzes=False))
    results = {result.id: result for result in report.exercises}
    assert results[VICTIM].score == 0, results[VICTIM]
    assert all(not check.passed for check in results[VICTIM].checks)
    for other in OTHERS:
        assert results[other].score == results[other].max_score, results[other]
    assert _fingerprint(PROJECT) == project_before
    assert {path.name: path.read_bytes() for path in submission.iterdir()} == submission_before
    assert not (PROJECT / "pwned.txt").exists() and not Path("/tmp/loss-compass-pwned.txt").exists()
    assert _hostile_processes() == []


@pytest.mark.parametrize("attack, reason", [
    ("exit_at_import", "exited (sys.exit) during import"),
    ("os_exit_in_call", "exited with code 0 during mse("),
    ("kill_itself", "was killed (signal 9, SIGKILL) during mse("),
    ("segfault", "crashed with signal 11 (SIGSEGV)"),
    ("recursion", "hit the recursion limit"),
    ("infinite_loop", "timed out after 3 s"),
    ("ignore_signals", "timed out after 3 s"),
    ("memory_hog", "exceeded the 1 GiB memory limit"),
    ("python_memory_hog", "exceeded the 1 GiB memory limit"),
    ("syntax_error", "could not be imported: SyntaxError"),
    ("patch_pytest", "could not be imported: ModuleNotFoundError"),
])
def test_whole_exercise_failures_have_a_one_line_reason(tmp_path, attack, reason):
    report = grade_submission(make_submission(tmp_path, attack),
                              GradeOptions(limits=LIMITS, exercises=[VICTIM], quizzes=False))
    result = report.exercises[0]
    assert result.status == "error"
    assert reason in result.reason and "\n" not in result.reason


@pytest.mark.parametrize("attack, message", [
    ("rigged_float", "a float subclass (Always)"),
    ("rigged_numpy_float", "a float subclass (Always)"),
    ("rigged_array", "an ndarray subclass (Always)"),
    ("object_array", "an object array"),
    ("nan_and_mutation", "returned nan"),
])
def test_values_that_are_not_plain_numbers_fail_with_a_clear_message(tmp_path, attack, message):
    report = grade_submission(make_submission(tmp_path, attack),
                              GradeOptions(limits=LIMITS, exercises=[VICTIM], quizzes=False))
    assert message in report.exercises[0].checks[0].message


def test_grader_reads_are_denied_to_student_code(tmp_path):
    report = grade_submission(make_submission(tmp_path, "import_reference"),
                              GradeOptions(limits=LIMITS, exercises=[VICTIM], quizzes=False))
    assert report.exercises[0].score == 0
    if abi_version():
        assert any("Landlock" in layer for layer in report.limits.isolation)


def test_fake_report_printed_by_student_does_not_reach_the_json(tmp_path):
    submission = make_submission(tmp_path, "fake_report")
    completed = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(submission), "--format", "json", "--timeout", "5"],
        capture_output=True, text=True, timeout=120, cwd=PROJECT,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["score"] < report["max_score"] < 1000
    victim = next(item for item in report["exercises"] if item["id"] == VICTIM)
    assert victim["score"] == 0
    assert "score\": 1000" not in completed.stderr


@pytest.mark.skipif(os.geteuid() != 0 and abi_version() < 6,
                    reason="without root or Landlock signal scoping the worker could signal this test's own processes")
def test_killing_every_process_it_can_see_spares_the_grader(tmp_path):
    submission = make_submission(tmp_path, "patch_numpy")
    (submission / f"{VICTIM}.py").write_text(HEADER + textwrap.dedent("""
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != os.getpid():
                try:
                    os.kill(int(entry), signal.SIGKILL)
                except Exception:
                    pass
        def mse(y_pred, y_true):
            return -1.0
    """))
    report = grade_submission(submission, GradeOptions(limits=LIMITS, exercises=[VICTIM, *OTHERS], quizzes=False))
    assert {result.id: result.score == result.max_score for result in report.exercises} == \
        {VICTIM: False, **{other: True for other in OTHERS}}


def test_report_states_the_limits(tmp_path):
    report = grade_submission(make_submission(tmp_path, "patch_numpy"),
                              GradeOptions(limits=SandboxLimits(timeout=4, memory=512 << 20), exercises=[VICTIM],
                                           quizzes=False))
    assert report.limits.timeout_seconds == 4 and report.limits.memory_bytes == 512 << 20
    assert any("512 MiB" in layer for layer in report.limits.isolation)
    assert any("uid 65534" in layer for layer in report.limits.isolation) == (os.geteuid() == 0)


# ---------------------------------------------------------------- what the trusted side reads back, stages and times

def _grade_victim(tmp_path: Path, body: str, exercises: list[str] | None = None):
    submission = tmp_path / "submission"
    submission.mkdir(exist_ok=True)
    (submission / f"{VICTIM}.py").write_text(HEADER + textwrap.dedent(body))
    return grade_submission(submission, GradeOptions(limits=LIMITS, exercises=exercises or [VICTIM], quizzes=False))


@pytest.mark.parametrize("returned, message", [
    # 60 bytes that the old decoder turned into 400 MB, thirty times over
    ("[sys.modules['_loss_compass_wire'].Gen('normal', 0, (50_000_000,)) for _ in range(30)]",
     "generated array placeholder"),
    ("sys.modules['_loss_compass_wire'].Fn('smooth')", "function placeholder"),
    ("[0] * 3_000_000", "a list of 3,000,000 items"),
    ("[[0] * 1_500_000, [0] * 1_500_000]", "more than 2,000,000 numbers"),
    ("np.zeros(3_000_000)", "an array of 3,000,000 numbers"),
    ("np.zeros(1_900_000)", "more than the 16 MiB the grader reads back"),
])
def test_results_that_would_exhaust_the_grader_fail_their_check(tmp_path, returned, message):
    report = _grade_victim(tmp_path, f"""
        def mse(y_pred, y_true):
            return {returned}
    """)
    result = report.exercises[0]
    assert result.score == 0
    assert message in result.checks[0].message, result.checks[0].message
    if "placeholder" in message or "3,000,000" in message:  # cheap to refuse: no call runs out of time
        assert result.status == "failed"  # each call failed its own check: the exercise was not aborted


def test_staging_copies_regular_files_only(tmp_path):
    """3000 links to one 1 MiB file once made staging write 3 GB; a FIFO would block the copy forever."""
    outside = tmp_path / "big.py"
    outside.write_bytes(b"#" * (1 << 20))
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copyfile(SOLUTIONS / f"{VICTIM}.py", submission / f"{VICTIM}.py")
    inside = submission / "inside_target.py"
    inside.write_text("X = 1\n")
    for index in range(3000):
        (submission / f"link_{index:04d}.py").symlink_to(outside if index % 2 else inside)
    os.mkfifo(submission / "ex02_mae.py")
    with Sandbox(LIMITS) as sandbox:
        src, warnings = sandbox.stage(submission)
        staged = sorted(path.name for path in src.iterdir())
        size = sum(path.stat().st_size for path in src.iterdir())
        sandbox.clean()
        assert not any(path.name.startswith(("src-", "work-")) for path in sandbox._scratch.iterdir())
    assert staged == ["ex01_mse.py", "inside_target.py"]
    assert size < 64 << 10
    # every refused file is counted, the first few by name (one line for each of 3000 bloated the report)
    assert sum("symbolic link" in warning for warning in warnings) == 19
    assert warnings[-1].endswith(": 2981 more files ignored for the same reasons")
    assert any("ex02_mae.py: not a regular file" in warning for warning in warnings)


def test_staging_caps_the_number_and_total_size_of_files(tmp_path):
    submission = tmp_path / "submission"
    submission.mkdir()
    for index in range(100):
        (submission / f"helper_{index:03d}.py").write_bytes(b"#" * (512 << 10))
    with Sandbox(LIMITS) as sandbox:
        src, warnings = sandbox.stage(submission)
        total = sum(path.stat().st_size for path in src.iterdir())
    assert total <= 8 << 20
    assert any("exceed 8 MiB" in warning for warning in warnings)


def test_student_code_can_write_no_file_and_prints_at_most_the_output_cap(tmp_path):
    """A submission that fills the scratch disk makes other students ungradable: it may create nothing."""
    report = _grade_victim(tmp_path, """
        def _writes():
            made = []
            for folder in (os.getcwd(), os.environ.get("HOME", "/tmp"), "/tmp", "/dev/shm", os.path.dirname(__file__)):
                try:
                    with open(os.path.join(folder, "filler.bin"), "wb") as handle:
                        handle.write(b"x" * 1024)
                    made.append(folder)
                except OSError:
                    pass
            return made

        def _printed():
            written = 0
            try:
                while written < 20 << 20:
                    written += os.write(1, b"y" * (1 << 20))
            except OSError:
                pass
            return written

        MADE, PRINTED = _writes(), _printed()

        def mse(y_pred, y_true):
            y_pred = np.asarray(y_pred, dtype=np.float64)
            y_true = np.asarray(y_true, dtype=np.float64)
            if y_pred.shape != y_true.shape or y_pred.size == 0:
                raise ValueError("shapes")
            value = float(np.mean((y_pred - y_true) ** 2))
            # the attack reports on itself: a right value only if nothing was written and printing was capped
            return value if not MADE and PRINTED <= 8 << 20 else -1.0 - len(MADE)
    """)
    result = report.exercises[0]
    assert result.checks[0].passed, result.checks[0].message


SABOTAGE = """
    wire = sys.modules["_loss_compass_wire"]
    def _slow(*args, **kwargs):
        time.sleep(0.05)
        return 0.0
    wire.BASELINES["mse"] = _slow  # the baseline used to be timed in this very process
    _mean = np.mean
    np.mean = lambda *args, **kwargs: (time.sleep(0.05), _mean(*args, **kwargs))[1]

    def mse(y_pred, y_true):
        y_pred = np.asarray(y_pred, dtype=np.float64)
        y_true = np.asarray(y_true, dtype=np.float64)
        if y_pred.shape != y_true.shape:
            raise ValueError("shapes differ")
        if y_pred.size == 0:
            raise ValueError("empty")
        total = 0.0
        for index in np.ndindex(y_pred.shape):
            total = total + np.sum(np.square(y_pred[index] - y_true[index]))
        return float(total / y_pred.size)
"""


def test_the_speed_point_cannot_be_bought_by_slowing_the_baseline(tmp_path):
    report = _grade_victim(tmp_path, SABOTAGE)
    vectorised = next(check for check in report.exercises[0].checks if check.name == "vectorised")
    assert not vectorised.passed
    assert "times slower than the vectorised reference" in vectorised.message


def test_a_process_outside_the_exercise_cannot_slow_the_baseline_during_the_pause(tmp_path):
    """Red team: the grader stops the exercise's process group (SIGSTOP) while it times the baseline.

    Burners forked into sessions of their own were not stopped: busy only while their parent was, they
    slowed the clean child's baseline 3-7 times and a Python loop got the `vectorised` point. An exercise
    may now start no process at all (a thread stays inside its process and is stopped with it).
    """
    report = _grade_victim(tmp_path, textwrap.dedent("""
        _parent = os.getpid()
        def _stopped():
            try:
                with open(f"/proc/{_parent}/stat") as handle:
                    return handle.read().rsplit(")", 1)[1].split()[0] == "T"
            except OSError:
                os._exit(0)
        FORKED = 0
        for _ in range(8):
            try:
                pid = os.fork()
            except OSError:
                continue
            if pid == 0:
                os.setsid()
                while True:
                    if _stopped():
                        for _ in range(20000):
                            pass
                    else:
                        time.sleep(0.0005)
            FORKED += 1
    """) + textwrap.dedent(SABOTAGE) + """
_loop = mse
def mse(y_pred, y_true):
    return _loop(y_pred, y_true) if not FORKED else -1.0  # the attack reports on itself
""")
    checks = {check.name: check for check in report.exercises[0].checks}
    assert checks["worked_example"].passed, checks["worked_example"].message  # no fork succeeded
    assert not checks["vectorised"].passed
    assert "times slower than the vectorised reference" in checks["vectorised"].message


@pytest.mark.parametrize("order", ["done_before_computing", "computed_before_ready"])
def test_the_speed_point_cannot_be_bought_by_patching_the_workers_timing_protocol(tmp_path, order):
    """Red team: the worker's protocol code runs in the student's process, so student code can patch it.

    Saying "done" as soon as "go" arrives, or computing before saying "ready", once made a Python loop
    look as fast as numpy: the grader's clock ran only from "go" to "done". The rest of the round trip
    is now charged when it costs more than the clean child's, and the inputs are drawn afresh.
    """
    patch = {
        "done_before_computing": """
            _wire.send_frame(self.conn, {"ready": True})
            _wire.recv_frame(self.conn)
            _wire.send_frame(self.conn, {"done": True})
            return _call(self, name, raw_args, raw_kwargs)
        """,
        "computed_before_ready": """
            result = _call(self, name, raw_args, raw_kwargs)
            _wire.send_frame(self.conn, {"ready": True})
            _wire.recv_frame(self.conn)
            _wire.send_frame(self.conn, {"done": True})
            return result
        """,
    }[order]
    report = _grade_victim(tmp_path, textwrap.dedent(SABOTAGE) + textwrap.dedent("""
        _server = sys.modules["__main__"].Server
        _wire = sys.modules["_loss_compass_wire"]
        _call = _server.call
        def _patched(self, name, raw_args, raw_kwargs, ready=False):
            if not ready:
                return _call(self, name, raw_args, raw_kwargs)
    """) + textwrap.indent(textwrap.dedent(patch), "    ") + "_server.call = _patched\n")
    checks = {check.name: check for check in report.exercises[0].checks}
    assert checks["worked_example"].passed, checks["worked_example"].message
    assert not checks["vectorised"].passed
    assert "times slower than the vectorised reference" in checks["vectorised"].message


def test_memory_files_cannot_hold_memory_past_the_limit(tmp_path):
    """Red team: a memfd's pages, written and not mapped, count against neither RLIMIT_AS nor any process.

    250 of them, each at the 8 MiB RLIMIT_FSIZE, held 2 GiB past the 1 GiB limit (per exercise of every
    parallel job; the OOM killer would not even see them). memfd_create is now refused in an exercise.
    """
    report = _grade_victim(tmp_path, """
        HELD = 0
        _files = []
        try:
            for _ in range(250):
                _fd = os.memfd_create("hoard")
                for _ in range(8):
                    os.write(_fd, b"x" * (1 << 20))
                _files.append(_fd)
                HELD += 8
        except OSError:
            pass

        def mse(y_pred, y_true):
            y_pred = np.asarray(y_pred, dtype=np.float64)
            y_true = np.asarray(y_true, dtype=np.float64)
            if y_pred.shape != y_true.shape or y_pred.size == 0:
                raise ValueError("shapes")
            # the attack reports on itself: a right value only if it held nothing past the limit
            return float(np.mean((y_pred - y_true) ** 2)) if HELD < 64 else -float(HELD)
    """)
    assert report.exercises[0].checks[0].passed, report.exercises[0].checks[0].message


def test_system_v_shared_memory_cannot_outlive_the_exercise(tmp_path):
    """Red team: a System V segment, filled and detached, counts against no limit and outlives its process.

    Three of 512 MiB stayed allocated after the grader had exited, until ipcrm (a class could fill the
    machine's memory for good). The exercise's seccomp filter refuses System V IPC.
    """
    report = _grade_victim(tmp_path, """
        libc = ctypes.CDLL(None, use_errno=True)
        libc.shmat.restype = ctypes.c_void_p
        libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
        libc.shmdt.argtypes = [ctypes.c_void_p]
        LEFT = []
        _shmid = libc.shmget(0, ctypes.c_size_t(16 << 20), 0o1600)  # IPC_PRIVATE, IPC_CREAT | 0600
        if _shmid >= 0:
            _address = libc.shmat(_shmid, None, 0)
            ctypes.memset(_address, 1, 16 << 20)
            libc.shmdt(ctypes.c_void_p(_address))
            libc.shmctl(_shmid, 0, None)  # IPC_RMID: the test removes its own segment
            LEFT.append(_shmid)

        def mse(y_pred, y_true):
            y_pred = np.asarray(y_pred, dtype=np.float64)
            y_true = np.asarray(y_true, dtype=np.float64)
            if y_pred.shape != y_true.shape or y_pred.size == 0:
                raise ValueError("shapes")
            # the attack reports on itself: a right value only if no segment could be made
            return float(np.mean((y_pred - y_true) ** 2)) if not LEFT else -1.0
    """)
    assert report.exercises[0].checks[0].passed, report.exercises[0].checks[0].message
