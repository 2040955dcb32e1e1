"""Highlighting: turn a text and spans over it into a tree of plain runs and marked runs.

The HTML review page marks repairs, anchors and lead phrases inside paragraphs. Spans
may touch, nest or (rarely) cross; HTML elements can only nest. ``nest`` resolves this
once, generically: every span yields exactly one ``Mark``; a span that crosses the end of
an enclosing one is *displaced*, i.e. kept as an empty mark at its start, so no span is
ever lost and the plain text read back from the tree is always the input text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Span(NamedTuple):
    """``[start, end)`` of a text, with a ``role`` (what it marks) and a payload ``ref``.
    A named tuple: a page makes thousands, and tuples are the cheapest to build."""

    start: int
    end: int
    role: str
    ref: Any = None


@dataclass(slots=True)
class Mark:
    """A marked run: its span, what lies inside (runs and marks), and whether displaced."""

    span: Span
    children: list[str | Mark] = field(default_factory=list)
    displaced: bool = False


def nest(text: str, spans: list[Span]) -> list[str | Mark]:
    """``text`` as a list of plain strings and ``Mark`` trees, one mark per span.

    Offsets are clipped to the text. At one position, empty spans come first, then longer
    spans enclose shorter ones; among equal spans the earlier in ``spans`` encloses the
    later. Concatenating the plain strings of the result, depth first, gives ``text``.
    One pass over the spans in that order, with a stack of the marks still open.
    """
    size = len(text)
    order = []
    for i, span in enumerate(spans):
        start = max(0, min(span.start, size))
        end = max(start, min(span.end, size))
        order.append((start, end > start, -end, i))
    order.sort()
    root: list[str | Mark] = []
    # Open marks, innermost last: [children, end, position reached in the text].
    stack: list[list] = [[root, size, 0]]
    for start, _, neg_end, i in order:
        end = -neg_end
        while len(stack) > 1 and start >= stack[-1][1]:
            _close(text, stack)
        parent = stack[-1]
        displaced = end > parent[1]
        if displaced:
            end = start
        if start > parent[2]:
            parent[0].append(text[parent[2]:start])
            parent[2] = start
        mark = Mark(spans[i], [], displaced)
        parent[0].append(mark)
        if end > start:
            stack.append([mark.children, end, start])
    while len(stack) > 1:
        _close(text, stack)
    if size > stack[0][2]:
        root.append(text[stack[0][2]:])
    return root


def _close(text: str, stack: list[list]) -> None:
    """Close the innermost open mark: its remaining text, then its parent moves past it."""
    children, end, pos = stack.pop()
    if end > pos:
        children.append(text[pos:end])
    stack[-1][2] = max(stack[-1][2], end)


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
