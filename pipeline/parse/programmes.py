"""Named programmes: short names in quotation marks (“一老一小”, “5080”, “两免一补”)."""

from __future__ import annotations

import re

from pipeline.model import Programme
from pipeline.parse.locate import NodeLocator
from pipeline.parse.target_data import PERIOD

#: A quoted name: “…” or 「…」, short, one line, no sentence punctuation inside.
QUOTED = re.compile(r"“(?P<a>[^“”\n。；，！？《》]{1,20})”"
                    r"|「(?P<b>[^「」\n。；，！？《》]{1,20})」")


def find_programmes(text: str, locate: NodeLocator) -> list[Programme]:
    """Each quoted name once, in order of first appearance, with the nodes it occurs in.

    Named periods (“十四五”) are deadlines, not programmes, and are left out.
    """
    found: dict[str, Programme] = {}
    for match in QUOTED.finditer(text):
        name = (match.group("a") or match.group("b") or "").strip()
        if not name or PERIOD.fullmatch(name):
            continue
        programme = found.setdefault(name, Programme(name))
        node_id = locate(match.start())
        if node_id is not None and node_id not in programme.node_ids:
            programme.node_ids.append(node_id)
    return list(found.values())
