"""Workers that die with the build that started them.

A pool worker blocks on its task queue, whose other end it holds itself, so it never
sees that the build was killed (``kill -9``); nor do the fork server and the resource
tracker, which stay up while a worker does. ``watch_parent(pid)``, a pool's worker
initializer, makes each worker end when that process (the build) ends, or when its own
parent (the fork server) does: on Linux the kernel sends ``SIGKILL`` when the parent
dies (``prctl(PR_SET_PDEATHSIG)``) and a thread waits on a pidfd of the build; elsewhere
the thread polls ``os.getppid()`` and the build's pid. With the workers gone, the fork
server and the resource tracker see their pipes close and exit.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading

#: Seconds between two checks of the build's pid where it cannot be waited on (no pidfd).
POLL_INTERVAL = 0.5
#: ``prctl`` option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


def watch_parent(build_pid: int) -> None:
    """In a worker: end this process as soon as ``build_pid`` or the worker's parent
    process ends. Returns at once (the watching is a daemon thread)."""
    parent = os.getppid()
    _death_signal()
    if os.getppid() != parent or not _alive(build_pid):  # died before the signal was set
        _die()
    threading.Thread(target=_watch, args=(build_pid, parent), name="watch-parent",
                     daemon=True).start()


def _death_signal() -> None:
    """Linux: ask the kernel for ``SIGKILL`` when this process's parent dies."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(build_pid: int, parent: int) -> None:
    """Block until the build or the parent ends, then end this process."""
    pidfd = None
    with contextlib.suppress(OSError, AttributeError):
        pidfd = os.pidfd_open(build_pid)
    while True:
        if pidfd is not None:
            readable, _, _ = select.select([pidfd], [], [], POLL_INTERVAL)
            if readable:
                _die()
        elif not _alive(build_pid):
            _die()
        if os.getppid() != parent:
            _die()
        if pidfd is None:
            threading.Event().wait(POLL_INTERVAL)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still exists (a zombie counts as ended where /proc says so)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _die() -> None:
    """End this process now, as the build did (no cleanup: the build is gone)."""
    os.kill(os.getpid(), signal.SIGKILL)
