"""Deadlines carried by the scope that sets them.

A deadline (到2025年, 2025年前, “十四五”期间) applies to the quantities after it in its
sentence; when the sentence has none, to the quantities after it in its paragraph
(到2020年 opens the paragraph and the numbers follow in later sentences), until another
deadline; and a paragraph that opens a list (ends with ：) passes its deadline to the
list's items, the paragraphs that follow it and start with a label.
"""

from __future__ import annotations

import bisect
import re

from pipeline.parse import levels
from pipeline.parse import target_data as data

#: Characters stripped from the start of a paragraph before matching a label.
INDENT = " \u3000\u00a0\t"
#: Where a list opener ends.
OPENER_END = "：:"


def deadline_of(match: re.Match[str]) -> str:
    """The year or named period of a ``DEADLINE`` match."""
    return match.group("year") or match.group("year2") or match.group("period")


def _is_item(para: str) -> bool:
    """Whether ``para`` starts with a provision's label (it is an item of a list)."""
    para = para.lstrip(INDENT)
    return any(scheme.pattern.match(para) for scheme in levels.SCHEMES)


class Deadlines:
    """Callable ``deadlines(offset) -> deadline | None`` over one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = [(m.end(), deadline_of(m)) for m in data.DEADLINE.finditer(text)]
        self._ends = [end for end, _ in self.found]
        self._paras: list[tuple[int, int]] = []
        offset = 0
        for para in text.split("\n"):
            self._paras.append((offset, offset + len(para)))
            offset += len(para) + 1
        self._starts = [start for start, _ in self._paras]

    def _last_between(self, lo: int, hi: int) -> str | None:
        """The last deadline that ends in ``[lo, hi]``."""
        index = bisect.bisect_right(self._ends, hi) - 1
        if index >= 0 and self._ends[index] >= lo:
            return self.found[index][1]
        return None

    def __call__(self, offset: int) -> str | None:
        """The deadline of a quantity at ``offset``: the last one before it in its
        paragraph, else the one of the list its paragraph is an item of."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        start, _ = self._paras[index]
        own = self._last_between(start, offset)
        if own is not None:
            return own
        if not _is_item(self.text[start:self._paras[index][1]]):
            return None
        while index > 0:
            index -= 1
            lo, hi = self._paras[index]
            para = self.text[lo:hi].rstrip(INDENT)
            if not para:
                continue
            if _is_item(para) and not para.endswith(tuple(OPENER_END)):
                continue
            if para.endswith(tuple(OPENER_END)):
                return self._last_between(lo, hi)
            return None
        return None
