"""Which outline node an offset of the text belongs to: the innermost one spanning it."""

from __future__ import annotations

import bisect

from pipeline.model import Node, walk_nodes


class NodeLocator:
    """Callable ``locate(offset) -> node id | None`` over an outline.

    ``nodes`` lists every node in document order (pre-order). Text in a node's
    preamble (before its first child) belongs to that node; text outside every node
    (the lede, the signature) to none.
    """

    def __init__(self, outline: list[Node]) -> None:
        self.nodes: list[Node] = walk_nodes(outline)
        self._starts = [node.span[0] for node in self.nodes]

    def __call__(self, offset: int) -> str | None:
        """The id of the innermost node whose span holds ``offset``, or None."""
        index = bisect.bisect_right(self._starts, offset) - 1
        while index >= 0:
            node = self.nodes[index]
            if node.span[0] <= offset < max(node.span[1], node.span[0] + 1):
                return node.id
            index -= 1
        return None
