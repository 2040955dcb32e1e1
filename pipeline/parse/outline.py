"""The outline: sections ``一、`` and the measures ``（一）`` under them."""

from __future__ import annotations

import re

from pipeline.model import Node
from pipeline.parse.numerals import NUMERAL_CHARS, chinese_to_int

#: Heading patterns, outermost level first: (kind, id prefix, pattern).
LEVELS = (
    ("section", "s", re.compile(rf"^(?P<label>(?P<num>[{NUMERAL_CHARS}]+)、)(?P<rest>.*)$")),
    ("measure", "m",
     re.compile(rf"^(?P<label>[（(](?P<num>[{NUMERAL_CHARS}]+)[)）])(?P<rest>.*)$")),
)


def heading_title(rest: str) -> str:
    """A provision's title: its text after the label, up to the first 。."""
    return rest.split("。", 1)[0].strip()


def parse_outline(text: str) -> tuple[list[Node], list[str]]:
    """Sections and measures of ``text`` with spans, plus warnings for numbering gaps.

    A node's span runs from its label to the end of the paragraph before the next node
    of the same or an outer level (or the end of the text).
    """
    roots: list[Node] = []
    warnings: list[str] = []
    stack: list[tuple[int, Node]] = []  # (level, node) of the open ancestors
    offset = 0
    for para in text.split("\n"):
        start = offset
        offset += len(para) + 1
        found = _match_heading(para)
        if found is None:
            continue
        level, kind, prefix, match = found
        while stack and stack[-1][0] >= level:
            _close(stack.pop()[1], text, start - 1)
        siblings = stack[-1][1].children if stack else roots
        number = chinese_to_int(match.group("num")) or 0
        expected = siblings[-1].number + 1 if siblings else 1
        if number != expected:
            label = match.group("label")
            warnings.append(f"numbering: {label} found where {expected} was expected")
        parent = f"{stack[-1][1].id}/" if stack else ""
        node = Node(f"{parent}{prefix}{number}", kind, match.group("label"), number,
                    heading_title(match.group("rest")), para, (start, start + len(para)))
        siblings.append(node)
        stack.append((level, node))
    while stack:
        _close(stack.pop()[1], text, len(text))
    return roots, warnings


def _match_heading(para: str) -> tuple[int, str, str, re.Match[str]] | None:
    """(level, kind, id prefix, match) of the first heading pattern ``para`` matches."""
    for level, (kind, prefix, pattern) in enumerate(LEVELS):
        match = pattern.match(para)
        if match:
            return level, kind, prefix, match
    return None


def _close(node: Node, text: str, end: int) -> None:
    end = len(text[:end].rstrip())
    node.span = (node.span[0], max(end, node.span[1]))
    node.text = text[node.span[0]:node.span[1]]
