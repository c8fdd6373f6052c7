"""The trusted side of the sandbox: starts the worker server, stages submissions, enforces limits."""

from __future__ import annotations

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
_SIGNAL_NAMES = {int(sig): sig.name for sig in signal.Signals}


def format_bytes(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % (scale // 16 or 1) == 0:
            value = size / scale
            return f"{value:g} {unit}"
    return f"{size} bytes"


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
        early = spawn.take_prestarted()
        if early is not None:
            self._scratch, self._process, self._control = early
        else:
            self._scratch = spawn.new_scratch()
            self.start()

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> None:
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

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
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

        Returns the folder and warnings (files refused). Symlinks that point outside the submission
        and oversized files are not copied: the submission is data, never a path we follow.
        """
        self._counter += 1
        target = self._scratch / f"src-{self._counter}"
        target.mkdir(mode=0o755)
        warnings: list[str] = []
        root = submission.resolve()
        for path in sorted(submission.glob("*.py")):
            resolved = path.resolve()
            if path.is_symlink() and root not in resolved.parents:
                warnings.append(f"{path}: a symlink to a file outside the submission, ignored")
                continue
            if not resolved.is_file():
                continue
            if resolved.stat().st_size > MAX_SOURCE_BYTES:
                warnings.append(f"{path}: larger than 1 MiB, ignored")
                continue
            destination = target / path.name
            shutil.copyfile(resolved, destination)
            os.chmod(destination, 0o644)
        return target, warnings

    def open(self, src: Path, module: str, functions: list[str]) -> "ExerciseProcess":
        """Fork a fresh child for one exercise and import the student's module in it."""
        if self._process is None or self._process.poll() is not None:
            self.start()
        drop_uid = self.drops_uid
        self._counter += 1
        work = self._scratch / f"work-{self._counter}"
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
        process = ExerciseProcess(self, ours, int(reply["pid"]), work, time.monotonic() + self.limits.timeout)
        process.request({"op": "import", "module": module, "functions": functions}, during="import")
        return process

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
            reply = wire.recv_frame(self.conn, self.deadline)
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
