"""Deadlines carried by the scope that sets them.

A deadline (到2025年, 2025年前, “十四五”期间) applies to the quantities after it in its
sentence; one that opens its sentence (到2020年，…) also to the quantities of the later
sentences of its paragraph (the numbers follow in later sentences), until another
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
#: Marks a sentence (or a labelled lead-in, 具体指标：) starts after.
SENTENCE_OPENERS = ("。", "！", "？", "\n", "：", ":")
#: The most characters before a deadline that still opens its sentence (力争到2025年).
MAX_LEAD = 4
#: Where a list opener ends.
OPENER_END = "：:"


def deadline_of(match: re.Match[str]) -> str:
    """The year or named period of a ``DEADLINE`` match."""
    return match.group("year") or match.group("year2") or match.group("period")


def _scheme(para: str) -> str | None:
    """The numbering scheme of the label ``para`` starts with, or None."""
    para = para.lstrip(INDENT)
    return next((s.name for s in levels.SCHEMES if s.pattern.match(para)), None)


class Deadlines:
    """Callable ``deadlines(offset) -> deadline | None`` over one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(data.DEADLINE.finditer(text))
        self.found = [(m.end(), deadline_of(m)) for m in matches]
        self._ends = [end for end, _ in self.found]
        self.openers = [(m.end(), deadline_of(m)) for m in matches if self._opens(m.start())]
        self._opener_ends = [end for end, _ in self.openers]
        self._paras: list[tuple[int, int]] = []
        offset = 0
        for para in text.split("\n"):
            self._paras.append((offset, offset + len(para)))
            offset += len(para) + 1
        self._starts = [start for start, _ in self._paras]

    def _opens(self, start: int) -> bool:
        """Whether the deadline at ``start`` opens its sentence (到2025年，…; 具体指标：到
        2022年，…; （三）发展目标。到2025年，…): few words stand before it."""
        lo = max(self.text.rfind(mark, 0, start) for mark in SENTENCE_OPENERS) + 1
        lead = levels.LABEL_AT_START.sub("", self.text[lo:start].strip(INDENT))
        return len(lead) <= MAX_LEAD

    def _last_between(self, lo: int, hi: int, openers: bool = False) -> str | None:
        """The last deadline (or sentence-opening one) that ends in ``[lo, hi]``."""
        ends, found = (self._opener_ends, self.openers) if openers else (self._ends,
                                                                          self.found)
        index = bisect.bisect_right(ends, hi) - 1
        if index >= 0 and ends[index] >= lo:
            return found[index][1]
        return None

    def __call__(self, offset: int) -> str | None:
        """The deadline of a quantity at ``offset``: the last one before it in its
        paragraph, else the one of the list its paragraph is an item of."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        start, _ = self._paras[index]
        sentence = max(self.text.rfind(mark, start, offset) for mark in data.SENTENCE_END)
        own = self._last_between(max(start, sentence + 1), offset)
        if own is None:
            own = self._last_between(start, offset, openers=True)
        if own is not None:
            return own
        scheme = _scheme(self.text[start:self._paras[index][1]])
        if scheme is None:
            return None
        while index > 0:
            index -= 1
            lo, hi = self._paras[index]
            para = self.text[lo:hi].rstrip(INDENT)
            if not para:
                continue
            if para.endswith(tuple(OPENER_END)):
                return self._last_between(lo, hi)
            if _scheme(para) != scheme:
                return None  # the list's items end at a heading of another level
        return None
