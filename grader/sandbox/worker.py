"""The worker: a fork server, started as `python -I worker.py FD`, that runs each exercise in a child.

It imports only the standard library, numpy and its two siblings (loaded by path), never the
grader. The server itself runs no student code: each exercise gets a forked child that drops into
its own session, OS limits, Landlock and (as root) an unprivileged uid before importing the
submission, then answers call requests on a private socket. The server kills each child's whole
tree when the grader says the exercise is over.
"""

from __future__ import annotations

import copy
import ctypes
import importlib
import importlib.util
import os
import resource
import select
import signal
import socket
import sys
import sysconfig
import time
import traceback

_HERE = os.path.dirname(os.path.abspath(__file__))
_PR_SET_CHILD_SUBREAPER = 36
NOBODY = 65534
OUTPUT_BYTES = 8 << 20
MAX_TASKS = 128  # RLIMIT_NPROC: processes and threads


def _load_sibling(name: str):
    spec = importlib.util.spec_from_file_location(f"_loss_compass_{name}", os.path.join(_HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


wire = _load_sibling("wire")
landlock = _load_sibling("landlock")
netns = _load_sibling("netns")
seccomp = _load_sibling("seccomp")
import numpy as np  # noqa: E402  (pre-imported once here so that every forked exercise starts warm)
import numpy.random  # noqa: E402,F401

_FATAL = {SystemExit: "exit", KeyboardInterrupt: "interrupt", RecursionError: "recursion", MemoryError: "memory"}


def readable_paths() -> list[str]:
    """What an exercise may read: the standard library (not site-packages), numpy, system libraries."""
    paths: set[str] = set()
    for key in ("stdlib", "platstdlib"):
        stdlib = sysconfig.get_path(key)
        if stdlib and os.path.isdir(stdlib):
            for entry in os.listdir(stdlib):
                if entry not in ("site-packages", "dist-packages"):
                    paths.add(os.path.join(stdlib, entry))
    numpy_dir = os.path.dirname(np.__file__)
    paths.add(numpy_dir)
    site_dir = os.path.dirname(numpy_dir)
    for entry in os.listdir(site_dir):
        if entry.startswith("numpy") and entry != "numpy":
            paths.add(os.path.join(site_dir, entry))  # numpy.libs (bundled OpenBLAS) and its metadata
    paths.update(["/usr/lib", "/lib", "/lib64", "/usr/lib64", "/etc/ld.so.cache", "/etc/localtime",
                  "/dev/null", "/dev/zero", "/dev/urandom", "/proc", "/sys/devices/system/cpu"])
    return sorted(paths)


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # orphans of student code become ours to kill
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the grader decides when we stop
    reads = readable_paths()
    layers, refused = _confine_server()
    filtered = any(layer.startswith("seccomp") for layer in layers)  # then each exercise adds its own filter
    counted = os.geteuid() != 0 and _own_user_namespace()  # RLIMIT_NPROC then counts only our tasks
    abi = landlock.abi_version()
    if abi and not _works_in_child(lambda: landlock.restrict(reads, [], abi)):
        abi = 0  # e.g. a container whose seccomp profile blocks the Landlock syscalls
    root = os.geteuid() == 0 and _works_in_child(
        lambda: (landlock.restrict(reads, [], abi) if abi else None, _drop_privileges(bool(abi)),
                 _python_still_readable()))
    wire.send_frame(control, {"pid": os.getpid(), "landlock": abi, "root": root, "layers": layers,
                              "refused": refused})
    live: set[int] = set()  # exercises forked and not yet finished
    # One control connection per lane of the grader (grader.grading.lanes): the first, and one more for each
    # lane that attaches. They share this server, its confinement and its exercises' bookkeeping; each
    # request is answered on the connection it came from, one request at a time.
    controls = [control]
    while controls:
        ready, _, _ = select.select(controls, [], [])
        for conn in ready:
            try:
                message = wire.recv_frame(conn)
            except (EOFError, ConnectionError, wire.ProtocolError):  # that lane ended, possibly mid-frame
                message = {}
            op = message.get("op") if type(message) is dict else None
            if op == "spawn":
                _, fds, _, _ = socket.recv_fds(conn, 1, 1)
                pid = os.fork()
                if pid == 0:
                    for other in controls:
                        other.close()
                    code = 70
                    try:
                        run_exercise(fds[0], {**message, "seccomp": filtered, "count_tasks": counted}, abi, reads)
                        code = 0
                    finally:
                        os._exit(code)
                os.close(fds[0])
                live.add(pid)
                wire.send_frame(conn, {"pid": pid})
            elif op == "finish":
                wire.send_frame(conn, {"status": finish(message["pid"], live)})
            elif op == "attach":
                _, fds, _, _ = socket.recv_fds(conn, 1, 1)
                controls.append(socket.socket(fileno=fds[0]))
                wire.send_frame(conn, {"attached": True})
            else:  # that lane is done (or said something we do not know): its connection ends
                controls.remove(conn)
                conn.close()
    sweep_children()


def _confine_server() -> tuple[list[str], list[str]]:
    """A network namespace, then a seccomp filter, for this server and so for every exercise it forks.

    Both are tried first in a throwaway child: a kernel that refuses one half-way must not leave the
    server in a state it cannot work in. Returns the layers in force and why others are not.
    """
    layers: list[str] = []
    refused: list[str] = []
    for name, apply in (("network namespace", netns.isolate), ("seccomp", seccomp.install)):
        problem = _failure_in_child(apply)
        if problem:
            refused.append(f"{name}: {problem}")
            continue
        layers.append(apply())
    return layers, refused


def _failure_in_child(action) -> str:
    """Why `action` fails in a throwaway child ('' when it works); the server itself stays as it was."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            action()
            os._exit(0)
        except BaseException as error:  # noqa: BLE001
            os.write(writer, f"{type(error).__name__}: {error}".encode("utf-8", "replace")[:300])
            os._exit(1)
    os.close(writer)
    with os.fdopen(reader, "rb") as handle:
        message = handle.read().decode("utf-8", "replace")
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return ""
    return message or f"the probe ended with status {status}"


def _own_user_namespace() -> bool:
    """Whether this process is in a user namespace of its own (netns.isolate made one: not the initial one)."""
    try:
        with open("/proc/self/uid_map") as handle:
            return handle.read().split() != ["0", "0", "4294967295"]
    except OSError:
        return False


def _works_in_child(action) -> bool:
    """Whether `action` succeeds, tried in a throwaway child so that the server stays unrestricted."""
    return not _failure_in_child(action)


_CAP_DAC_READ_SEARCH = 2
_PR_SET_KEEPCAPS, _PR_CAPBSET_DROP = 8, 24


def _drop_privileges(keep_read_search: bool = False) -> None:
    """Become uid/gid 65534 with no capabilities, or with CAP_DAC_READ_SEARCH alone.

    The interpreter often lives where uid 65534 cannot look (pyenv under /root): with Landlock in
    force, the one capability to read past file modes is safe, because Landlock alone decides what
    may be read; writing and signalling still fail as an unprivileged user.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if keep_read_search:
        for cap in range(64):
            if cap != _CAP_DAC_READ_SEARCH:
                libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)  # caps beyond the kernel's last one just fail
        libc.prctl(_PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    if keep_read_search:
        header = netns.CapHeader(netns.CAPABILITY_VERSION_3, 0)
        data = (netns.CapData * 2)(netns.CapData(1 << _CAP_DAC_READ_SEARCH, 1 << _CAP_DAC_READ_SEARCH, 0),
                                   netns.CapData(0, 0, 0))
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset failed")
        libc.prctl(_PR_SET_KEEPCAPS, 0, 0, 0, 0)


def _python_still_readable() -> None:
    stdlib = sysconfig.get_path("stdlib")
    os.listdir(os.path.join(stdlib, "lib-dynload") if os.path.isdir(os.path.join(stdlib, "lib-dynload")) else stdlib)
    with open(os.__file__, "rb"):
        pass


def finish(pid: int, live: set[int]) -> dict:
    """Kill the exercise's process group and every orphan it left, and return how it ended.

    `live` holds the exercises still open (a clean child that times the speed baseline ends while
    the student's exercise waits): they and their trees are left alone.
    """
    live.discard(pid)
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = None
    sweep_children(keep=live)
    if status is None:
        return {"unknown": True}
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exited": os.WEXITSTATUS(status)}


def sweep_children(keep: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    """Kill and reap every child but `keep` (student grandchildren re-parented to us as subreaper)."""
    for _ in range(200):
        children = [child for child in _children() if child not in keep]
        if not children:
            return
        for child in children:
            for kill in (os.killpg, os.kill):
                try:
                    kill(child, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        deadline = time.monotonic() + 0.05
        while children and time.monotonic() < deadline:
            for child in list(children):
                try:
                    if os.waitpid(child, os.WNOHANG)[0]:
                        children.remove(child)
                except ChildProcessError:
                    children.remove(child)
            if children:
                time.sleep(0.002)


def _children() -> list[int]:
    me = os.getpid()
    found: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{me}/task"):
            with open(f"/proc/{me}/task/{task}/children") as handle:
                found.update(int(pid) for pid in handle.read().split())
        return sorted(found)
    except OSError:
        pass
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me:
                found.add(int(entry))
    return sorted(found)


def run_exercise(conn_fd: int, spec: dict, abi: int, reads: list[str]) -> None:
    """In the forked child: isolate this process, then serve the grader's requests."""
    os.setsid()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(signum, signal.SIG_DFL)
    devnull = os.open("/dev/null", os.O_RDWR)
    output = os.open(os.path.join(spec["work"], "output.txt"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(devnull, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.closerange(3, conn_fd)
    os.closerange(conn_fd + 1, 65536)
    memory = int(spec["memory"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The only file an exercise writes is its output, opened above: Landlock grants no writes at all,
    # so no file can be made, and this caps what printing can put on the scratch disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_BYTES, OUTPUT_BYTES))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the cap a write fails (EFBIG) instead of killing
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    if spec.get("count_tasks"):
        # Threads are allowed, and raw clone() threads with 16 KiB stacks fit 65,536 times in the memory
        # limit (2000 were made; this machine's pid_max is 32,768). In the server's own user namespace
        # this limit counts only the sandbox's tasks, not the grader user's others; as root it is set below.
        resource.setrlimit(resource.RLIMIT_NPROC, (MAX_TASKS, MAX_TASKS))
    if spec.get("seccomp"):
        seccomp.confine_exercise()  # no process that could outlive the exercise's pause, no memory past its limit
    if spec.get("landlock") and abi:
        landlock.restrict(reads + [spec["src"]], [], abi)
    if spec.get("drop_uid") and os.geteuid() == 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (MAX_TASKS, MAX_TASKS))
        _drop_privileges(keep_read_search=bool(spec.get("landlock") and abi))
    os.chdir(spec["work"])
    sys.dont_write_bytecode = True
    # The editable install's finder would map `grader` to the project: student code gets neither.
    sys.meta_path[:] = [finder for finder in sys.meta_path if "editable" not in type(finder).__module__.lower()
                        and "editable" not in getattr(finder, "__name__", "").lower()]
    # numpy stays usable (already imported; its submodules load through numpy.__path__), but no
    # other installed package is importable, with or without Landlock.
    sys.path[:] = [spec["src"]] + [path for path in sys.path
                                   if path and "site-packages" not in path and "dist-packages" not in path]
    Server(socket.socket(fileno=conn_fd), spec["src"]).serve()


class Server:
    """Answers the grader's requests on behalf of one exercise module."""

    def __init__(self, conn: socket.socket, src: str) -> None:
        self.conn = conn
        self.src = src
        self.module = None

    def serve(self) -> None:
        while True:
            try:
                message = wire.recv_frame(self.conn)
            except (EOFError, ConnectionError):
                return
            try:
                reply = self.handle(message)
            except BaseException as error:  # noqa: BLE001 - everything student code throws is data
                reply = self.failure(error)
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()  # so the grader can show what the student printed
                except BaseException:  # noqa: BLE001
                    pass
            try:
                wire.send_frame(self.conn, reply)
            except (ValueError, TypeError, RecursionError):  # json refused it: nothing was sent yet
                wire.send_frame(self.conn, {"raised": {"type": "ValueError", "mro": ["ValueError"],
                                                       "message": "the reply could not be sent as plain data"}})
            if "fatal" in reply:
                return

    def handle(self, message: dict) -> dict:
        op = message["op"]
        if op == "import":
            self.module = importlib.import_module(message["module"])
            missing = [name for name in message["functions"] if not callable(getattr(self.module, name, None))]
            return {"ok": missing}
        if op == "call":
            return self.call(message["fn"], message["args"], message["kwargs"])
        if op == "timed":
            # The grader times the call itself: we prepare the arguments, say we are ready and wait for "go".
            return self.call(message["fn"], message["args"], message["kwargs"], ready=True)
        if op == "call_many":
            results = []
            for args, kwargs in message["argsets"]:
                result = self.call(message["fn"], args, kwargs)
                results.append(result)
                if "fatal" in result:
                    return result
            return {"results": results}
        raise ValueError(f"unknown op {op!r}")

    def lookup(self, name: str):
        module = self.module
        if name.startswith("baseline."):  # the course's vectorised loss, timed here for a fair speed ratio
            baseline = wire.BASELINES.get(name.removeprefix("baseline."))
            if baseline is None:
                raise _Missing(name)
            return baseline
        if "." in name:  # another exercise of the same submission, e.g. ex01_mse.mse for a gradient check
            module_name, name = name.rsplit(".", 1)
            if not module_name.startswith("ex") or not module_name.replace("_", "").isalnum():
                raise _Missing(name)
            try:
                module = importlib.import_module(module_name)
            except Exception:  # noqa: BLE001 - a broken sibling module reads as a missing function
                raise _Missing(f"{module_name}.{name}") from None
        function = getattr(module, name, None)
        if not callable(function):
            raise _Missing(name)
        return function

    def call(self, name: str, raw_args: list, raw_kwargs: list, ready: bool = False) -> dict:
        try:
            function = self.lookup(name)
            args = wire.decode(raw_args, functions=lambda fn: fn.bind(self.lookup))
            kwargs = {key: wire.decode(value, functions=lambda fn: fn.bind(self.lookup)) for key, value in raw_kwargs}
        except _Missing as missing:
            return {"missing": str(missing)}
        before = [_snapshot(arg) for arg in args]
        before_kw = {key: _snapshot(value) for key, value in kwargs.items()}
        if ready:
            wire.send_frame(self.conn, {"ready": True})
            wire.recv_frame(self.conn)
        try:
            result = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001
            result, failed = None, self.failure(error)
        else:
            failed = None
        if ready:
            wire.send_frame(self.conn, {"done": True})  # stops the grader's clock before our own bookkeeping
        if failed:
            return failed
        mutated = [f"argument {index + 1}" for index, (arg, old) in enumerate(zip(args, before)) if not _same(arg, old)]
        mutated += [key for key, value in kwargs.items() if not _same(value, before_kw[key])]
        try:
            encoded = wire.encode(result)
        except BaseException as error:  # noqa: BLE001
            encoded = {"$bad": f"a value that could not be read ({type(error).__name__})"}
        return {"ok": encoded, "mutated": mutated}

    def failure(self, error: BaseException) -> dict:
        """What student code raised, as plain data; never raises, whatever the exception does."""
        try:
            # type() and `type`'s own descriptors, not isinstance/__name__/__mro__: an exception can
            # fake __class__, and a metaclass can make __name__ or __mro__ anything, or raise.
            kind = type(error)
            for fatal, name in _FATAL.items():
                if issubclass(kind, fatal):
                    code = _safe_getattr(error, "code") if fatal is SystemExit else error
                    return {"fatal": name, "detail": _safe_str(code)}
            return {"raised": {
                "type": wire.class_name(kind),
                "mro": [wire.class_name(cls) for cls in type.__dict__["__mro__"].__get__(kind)][:64],
                "message": _safe_str(error),
                "where": self.where(error),
            }}
        except BaseException:  # noqa: BLE001
            return {"raised": {"type": "BaseException", "mro": ["BaseException"], "message": "<unprintable>"}}

    def where(self, error: BaseException) -> str:
        """The submission's file and line the exception came from, or "" (its attributes may be anything)."""
        try:
            if issubclass(type(error), SyntaxError) and type(error.filename) is str and error.filename:
                return f"{os.path.basename(error.filename)}, line {_safe_str(error.lineno)}"
            location = ""
            for frame in traceback.extract_tb(BaseException.__dict__["__traceback__"].__get__(error)):
                if frame.filename.startswith(self.src):
                    location = f"{os.path.basename(frame.filename)}, line {frame.lineno}"
            return location
        except BaseException:  # noqa: BLE001
            return ""


class _Missing(Exception):
    pass


def _safe_str(value: object) -> str:
    """str(value) cut to 500 characters; the grader cleans the text, this only keeps it sendable."""
    try:
        return str.__str__(str(value))[:500]  # an exact str: a subclass could override slicing
    except BaseException:  # noqa: BLE001 - a hostile __str__ must not take the worker down
        return "<unprintable>"


def _safe_getattr(value: object, name: str) -> object:
    try:
        return getattr(value, name, None)
    except BaseException:  # noqa: BLE001 - a property may raise anything
        return None


def _snapshot(value):
    if type(value) is np.ndarray:
        return value.copy()
    if type(value) is list:
        return copy.deepcopy(value)
    return None


def _same(value, old) -> bool:
    """Whether an argument is unchanged after the call; anything the check cannot compare counts as changed."""
    if old is None:
        return True
    try:
        return _equal(value, old)
    except BaseException:  # noqa: BLE001 - e.g. a list the student made refer to itself
        return False


def _equal(value, old) -> bool:
    # Compared by exact type and structure, never through repr() or == of objects student code
    # may have put into the list (their methods would run here, and could raise or never end).
    if type(value) is not type(old):
        return False
    if type(old) is np.ndarray:
        if value.shape != old.shape or value.dtype != old.dtype:
            return False
        return bool(np.array_equal(value, old, equal_nan=old.dtype.kind in "fc"))
    if type(old) in (list, tuple):
        return len(value) == len(old) and all(_equal(a, b) for a, b in zip(value, old))
    if type(old) is float:
        return repr(value) == repr(old)  # nan equals nan, -0.0 differs from 0.0
    if old is None or type(old) in (bool, int, str):
        return value == old
    if isinstance(old, np.generic):  # the same numpy scalar type as ours, so numpy's own ==
        return bool(value == old or (value != value and old != old))
    return value is old


if __name__ == "__main__":
    main()
