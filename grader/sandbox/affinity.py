"""Which CPU a lane of grading runs on: the grading process and its exercise's worker take turns, on one CPU.

A check sends a call and waits; the worker computes and answers; neither runs while the other does. On
two CPUs each answer is a wake-up across CPUs, which costs a virtual machine an interrupt: on one CPU, a
round trip took about 0.14 ms instead of 0.22 ms (benchmarks/NOTES.md). Lanes therefore keep a CPU each.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator


def _allowed() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux: nothing is pinned
        return []


def _current() -> int | None:
    """The CPU this process last ran on (/proc/self/stat's field 39): where the scheduler found room."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[36])
    except (OSError, ValueError, IndexError):
        return None


def cpu_for(lane: int, lanes: int) -> int | None:
    """Lane `lane` of `lanes`: one CPU each, in the order of those we may use; a single lane stays where it is."""
    allowed = _allowed()
    if not allowed:
        return None
    if lanes == 1:
        current = _current()
        return current if current in allowed else allowed[0]
    return allowed[lane % len(allowed)]


def pin(cpu: int | None) -> None:
    """Run this process on `cpu` only (None: leave it); a refusal (a container's CPU set) leaves it too."""
    if cpu is not None:
        try:
            os.sched_setaffinity(0, {cpu})
        except (AttributeError, OSError):
            pass


@contextmanager
def pinned(cpu: int | None) -> Iterator[None]:
    """This process on `cpu` for the block, then on the CPUs it had before."""
    before = _allowed()
    pin(cpu)
    try:
        yield
    finally:
        if cpu is not None and before:
            try:
                os.sched_setaffinity(0, before)
            except OSError:
                pass
