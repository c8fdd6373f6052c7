"""Starting the sandbox's worker server; stdlib only, so that it can start before the grader's imports."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

WORKER_SCRIPT = Path(__file__).resolve().parent / "worker.py"

Started = tuple[Path, subprocess.Popen, socket.socket]
_early: Started | None = None


def new_scratch() -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="loss-compass-"))
    os.chmod(scratch, 0o711)  # the unprivileged worker must reach its folders, not list ours
    return scratch


def spawn_server(scratch: Path) -> tuple[subprocess.Popen, socket.socket]:
    """Start `python -I worker.py FD` in its own session; return it and our end of its control socket."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    env = {key: value for key, value in os.environ.items()
           if key in ("PATH", "LANG", "LC_ALL", "TZ") or key.startswith("OPENBLAS_CORETYPE") or key == "OPENBLAS_L2_SIZE"}
    # One BLAS thread: forking a process with a live thread pool is unsafe, and grading runs in parallel anyway.
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", HOME=str(scratch))
    process = subprocess.Popen(
        [sys.executable, "-I", str(WORKER_SCRIPT), str(theirs.fileno())],
        pass_fds=[theirs.fileno()], env=env, cwd=scratch,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    theirs.close()
    return process, ours


def prestart() -> None:
    """Start one server now, so that its numpy import overlaps with ours; the first Sandbox adopts it."""
    global _early
    if _early is None:
        scratch = new_scratch()
        _early = (scratch, *spawn_server(scratch))
        atexit.register(_discard_unused)


def _discard_unused() -> None:
    """The command ended before grading (a wrong path, --help): stop the server, remove its folder."""
    early = take_prestarted()
    if early is not None:
        scratch, process, control = early
        control.close()
        process.kill()
        process.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def take_prestarted() -> Started | None:
    global _early
    early, _early = _early, None
    return early
