"""Changes to a block of text, and applying them while keeping track of positions."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.model import Candidate


@dataclass
class Change:
    """Replace ``text[start:end]`` of a block by ``replacement``, and why.

    ``confidence`` is 0-1; ``candidates`` are the runners-up when the choice was close.
    """

    start: int
    end: int
    replacement: str
    kind: str
    confidence: float = 1.0
    candidates: list[Candidate] = field(default_factory=list)
    note: str = ""


#: The sort key that puts changes in text order: ``(start, end)``.
span_key: Callable[[Change], tuple[int, int]] = operator.attrgetter("start", "end")


def apply_changes(text: str, changes: list[Change]) -> tuple[str, list[tuple[int, int]]]:
    """Apply non-overlapping ``changes`` to ``text``.

    Returns the new text and, for each change in the order given, the ``[start, end)``
    span its replacement occupies in the new text. Raises ``ValueError`` on overlap.
    """
    if not changes:
        return text, []
    keys = list(map(span_key, changes))
    order = range(len(changes)) if keys == sorted(keys) else sorted(
        range(len(changes)), key=keys.__getitem__)
    pieces: list[str] = []
    spans: list[tuple[int, int]] = [(0, 0)] * len(changes)
    pos = 0
    out_len = 0
    for i in order:
        change = changes[i]
        start, replacement = change.start, change.replacement
        if start < pos:
            raise ValueError(f"overlapping changes at {start}")
        pieces.append(text[pos:start])
        out_len += start - pos
        spans[i] = (out_len, out_len + len(replacement))
        pieces.append(replacement)
        out_len += len(replacement)
        pos = change.end
    pieces.append(text[pos:])
    return "".join(pieces), spans


def _extent(change: Change) -> tuple[int, int]:
    """The characters a change occupies: its span, an insertion counting as one."""
    return change.start, max(change.end, change.start + 1)


def clear_of(candidates: list[Change], taken: list[Change]) -> list[Change]:
    """The ``candidates`` that share no character with any of ``taken`` (an insertion
    counts as one character), in their order. O((n + m) log m) for any ``taken``, even
    overlapping: a candidate clashes exactly when, among the taken spans starting before
    it ends, the furthest end lies past its start."""
    if not candidates or not taken:
        return list(candidates)
    spans = sorted(map(_extent, taken))
    starts = [lo for lo, _ in spans]
    reach = list(itertools.accumulate((hi for _, hi in spans), max))
    kept = []
    for change in candidates:
        lo, hi = _extent(change)
        before = bisect.bisect_left(starts, hi)
        if before == 0 or reach[before - 1] <= lo:
            kept.append(change)
    return kept
