"""A submission's exercises graded in parallel lanes: forked copies of the checks' session, one sandbox each.

The grader and its worker take turns (a check waits while the student's function runs, and the other
way round), so one exercise at a time keeps one core busy. A lane is a copy of the grading process,
forked after pytest has collected the checks (nothing is imported or collected twice), with a sandbox
server of its own; the lanes take exercises from one queue, the longest first, until none is left. Each
exercise is still graded exactly as alone: its own worker, its own deadline, the same checks.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
E = TypeVar("E")

# How long the main process waits for a lane past the lane's own deadlines before grading its exercises itself.
SPARE_SECONDS = 30.0


def run_in_lanes(items: Sequence[E], grade: Callable[[E, int], T], lanes: int, budget: float,
                 forked: Callable[[int], None] = lambda lane: None) -> list[T]:
    """`grade(item, lane)` for every item, in up to `lanes` processes; results in the order of `items`.

    Items are taken from the queue from the last to the first (the course's later exercises train
    models and take longest, and a long one started last would leave the other lanes idle). Lane 0 is
    this process; lane k > 0 is a fork that sends its results back pickled (both ends are the grader's
    own trusted processes). A lane that dies or overruns `budget` seconds has its items graded here.
    `forked(lane)` runs here once lane k is forked: what only that lane uses can be closed on this side.
    """
    count = min(lanes, len(items)) if len(items) < 256 else 1  # the queue holds one byte an item
    if count < 2:
        return [grade(item, 0) for item in items]
    queue_out, queue_in = os.pipe()
    os.write(queue_in, bytes(reversed(range(len(items)))))  # < 256 items: one byte each, read one at a time
    os.close(queue_in)
    sys.stdout.flush()
    sys.stderr.flush()
    children: dict[int, tuple[int, int]] = {}  # pid -> (lane, read end of its results)
    results: dict[int, T] = {}
    try:
        for lane in range(1, count):
            results_out, results_in = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no more processes allowed here (a shared machine's limit): fewer lanes
                os.close(results_out)
                os.close(results_in)
                break
            if pid == 0:  # the lane: grade from the queue, send back, never return into the caller's code
                os.close(results_out)
                _serve_lane(items, grade, lane, queue_out, results_in)
            os.close(results_in)
            children[pid] = (lane, results_out)
            forked(lane)
        for index in _take(queue_out):
            results[index] = grade(items[index], 0)
        deadline = time.monotonic() + budget + SPARE_SECONDS
        for pid, (lane, results_out) in children.items():
            results.update(_collect(pid, results_out, deadline))
    finally:
        os.close(queue_out)
        for pid, (_, results_out) in children.items():
            _end(pid, results_out)
    # A lane that died took its current item with it: grade what is missing here, as lane 0.
    return [results[index] if index in results else grade(item, 0) for index, item in enumerate(items)]


def _take(queue_out: int):
    while True:
        taken = os.read(queue_out, 1)
        if not taken:
            return
        yield taken[0]


def _serve_lane(items: Sequence[E], grade: Callable[[E, int], T], lane: int, queue_out: int,
                results_in: int) -> None:
    code = 1
    try:
        done = {index: grade(items[index], lane) for index in _take(queue_out)}
        payload = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            view = view[os.write(results_in, view):]
        code = 0
    except BaseException as error:  # the main process grades this lane's items again; say why once
        if not isinstance(error, KeyboardInterrupt):
            print(f"grader: lane {lane} failed ({type(error).__name__}: {error}); its exercises are graded again",
                  file=sys.stderr)
    finally:
        sys.stderr.flush()
        os._exit(code)  # no atexit, no finally of the caller: the sandboxes and files belong to the main process


def _collect(pid: int, results_out: int, deadline: float) -> dict:
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([results_out], [], [], left)[0]:
            return {}  # overran: its items are graded again
        chunk = os.read(results_out, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    try:
        return pickle.loads(b"".join(chunks)) if chunks else {}
    except Exception:  # a lane killed mid-write: what it sent is incomplete
        return {}


def _end(pid: int, results_out: int) -> None:
    """Reap a lane: one that sent its results exits at once; one still running at this point is killed."""
    try:
        os.close(results_out)
    except OSError:
        pass
    try:
        for _ in range(100):
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.01)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
