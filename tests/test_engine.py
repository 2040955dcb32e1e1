"""Engines and the window that drives them: every item once, bounded reordering, retries."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Hashable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.engines import (
    EngineUnavailable,
    Ready,
    WorkerLost,
    make_engine,
    run_window,
)
from pipeline.engines.local import ProcessEngine, SequentialEngine


def square(x: int) -> int:
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ZeroDivisionError("three")
    return x


def pid_of_worker(_: int) -> int:
    return os.getpid()


def die_on_three(x: int) -> int:
    """Kills its worker process for 3 (as a segfault or the OOM killer would)."""
    if x == 3:
        os._exit(7)
    return x


class ShuffledEngine:
    """A fake engine that finishes pending calls in a random order, a few at a time.

    ``lose`` maps an argument to how many times its worker is lost before it succeeds.
    It records how many calls were ever pending at once.
    """

    def __init__(self, seed: int, lose: dict[int, int] | None = None) -> None:
        self.random = random.Random(seed)
        self.lose = dict(lose or {})
        self.calls: list[int] = []
        self.in_flight_at_submit: list[int] = []
        self.closed = False
        self._next = 0
        self._in_flight = 0

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Hashable:
        self._next += 1
        self.calls.append(args[0])
        self.in_flight_at_submit.append(self._in_flight)
        self._in_flight += 1
        return (self._next, fn, args)

    def wait(self, handles: list[Hashable]) -> list[Hashable]:
        return self.random.sample(handles, self.random.randint(1, len(handles)))

    def result(self, handle: Hashable) -> Any:
        _, fn, args = handle  # type: ignore[misc]
        self._in_flight -= 1
        if self.lose.get(args[0], 0) > 0:
            self.lose[args[0]] -= 1
            raise WorkerLost("lost")
        return fn(*args)

    def close(self) -> None:
        self.closed = True


def consume_in_order(finished, window: int) -> tuple[list[Any], int]:
    """Put results back in index order as a reordering consumer would; its largest buffer."""
    buffer: dict[int, Any] = {}
    ordered: list[Any] = []
    largest = 0
    for done in finished:
        assert done.index not in buffer
        buffer[done.index] = done.error if done.error is not None else done.value
        largest = max(largest, len(buffer))
        while len(ordered) in buffer:
            ordered.append(buffer.pop(len(ordered)))
    assert not buffer
    return ordered, largest


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 50), st.builds(Ready, st.integers(-9, -1))),
                max_size=40),
       st.integers(1, 6), st.integers(0, 2**16))
def test_window_yields_every_item_once_and_bounds_reordering(items, window, seed):
    engine = ShuffledEngine(seed)
    ordered, largest = consume_in_order(run_window(engine, square, (
        (i,) if isinstance(i, int) else i for i in items), window), window)
    assert ordered == [i * i if isinstance(i, int) else i.value for i in items]
    assert largest <= window
    assert engine.calls == [i for i in items if isinstance(i, int)]


def test_items_are_pulled_lazily_within_the_window():
    pulled: list[int] = []

    def items():
        for i in range(100):
            pulled.append(i)
            yield (i,)

    stream = run_window(ShuffledEngine(1), square, items(), window=3)
    next(stream)
    assert len(pulled) <= 4


def test_exception_of_the_call_is_the_items_error_and_the_rest_go_on():
    finished = list(run_window(SequentialEngine(), fail_on_three, [(i,) for i in range(6)], 1))
    assert [d.value for d in finished] == [0, 1, 2, None, 4, 5]
    assert isinstance(finished[3].error, ZeroDivisionError)
    assert str(finished[3].error) == "three"


def test_lost_worker_is_retried_alone_then_reported():
    engine = ShuffledEngine(0, lose={2: 1, 4: 5})
    finished = {d.index: d for d in run_window(engine, square, [(i,) for i in range(6)], 3)}
    assert finished[2].value == 4 and finished[2].error is None
    assert isinstance(finished[4].error, WorkerLost)
    assert engine.calls.count(2) == 2 and engine.calls.count(4) == 2
    retries = [[n for n, arg in enumerate(engine.calls) if arg == lost][1] for lost in (2, 4)]
    assert [engine.in_flight_at_submit[n] for n in retries] == [0, 0]
    assert [finished[i].value for i in (0, 1, 3, 5)] == [0, 1, 9, 25]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.integers(0, 19), st.integers(1, 3), max_size=6),
       st.integers(1, 5), st.integers(0, 2**16))
def test_only_calls_lost_more_often_than_retried_fail(lose, window, seed):
    engine = ShuffledEngine(seed, lose)
    finished = {d.index: d for d in run_window(engine, square, [(i,) for i in range(20)],
                                               window, retries=2)}
    assert sorted(finished) == list(range(20))
    failed = {i for i, d in finished.items() if d.error is not None}
    assert failed == {i for i, times in lose.items() if times > 2}
    assert all(finished[i].value == i * i for i in range(20) if i not in failed)


def test_window_must_be_positive():
    with pytest.raises(ValueError, match="window"):
        list(run_window(SequentialEngine(), square, [(1,)], 0))


def test_process_pool_runs_calls_in_other_processes():
    engine = ProcessEngine(2)
    try:
        pids = {d.value for d in run_window(engine, pid_of_worker, [(i,) for i in range(8)], 4)}
    finally:
        engine.close()
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_process_pool_survives_a_dying_worker():
    engine = ProcessEngine(2)
    try:
        finished = {d.index: d for d in run_window(engine, die_on_three,
                                                   [(i,) for i in range(8)], 4)}
    finally:
        engine.close()
    assert isinstance(finished[3].error, WorkerLost)
    assert "worker process died" in str(finished[3].error)
    assert {i: finished[i].value for i in finished if i != 3} == {
        i: i for i in range(8) if i != 3}


def test_unknown_engine_is_refused():
    with pytest.raises(EngineUnavailable, match="unknown engine 'spark'"):
        make_engine("spark", 2)


def test_local_engine_is_sequential_for_one_job_and_a_pool_otherwise():
    one, two = make_engine("local", 1), make_engine("local", 2)
    assert isinstance(one, SequentialEngine)
    assert isinstance(two, ProcessEngine) and two.jobs == 2
    two.close()
