"""Local engines: calls in this process one after another, or in a pool of processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Hashable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from pipeline.engines import WINDOW_PER_JOB, WorkerLost
from pipeline.engines.orphans import watch_parent

#: Modules a pool's fork server imports once, so each worker starts with them loaded.
PRELOAD = ["pipeline.build"]


class _Done:
    """The handle of a call that already ran: its value or its exception."""

    __slots__ = ("error", "value")

    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value = value
        self.error = error


class SequentialEngine:
    """Runs each call in this process as it is submitted (one job, no workers)."""

    window = 1

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Hashable:
        """Run ``fn(*args)`` now; the handle holds its value or exception."""
        try:
            return _Done(fn(*args))
        except Exception as err:
            return _Done(error=err)

    def wait(self, handles: list[Hashable]) -> list[Hashable]:
        """Every handle is finished already."""
        return handles

    def result(self, handle: Hashable) -> Any:
        """The call's value; re-raises its exception."""
        assert isinstance(handle, _Done)
        if handle.error is not None:
            raise handle.error
        return handle.value

    def close(self) -> None:
        """Nothing to release."""


class ProcessEngine:
    """A pool of ``jobs`` worker processes (fork server where available, else spawn).

    Worker processes never inherit the caller's threads (progress bars, Ray) because
    they are started from a clean server process. If a worker dies, the calls it took
    down raise ``WorkerLost`` and the next ``submit`` starts a fresh pool. If this
    process dies, even by ``SIGKILL``, the workers end too (``orphans.watch_parent``).
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.window = WINDOW_PER_JOB * jobs
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self._context.set_forkserver_preload(PRELOAD)
        self._pool: ProcessPoolExecutor | None = None
        self._owner: dict[Future[Any], ProcessPoolExecutor] = {}

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=self._context,
                                             initializer=watch_parent,
                                             initargs=(os.getpid(),))
        return self._pool

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Hashable:
        """Queue ``fn(*args)`` on the pool (a new pool if the last one broke)."""
        try:
            future = self._executor().submit(fn, *args)
        except BrokenProcessPool:
            self._discard(self._pool)
            future = self._executor().submit(fn, *args)
        self._owner[future] = self._executor()
        return future

    def wait(self, handles: list[Hashable]) -> list[Hashable]:
        """Block until at least one future is done."""
        done, _ = wait(handles, return_when=FIRST_COMPLETED)  # type: ignore[arg-type]
        return list(done)

    def result(self, handle: Hashable) -> Any:
        """The call's value; ``WorkerLost`` if its worker died."""
        assert isinstance(handle, Future)
        pool = self._owner.pop(handle, None)
        try:
            return handle.result()
        except (BrokenProcessPool, CancelledError) as err:
            self._discard(pool)
            raise WorkerLost(f"worker process died ({type(err).__name__})") from None

    def _discard(self, pool: ProcessPoolExecutor | None) -> None:
        """Drop ``pool`` if it is still the current one (a broken pool cannot be reused)."""
        if pool is not None and pool is self._pool:
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Cancel queued calls and stop the workers."""
        self._owner.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
