"""Engines: where per-page work runs, and the window that feeds them.

An engine runs calls ``fn(*args)`` of a module-level function and hands back results as
they finish. Three engines share one small interface (``Engine``): in this process, one
call after another (``local`` with one job); a process pool (``local`` with more jobs);
Ray tasks on a local Ray instance or an existing cluster (``ray``, the optional extra
``pipeline[ray]``). ``run_window`` drives any of them over a lazy stream of calls and
bounds how far ahead of the oldest unfinished call it submits, so a consumer that puts
results back in order never holds more than ``window`` of them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

ENGINES = ("local", "ray")
#: Calls an engine keeps submitted ahead of the oldest unfinished one, per job: enough
#: to keep every worker busy while results are put back in order.
WINDOW_PER_JOB = 4


class EngineUnavailable(Exception):
    """The engine asked for cannot run here (e.g. Ray is not installed); one-line message."""


class WorkerLost(Exception):
    """A call's worker died or its engine failed before the call returned."""


class Engine(Protocol):
    """What ``run_window`` needs of an engine; ``window`` is the window it works best with."""

    window: int

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Hashable:
        """Start ``fn(*args)``; returns a handle for ``wait`` and ``result``."""

    def wait(self, handles: list[Hashable]) -> list[Hashable]:
        """Block until at least one of ``handles`` is finished; return the finished ones."""

    def result(self, handle: Hashable) -> Any:
        """The value of a finished call; raises ``WorkerLost`` if the call never returned."""

    def close(self) -> None:
        """Cancel what has not started and release workers."""


@dataclass(frozen=True)
class Ready:
    """An item of a window that needs no engine: its value is already known."""

    value: Any


@dataclass(frozen=True)
class Finished:
    """One finished item of a window: its index in the input stream and its outcome."""

    index: int
    value: Any = None
    error: BaseException | None = None


def make_engine(name: str, jobs: int, address: str | None = None) -> Engine:
    """The engine called ``name`` with ``jobs`` workers (see ``ENGINES``)."""
    if name == "local":
        from pipeline.engines.local import ProcessEngine, SequentialEngine

        return SequentialEngine() if jobs == 1 else ProcessEngine(jobs)
    if name == "ray":
        from pipeline.engines.ray import RayEngine

        return RayEngine(jobs, address)
    raise EngineUnavailable(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


def run_window(engine: Engine, fn: Callable[..., Any], items: Iterable[tuple[Any, ...] | Ready],
               window: int, retries: int = 1) -> Iterator[Finished]:
    """Run ``fn(*args)`` for each args tuple of ``items``; yield each ``Finished`` as it ends.

    ``Ready`` items pass straight through. Item ``i`` is pulled from ``items`` (which may be
    lazy) and submitted only while ``i`` < (lowest unfinished index) + ``window``, so at most
    ``window`` items are pending or finished-but-out-of-order at any time. An exception
    raised by ``fn`` is yielded as the item's ``error``.

    A lost worker can take other calls down with it (a broken process pool fails every
    call in flight), so calls whose worker was lost are suspects: each is run again on
    its own, nothing else in flight, up to ``retries`` times, before its ``WorkerLost`` is
    yielded. The call that kills its worker is thus found, and no other call fails for
    it. The caller owns ``engine`` and closes it.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    source = iter(items)
    end = object()
    pending: dict[Hashable, tuple[int, tuple[Any, ...], int]] = {}
    suspects: deque[tuple[int, tuple[Any, ...], int]] = deque()
    unfinished: set[int] = set()
    next_index = 0
    exhausted = False
    while True:
        if suspects and not pending:
            index, args, attempts = suspects.popleft()
            pending[engine.submit(fn, args)] = (index, args, attempts + 1)
        while (not suspects and not exhausted
               and next_index < min(unfinished, default=next_index) + window):
            item = next(source, end)
            if item is end:
                exhausted = True
                break
            index, next_index = next_index, next_index + 1
            if isinstance(item, Ready):
                yield Finished(index, item.value)
                continue
            unfinished.add(index)
            pending[engine.submit(fn, item)] = (index, item, 0)
        if not pending:
            return
        for handle in engine.wait(list(pending)):
            index, args, attempts = pending.pop(handle)
            try:
                value = engine.result(handle)
            except WorkerLost as err:
                if attempts < retries:
                    suspects.append((index, args, attempts))
                    continue
                unfinished.discard(index)
                yield Finished(index, error=err)
                continue
            except Exception as err:
                unfinished.discard(index)
                yield Finished(index, error=err)
                continue
            unfinished.discard(index)
            yield Finished(index, value)
