"""Numbering warnings a reader should see: a measure numbered on from the previous
section (一、 （一）（二） 二、 （三）) is the document's continuous numbering, not a gap."""

from __future__ import annotations

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
    """``warnings`` without those about nodes whose number follows on from the last node
    of the same scheme anywhere before them in the document."""
    follows: set[str] = set()
    last: dict[str | None, int] = {}
    for node in walk_nodes(outline):
        if not node.label:
            continue
        scheme = _scheme(node.label)
        if scheme is not None and node.number == last.get(scheme, -1) + 1:
            follows.add(node.id)
        last[scheme] = node.number
    out = []
    for warning in warnings:
        match = WARNING.match(warning)
        if match and match.group("id") in follows and int(match.group("expected")) == 1:
            continue
        out.append(warning)
    return out
