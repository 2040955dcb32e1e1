"""A time limit on one page's processing (``build --page-timeout``).

``time_limit(seconds)`` raises ``PageTimeout`` in the code it wraps once ``seconds`` of
wall-clock time have passed, through ``SIGALRM`` (a real-time interval timer). It works
in a process's main thread (the sequential engine, pool workers, Ray workers); elsewhere,
or with ``seconds`` None or 0, it does nothing. Python code is interrupted between two
bytecodes, so a single long call into C finishes first; every stage is linear in its
input, so no such call is long.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class PageTimeout(Exception):
    """The page took longer than its time limit."""


def _expire(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``PageTimeout`` in the body after ``seconds`` (None or 0: no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
