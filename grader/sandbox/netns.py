"""A network namespace for the worker server: no interface is up in it, so no packet leaves, not even to 127.0.0.1.

Loaded by file path inside the worker, so it uses only the standard library. As root the server
unshares the network namespace alone (it still needs to become uid 65534 in each child); as any
other user it first makes a user namespace that maps only its own uid and gid, which is what lets
an unprivileged process own a network namespace, then gives up the capabilities that namespace
granted it, so that its children hold none.
"""

from __future__ import annotations

import ctypes
import os

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


CAPABILITY_VERSION_3 = 0x20080522  # capset's header version with two 32-bit data words


class CapHeader(ctypes.Structure):
    """capset's header (also used by the worker to keep one capability as root)."""

    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def isolate() -> str:
    """Move this process into a network namespace of its own; returns what was done, raises OSError if refused."""
    libc = ctypes.CDLL(None, use_errno=True)
    if os.geteuid() == 0:
        if libc.unshare(CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET) failed")
        return "a network namespace of its own (no interface up: no network, abstract sockets scoped)"
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER | CLONE_NEWNET) failed")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)
    data = (CapData * 2)()  # all zero: no capability, effective, permitted or inheritable
    if libc.capset(ctypes.byref(CapHeader(CAPABILITY_VERSION_3, 0)), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
    return ("a user and network namespace of its own, no capabilities (no interface up: no network, "
            "abstract sockets scoped)")
