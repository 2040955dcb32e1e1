"""Work grows linearly on the pathological families (issue 16, item 2).

Work is counted, not timed: the Python lines executed by ``pipeline.process`` (a trace
hook counts them), which is deterministic. Each family is grown eightfold; linear stages
cost at most eight times the work (plus slack for what does not grow), where the
quadratic loops this replaced cost 15 to 64 times. Timings: ``bench/growth.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bench.families import FAMILIES, _repeat
from pipeline.errors import InputError
from pipeline.flow import process

SMALL, GROWTH = 1000, 8
#: Work at ``GROWTH`` times the size may be at most this many times the work at ``SMALL``.
MAX_RATIO = GROWTH * 1.5


def work(fn: Callable[[], Any]) -> int:
    """The Python lines and calls executed by ``fn()``."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        fn()
    except InputError:
        pass
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    process("关于意见\n（一）措施。\n", "warm-up.txt")  # model loads are not the page's work


def ratio(page: Callable[[int], str]) -> float:
    small = work(lambda: process(page(SMALL), "x.txt"))
    large = work(lambda: process(page(SMALL * GROWTH), "x.txt"))
    return large / small


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_work_grows_linearly(family: str) -> None:
    assert ratio(FAMILIES[family]) <= MAX_RATIO


@settings(max_examples=12, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("关于意见(（一）?？\n<p>字,。!")), min_size=1,
               max_size=6))
def test_any_repeated_unit_grows_linearly(unit: str) -> None:
    try:
        process(_repeat(unit, SMALL, "关于", "意见"), "x.txt")
    except InputError:
        assume(False)
    assert ratio(lambda n: _repeat(unit, n, "关于", "意见")) <= MAX_RATIO
