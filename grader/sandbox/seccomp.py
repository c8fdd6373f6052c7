"""A seccomp filter for the worker: no sockets, no namespaces, no tracing, no kernel knobs (libseccomp via ctypes).

Loaded by file path inside the worker, so it uses only the standard library. libseccomp (Debian's
libseccomp2, on practically every Linux) resolves each syscall's number for the running
architecture and kills calls made through another ABI (32-bit `int 0x80`, x32), which a
hand-written BPF program would have to get right for every architecture.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import functools

_ACT_ALLOW = 0x7FFF0000
_CMP_MASKED_EQ = 7

# Sockets are how a worker with the grader's uid reaches a process that trusts it (a multiprocessing
# forkserver unpickles what it is sent; D-Bus, ssh-agent, docker), and how data leaves the machine.
# The worker talks to the grader only over the socket it inherited, so it needs to create none.
NO_SOCKETS = ("socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "socketcall")
# Ways around the other layers: another process's memory or files, a new namespace (a user namespace
# grants capabilities inside it), file handles that skip path checks, asynchronous syscalls that skip
# this filter, and the kernel's own surfaces.
NO_ESCAPES = (
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "pidfd_getfd", "kcmp",
    "open_by_handle_at", "name_to_handle_at",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen",
    "fsmount", "fsconfig", "fspick", "mount_setattr",
    "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "syslog", "iopl", "ioperm",
)
# clone() with any of these flags makes a namespace; threads and plain forks stay allowed.
_NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


def _errno(code: int) -> int:
    return 0x00050000 | code


@functools.lru_cache(maxsize=None)  # loaded once in the server: find_library runs ldconfig, a fork per exercise
def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    lib = ctypes.CDLL(name, use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    return lib


def install() -> str:
    """Load the filter into this process (inherited by every child); returns what it denies, for the report.

    Raises OSError where libseccomp or the kernel's seccomp is missing: the caller reports that.
    """
    lib = _library()
    context = lib.seccomp_init(_ACT_ALLOW)
    if not context:
        raise OSError("seccomp_init failed")
    try:
        for name in NO_SOCKETS + NO_ESCAPES:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number < 0:  # not a syscall on this architecture (socketcall on x86_64, iopl on arm64)
                continue
            _add(lib, context, _errno(errno.EPERM), number)
        # clone3 passes its flags in memory, where a filter cannot look: ENOSYS makes libc fall back to clone.
        clone3 = lib.seccomp_syscall_resolve_name(b"clone3")
        if clone3 >= 0:
            _add(lib, context, _errno(errno.ENOSYS), clone3)
        clone = lib.seccomp_syscall_resolve_name(b"clone")
        for flag in _NAMESPACE_FLAGS:
            _add(lib, context, _errno(errno.EPERM), clone, _ArgCmp(0, _CMP_MASKED_EQ, flag, flag))
        result = lib.seccomp_load(context)
        if result < 0:
            raise OSError(-result, "seccomp_load failed")
    finally:
        lib.seccomp_release(context)
    return ("seccomp (no new sockets or connections, namespaces, ptrace, io_uring or file handles; "
            "no new process, memory file or System V IPC in an exercise)")


_CLONE_THREAD = 0x00010000
SYSTEM_V_IPC = (b"shmget", b"shmat", b"shmdt", b"shmctl", b"msgget", b"msgsnd", b"msgrcv", b"msgctl",
                b"semget", b"semop", b"semtimedop", b"semctl", b"ipc")


def confine_exercise() -> None:
    """A second filter, for one exercise's child: no new process, no memory outside its limit.

    No fork, vfork or clone of a process (threads stay allowed): an exercise needs no process of its
    own, and one it made could leave its process group or session: such a process kept running while
    the grader stopped the exercise (SIGSTOP to its group) to time the course's baseline, slowed the
    baseline down and bought the speed point for a Python loop. clone3 already fails with ENOSYS (see
    install), so libc falls back to clone, whose flags this filter can read.

    No memfd_create or memfd_secret: the pages of a memory file that is written, not mapped, count
    against neither RLIMIT_AS nor any process's size (so the OOM killer looks elsewhere): 250 of them
    at the 8 MiB RLIMIT_FSIZE held 2 GiB past the 1 GiB limit, per exercise of every parallel job.
    No System V shared memory, message queues or semaphores either: a segment, filled and detached,
    outlives the exercise and the grader (three of 512 MiB stayed until ipcrm).
    """
    lib = _library()
    context = lib.seccomp_init(_ACT_ALLOW)
    if not context:
        raise OSError("seccomp_init failed")
    try:
        for name in (b"fork", b"vfork", b"memfd_create", b"memfd_secret", *SYSTEM_V_IPC):
            number = lib.seccomp_syscall_resolve_name(name)
            if number >= 0:  # arm64 has no fork or vfork, only clone; ipc is the i386 multiplexer
                _add(lib, context, _errno(errno.EPERM), number)
        clone = lib.seccomp_syscall_resolve_name(b"clone")
        _add(lib, context, _errno(errno.EPERM), clone, _ArgCmp(0, _CMP_MASKED_EQ, _CLONE_THREAD, 0))
        result = lib.seccomp_load(context)
        if result < 0:
            raise OSError(-result, "seccomp_load failed")
    finally:
        lib.seccomp_release(context)


def _add(lib: ctypes.CDLL, context: int, action: int, number: int, *compare: _ArgCmp) -> None:
    array = (_ArgCmp * len(compare))(*compare) if compare else None
    result = lib.seccomp_rule_add_array(context, action, number, len(compare), array)
    if result < 0:
        raise OSError(-result, f"seccomp_rule_add failed for syscall {number}")
