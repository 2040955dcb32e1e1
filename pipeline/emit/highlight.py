"""Highlighting: turn a text and spans over it into a tree of plain runs and marked runs.

The HTML review page marks repairs, anchors and lead phrases inside paragraphs. Spans
may touch, nest or (rarely) cross; HTML elements can only nest. ``nest`` resolves this
once, generically: every span yields exactly one ``Mark``; a span that crosses the end of
an enclosing one is *displaced*, i.e. kept as an empty mark at its start, so no span is
ever lost and the plain text read back from the tree is always the input text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """``[start, end)`` of a text, with a ``role`` (what it marks) and a payload ``ref``."""

    start: int
    end: int
    role: str
    ref: Any = None


@dataclass
class Mark:
    """A marked run: its span, what lies inside (runs and marks), and whether displaced."""

    span: Span
    children: list[str | Mark] = field(default_factory=list)
    displaced: bool = False


@dataclass
class _Slot:
    """A span placed in the tree (clipped offsets) with the slots nested inside it."""

    span: Span
    start: int
    end: int
    displaced: bool = False
    kids: list[_Slot] = field(default_factory=list)


def nest(text: str, spans: list[Span]) -> list[str | Mark]:
    """``text`` as a list of plain strings and ``Mark`` trees, one mark per span.

    Offsets are clipped to the text. At one position, empty spans come first, then longer
    spans enclose shorter ones; among equal spans the earlier in ``spans`` encloses the
    later. Concatenating the plain strings of the result, depth first, gives ``text``.
    """
    size = len(text)
    slots = []
    for span in spans:
        start = max(0, min(span.start, size))
        slots.append(_Slot(span, start, max(start, min(span.end, size))))
    order = sorted(range(len(slots)),
                   key=lambda i: (slots[i].start, slots[i].end > slots[i].start,
                                  -slots[i].end, i))
    root = _Slot(Span(0, size, "root"), 0, size)
    stack = [root]
    for i in order:
        slot = slots[i]
        while len(stack) > 1 and slot.start >= stack[-1].end:
            stack.pop()
        parent = stack[-1]
        if slot.end > parent.end:
            slot.end, slot.displaced = slot.start, True
        parent.kids.append(slot)
        if slot.end > slot.start:
            stack.append(slot)
    return _fill(text, root)


def _fill(text: str, slot: _Slot) -> list[str | Mark]:
    """The runs and marks inside ``slot``: text between its kids, kids filled in turn."""
    out: list[str | Mark] = []
    pos = slot.start
    for kid in slot.kids:
        if kid.start > pos:
            out.append(text[pos:kid.start])
        out.append(Mark(kid.span, _fill(text, kid), kid.displaced))
        pos = max(pos, kid.end)
    if slot.end > pos:
        out.append(text[pos:slot.end])
    return out


def plain(pieces: list[str | Mark]) -> str:
    """The text of a tree made by ``nest``: its plain runs in order."""
    return "".join(p if isinstance(p, str) else plain(p.children) for p in pieces)


def marks(pieces: list[str | Mark]) -> list[Mark]:
    """Every mark of a tree made by ``nest``, depth first, in document order."""
    out: list[Mark] = []
    for piece in pieces:
        if isinstance(piece, Mark):
            out.append(piece)
            out.extend(marks(piece.children))
    return out
