"""The trusted side of the sandbox: starts the worker server, stages submissions, enforces limits."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.sandbox import spawn, wire

WORKER_SCRIPT = spawn.WORKER_SCRIPT
MAX_SOURCE_BYTES = 1 << 20
OUTPUT_BYTES = 8 << 20  # the worker's RLIMIT_FSIZE: what an exercise may print
MAX_SOURCE_FILES = 64
MAX_SUBMISSION_BYTES = 8 << 20
MAX_STAGING_WARNINGS = 20
_SIGNAL_NAMES = {int(sig): sig.name for sig in signal.Signals}


def format_bytes(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % (scale // 16 or 1) == 0:
            value = size / scale
            return f"{value:g} {unit}"
    return f"{size} bytes"


def staging_refusal(path: Path) -> str:
    """Why `path` is not staged before it is opened ('' if it may be): links and non-files are refused."""
    try:
        mode = path.lstat().st_mode
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISLNK(mode):
        return "a symbolic link (copy the file itself into the submission)"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return ""


def read_source(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes, or None; opened without following a link or blocking."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        body = handle.read(limit + 1)  # the file may grow between fstat and read
    return body if len(body) <= limit else None


@dataclass(frozen=True)
class SandboxLimits:
    """The wall time (seconds per exercise) and address-space cap (bytes) each exercise runs under."""

    timeout: float = 10.0
    memory: int = 1 << 30
    isolate_files: bool = True


class WorkerFailed(Exception):
    """The exercise's worker died, hung or misbehaved: the whole exercise scores 0 with this reason."""


