"""Numbering warnings a reader should see: a measure numbered on from the previous
section (一、 （一）（二） 二、 （三）) is the document's continuous numbering, not a gap; a
list that starts again at (一) after a paragraph of the article (第五条 …（一）（二）
收养…的，并应当提交：（一）…) is a new list, not a repeat."""

from __future__ import annotations

import itertools
import re

from pipeline.model import Node, walk_nodes
from pipeline.parse import levels

#: A numbering warning of the outline: the node id at its end.
WARNING = re.compile(r"^numbering: .* where (?P<expected>[0-9]+) was expected \((?P<id>[^)]*)\)$")


def _scheme(label: str) -> str | None:
    """The name of the numbering scheme a label is printed in."""
    for scheme in levels.SCHEMES:
        if scheme.pattern.match(label):
            return scheme.name
    return None


def continuous_numbering(outline: list[Node], warnings: list[str]) -> list[str]:
    """``warnings`` without those about a node that restarts its list's count (expected 1)
    but follows on from the last node of the same scheme anywhere before it; when such a
    node leaves a gap in that document-wide count, its warning names the number the
    document's count expected (（五） after （三） in the section before: 4)."""
    previous: dict[str, int] = {}
    last: dict[str | None, int] = {}
    for node in walk_nodes(outline):
        if not node.label:
            continue
        scheme = _scheme(node.label)
        if scheme in last:
            previous[node.id] = last[scheme]
        last[scheme] = node.number
    out = []
    restarts = _new_lists(outline)
    for warning in warnings:
        match = WARNING.match(warning)
        if match and match.group("id") in restarts and " repeated " in warning:
            continue
        if match is None or int(match.group("expected")) != 1 or (
                match.group("id") not in previous):
            out.append(warning)
            continue
        expected = previous[match.group("id")] + 1
        node_number = next(n.number for n in walk_nodes(outline) if n.id == match.group("id"))
        if node_number == expected:
            continue
        if node_number <= previous[match.group("id")]:
            out.append(warning)  # the document restarts its count in each section
            continue
        out.append(warning.replace(" where 1 was expected", f" where {expected} was expected"))
    return out


def _new_lists(outline: list[Node]) -> set[str]:
    """Ids of nodes numbered 1 whose previous sibling ends with a paragraph of its own
    (no label): the node starts a new list after that paragraph."""
    out: set[str] = set()
    for parent_children in [outline] + [n.children for n in walk_nodes(outline)]:
        for prev, node in itertools.pairwise(parent_children):
            paras = [p for p in prev.text.split("\n") if p.strip()]
            if node.number == 1 and len(paras) > 1 and _scheme(paras[-1].strip()) is None:
                out.add(node.id)
    return out
