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
from pipeline.model import Node
from pipeline.parse.outline import _close, parse_outline

#: The small size is past the sizes where a page's cost per character is still settling
#: (a one-line page of 1,000 characters costs half as much per character as one of 2,000
#: or more, which made a linear family look super-linear when caches were warm).
SMALL, GROWTH = 2000, 4
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


class _Counted(str):
    """A text that counts the characters its slices copy (work the line count misses:
    one slice of a long prefix is one line but a copy of the whole text)."""

    copied = 0

    def __getitem__(self, key: Any) -> str:
        part = str.__getitem__(self, key)
        _Counted.copied += len(part)
        return part


def copied(text: str) -> int:
    """Characters ``parse_outline`` copies out of ``text`` by slicing it."""
    _Counted.copied = 0
    parse_outline(_Counted(text))
    return _Counted.copied


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_outline_copies_grow_linearly(family: str) -> None:
    """Closing a node once copied the text up to its end (``'（一）\\n' * N``: quadratic,
    55 µs a character at 1 M characters)."""
    small, large = (copied(FAMILIES[family](SMALL * g)) for g in (1, GROWTH))
    assert large <= MAX_RATIO * max(small, SMALL)


def _close_reference(span: tuple[int, int], text: str, end: int) -> tuple[int, int]:
    """How ``_close`` ended a node before it was made linear."""
    end = len(text[:max(end, 0)].rstrip())
    return span[0], max(end, span[1])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("字 \u3000\n\t")), max_size=30), st.data())
def test_close_ends_nodes_as_before(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    first_end = data.draw(st.integers(start, len(text)))
    end = data.draw(st.integers(-2, len(text) + 3))
    node = Node("m1", "measure", "一、", 1, "", "", (start, first_end))
    _close(node, text, end)
    assert node.span == _close_reference((start, first_end), text, end)
    assert node.text == text[node.span[0]:node.span[1]]