@dataclass
class Isolation:
    layers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Sandbox:
    """One worker server (a clean `python -I` that pre-imports numpy and forks one child per exercise)."""

    def __init__(self, limits: SandboxLimits | None = None) -> None:
        self.limits = limits or SandboxLimits()
        self._process: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self._hello: dict = {}
        self._counter = 0
        self._name = ""  # in the names of this sandbox's work folders: lanes sharing a server and scratch differ
        self._owns_server = True  # False for a lane attached to another sandbox's server (attach)
        # The process that started the server: only it can poll it. A lane forked from it (grader.grading.lanes)
        # would see "no such child" as an exit and start a server of its own; there a dead server shows as a
        # failed request instead.
        self._owner = os.getpid()
        early = spawn.take_prestarted()
        if early is not None:
            self._scratch, self._process, self._control = early
        else:
            self._scratch = spawn.new_scratch()
            self.start()

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> None:
        self._owner = os.getpid()
        self._process, self._control = spawn.spawn_server(self._scratch)
        self._hello = {}  # read on first use, so that the server imports numpy while we load the checks

    @property
    def hello(self) -> dict:
        if not self._hello:
            assert self._control is not None
            try:
                self._hello = wire.recv_frame(self._control, time.monotonic() + 60)
            except (EOFError, TimeoutError, wire.ProtocolError) as error:
                self.close()
                raise RuntimeError(f"the sandbox worker did not start ({type(error).__name__})") from None
        return self._hello

    def attach(self, lane: int) -> "Sandbox":
        """Another connection to this sandbox's server, for lane `lane`: the same confinement and scratch
        folder (a submission staged here is staged there), without starting a second server (a Python
        process importing numpy: 0.12 s to its hello, 0.1 s of CPU). Closing it closes only that connection."""
        hello = self.hello
        assert self._control is not None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            wire.send_frame(self._control, {"op": "attach"})
            socket.send_fds(self._control, [b"x"], [theirs.fileno()])
            reply = wire.recv_frame(self._control, time.monotonic() + 30)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        if reply != {"attached": True}:
            ours.close()
            raise RuntimeError("the sandbox worker refused another lane")
        lane_sandbox = Sandbox.__new__(Sandbox)
        lane_sandbox.__dict__.update(self.__dict__)
        lane_sandbox._control, lane_sandbox._hello, lane_sandbox._counter = ours, dict(hello), 0
        lane_sandbox._name, lane_sandbox._owns_server = f"lane{lane}-", False
        return lane_sandbox

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        if not self._owns_server:  # a lane's connection: the server and the scratch folder are its owner's
            return
        if self._process is not None:
            # The server holds no state worth a graceful exit, and waiting for numpy's teardown cost
            # ~30 ms of every `grader grade`; its exercise children were already reaped.
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._process.wait()
            self._process = None
        shutil.rmtree(self._scratch, ignore_errors=True)

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the report says ----------------------------------------------------------------------
    @property
    def drops_uid(self) -> bool:
        return bool(self.hello.get("root"))

    def isolation(self) -> Isolation:
        found = Isolation(layers=[
            "separate worker process (python -I), results as plain JSON data",
            f"wall clock {self.limits.timeout:g} s per exercise, SIGKILL to the process group",
            f"address space {format_bytes(self.limits.memory)} (RLIMIT_AS)",
            "leftover processes killed after each exercise (child subreaper)",
        ])
        found.layers.extend(str(layer) for layer in self.hello.get("layers", []))
        found.warnings.extend(f"{problem} (refused by this kernel or container)" for problem in self.hello.get("refused", []))
        abi = int(self.hello.get("landlock", 0))
        if not self.limits.isolate_files:
            found.warnings.append("Landlock disabled by the caller: the worker can read the grader's files")
        elif abi:
            extra = ", network" if abi >= 4 else ""
            extra += ", signals" if abi >= 6 else ""
            found.layers.append(f"Landlock ABI {abi}: files (reads of Python, numpy and the submission only; "
                                f"no file written but the exercise's own output, at most "
                                f"{format_bytes(OUTPUT_BYTES)}){extra}")
        else:
            found.warnings.append("Landlock is not available on this kernel: the worker can read the grader's files")
        if self.drops_uid:
            found.layers.append("unprivileged uid 65534 (nobody)" + (", keeping only CAP_DAC_READ_SEARCH so that "
                                "Landlock alone decides what it reads" if abi and self.limits.isolate_files else ""))
        elif os.geteuid() != 0:
            found.layers.append("the grader is not root, so the worker runs as the same user")
        else:
            found.warnings.append("running as root but could not switch the worker to an unprivileged uid "
                                  "(this Python is not readable by uid 65534): the worker keeps uid 0")
        return found

    # -- staging and running ---------------------------------------------------------------------
    def stage(self, submission: Path) -> tuple[Path, list[str]]:
        """Copy the submission's Python files into a world-readable folder the worker may import from.

        Returns the folder and warnings (files refused). Only regular files are copied, each read
        through a descriptor that follows no link and never blocks: a symlink (3000 of them to one
        file would be 3000 copies), a FIFO or a device is refused, and so are files past the size,
        count and total caps. The submission is data, never a path we follow.
        """
        self._counter += 1
        target = self._scratch / f"src-{self._name}{self._counter}"
        target.mkdir(mode=0o755)
        try:
            return target, self._copy_sources(submission, target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise

    def _copy_sources(self, submission: Path, target: Path) -> list[str]:
        warnings: list[str] = []
        total = 0
        copied = 0
        for path in sorted(submission.glob("*.py")):
            refused = staging_refusal(path)
            if refused:
                warnings.append(f"{path}: {refused}, ignored")
                continue
            if copied >= MAX_SOURCE_FILES:
                warnings.append(f"{path}: more than {MAX_SOURCE_FILES} Python files, ignored")
                continue
            try:
                # Decided by size before reading: 20,000 sparse 1 MiB files (0.5 MB of disk) were once all
                # read, 20 GB, because files past the total cap were read before they were refused.
                if total + min(path.lstat().st_size, MAX_SOURCE_BYTES + 1) > MAX_SUBMISSION_BYTES:
                    warnings.append(f"{path}: the submission's Python files exceed "
                                    f"{format_bytes(MAX_SUBMISSION_BYTES)}, ignored")
                    continue
                body = read_source(path)
            except OSError as error:
                warnings.append(f"{path}: cannot be read ({error.strerror or error}), ignored")
                continue
            if body is None:
                warnings.append(f"{path}: larger than {format_bytes(MAX_SOURCE_BYTES)} or not a regular file, ignored")
                continue
            if total + len(body) > MAX_SUBMISSION_BYTES:
                warnings.append(f"{path}: the submission's Python files exceed {format_bytes(MAX_SUBMISSION_BYTES)}, "
                                "ignored")
                continue
            destination = target / path.name
            destination.write_bytes(body)
            os.chmod(destination, 0o644)
            total += len(body)
            copied += 1
        if len(warnings) > MAX_STAGING_WARNINGS:  # one line per file of 20,000 was a 2 MB report
            warnings[MAX_STAGING_WARNINGS:] = [f"{submission}: {len(warnings) - MAX_STAGING_WARNINGS} more files "
                                               "ignored for the same reasons"]
        return warnings

    def clean(self) -> None:
        """Remove every staged submission and work folder (between the submissions of a batch)."""
        for path in self._scratch.iterdir():
            if path.name.startswith(("src-", "work-")):
                shutil.rmtree(path, ignore_errors=True)

    def open(self, src: Path, module: str, functions: list[str]) -> "ExerciseProcess":
        """Fork a fresh child for one exercise and import the student's module in it."""
        process = self._fork(src)
        process.request({"op": "import", "module": module, "functions": functions}, during="import")
        return process

    def open_clean(self) -> "ExerciseProcess":
        """A child that imports no submission: the course's own code runs there, out of the student's reach."""
        empty = self._scratch / "empty"
        empty.mkdir(mode=0o755, exist_ok=True)
        return self._fork(empty)

    def _fork(self, src: Path) -> "ExerciseProcess":
        if self._owns_server and (self._process is None or
                                  (os.getpid() == self._owner and self._process.poll() is not None)):
            self.start()
        drop_uid = self.drops_uid
        self._counter += 1
        work = self._scratch / f"work-{self._name}{self._counter}"
        work.mkdir(mode=0o700)
        if drop_uid:
            os.chown(work, 65534, 65534)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        spec = {"op": "spawn", "src": str(src), "work": str(work), "memory": self.limits.memory,
                "landlock": self.limits.isolate_files, "drop_uid": drop_uid}
        assert self._control is not None
        wire.send_frame(self._control, spec)
        socket.send_fds(self._control, [b"x"], [theirs.fileno()])
        theirs.close()
        reply = wire.recv_frame(self._control, time.monotonic() + 30)
        return ExerciseProcess(self, ours, int(reply["pid"]), work, time.monotonic() + self.limits.timeout)

    def finish(self, pid: int) -> dict:
        assert self._control is not None
        wire.send_frame(self._control, {"op": "finish", "pid": pid})
        return wire.recv_frame(self._control, time.monotonic() + 30)["status"]


class ExerciseProcess:
    """The private channel to one exercise's child. Every reply is validated plain data."""

    def __init__(self, sandbox: Sandbox, conn: socket.socket, pid: int, work: Path, deadline: float) -> None:
        self.sandbox = sandbox
        self.conn = conn
        self.pid = pid
        self.work = work
        self.deadline = deadline
        self.last_import: Any = None
        self.closed = False

    def request(self, message: dict | None, during: str) -> dict:
        """Send `message` (None: send nothing) and return the next reply, enforcing the exercise's deadline."""
        try:
            if message is not None:
                wire.send_frame(self.conn, message)
            reply = wire.recv_frame(self.conn, self.deadline, wire.MAX_RESULT_FRAME_BYTES)
        except wire.FrameTooLarge as error:  # read and dropped: that call fails, the exercise goes on
            return {"ok": {"$bad": f"a result of {error.size / (1 << 20):.1f} MiB, more than the "
                                   f"{format_bytes(error.limit)} the grader reads back"}, "mutated": []}
        except TimeoutError:
            self._kill()
            raise WorkerFailed(f"timed out after {self.sandbox.limits.timeout:g} s (during {during})") from None
        except (EOFError, ConnectionError, OSError):
            raise WorkerFailed(self._death(during)) from None
        except wire.ProtocolError as error:
            self._kill()
            raise WorkerFailed(f"the worker sent malformed data during {during}: {error}") from None
        if type(reply) is not dict:
            self._kill()
            raise WorkerFailed(f"the worker sent malformed data during {during}")
        if "fatal" in reply:
            self._kill()
            raise WorkerFailed(self._fatal(reply, during))
        if message is not None and message["op"] == "import":
            self.last_import = reply
        return reply

    @contextlib.contextmanager
    def paused(self):
        """Stop this exercise's processes (SIGSTOP) while the grader measures something else; the pause
        does not count against the exercise's time."""
        started = time.monotonic()
        try:
            os.killpg(self.pid, signal.SIGSTOP)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            yield
        finally:
            try:
                os.killpg(self.pid, signal.SIGCONT)
            except (ProcessLookupError, PermissionError):
                pass
            self.deadline += time.monotonic() - started

    def check_deadline(self, during: object) -> None:
        """Time the grader spent on this exercise's replies (decoding them) counts against its deadline too."""
        if time.monotonic() > self.deadline:
            self._kill()
            raise WorkerFailed(f"timed out after {self.sandbox.limits.timeout:g} s (during {during})")

    def _fatal(self, reply: dict, during: str) -> str:
        kind = reply.get("fatal")
        if kind == "memory":
            return f"exceeded the {format_bytes(self.sandbox.limits.memory)} memory limit (during {during})"
        if kind == "recursion":
            return f"hit the recursion limit (RecursionError) during {during}"
        if kind == "exit":
            return f"exited (sys.exit) during {during}"
        return f"was interrupted during {during}"

    def _death(self, during: str) -> str:
        status = self.close()
        if "signal" in status:
            number = int(status["signal"])
            name = _SIGNAL_NAMES.get(number, "")
            if number == signal.SIGKILL:
                return f"was killed (signal 9, SIGKILL) during {during}"
            return f"crashed with signal {number} ({name}) during {during}"
        if "exited" in status:
            return f"exited with code {status['exited']} during {during}"
        return f"stopped unexpectedly during {during}"

    def _kill(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.close()

    def output(self, limit: int = 4000) -> str:
        """What the student's code printed (shown to the student, never parsed), as clean text."""
        try:
            # O_NOFOLLOW | O_NONBLOCK: student code could have replaced the file by a link or a FIFO.
            fd = os.open(self.work / "output.txt", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    return ""
                raw = os.read(fd, limit * 4)  # UTF-8 needs up to 4 bytes a character
            finally:
                os.close(fd)
        except OSError:
            return ""
        return wire.clean_text(raw.decode("utf-8", "replace"), limit)

    def close(self) -> dict:
        """End the exercise: kill its process tree and report how the child ended."""
        if self.closed:
            return {}
        self.closed = True
        self.conn.close()
        try:
            return self.sandbox.finish(self.pid)
        except (EOFError, TimeoutError, OSError, wire.ProtocolError, KeyError, TypeError):
            return {}
