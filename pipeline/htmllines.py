"""HTML lines: a parsed page cut into lines of text, with the features that classify them.

One iterative pass over a beautifulsoup4 tree (so a page nested 10,000 levels deep is no
problem): elements that are never text are skipped; furniture elements (by tag, class/id
or inline style, see ``pipeline.furniture``) are dropped whole and recorded; the rest is
cut into lines at block elements and ``<br>``. Data tables become one line with rows of
cells; layout tables are walked like ``<div>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import NavigableString, Tag
from bs4.element import CData

from pipeline.data import boilerplate as rules
from pipeline.furniture import class_reason, furniture_tag_reason
from pipeline.model import Dropped
from pipeline.textlines import Line, normalise_line, prose, strip_chars

__all__ = ["Line", "Walker", "is_data_table", "normalise_line", "prose", "strip_chars",
           "table_rows"]

_SPACE_RE = re.compile(r"\s+")
#: Class/id rules do not drop an element holding more than this share of the page's prose.
PROTECT_SHARE = 0.5


def is_data_table(table: Tag) -> bool:
    """True for a table of data (rows of cells), False for a table used for layout."""
    if table.find(rules.LAYOUT_TABLE_MARKERS) is not None:
        return False
    widest = max((len(row.find_all(["td", "th"])) for row in table.find_all("tr")), default=0)
    return widest >= 2


def table_rows(table: Tag) -> list[list[str]]:
    """The non-empty rows of a data table, each a list of normalised cell texts."""
    rows = [[normalise_line(cell.get_text(" ")) for cell in row.find_all(["td", "th"])]
            for row in table.find_all("tr")]
    return [row for row in rows if any(row)]


@dataclass
class _Frame:
    """What leaving an element must undo in the walker's state."""

    block: bool
    link: bool
    hinted: bool


class Walker:
    """One iterative pass over a soup, cutting it into ``Line``s and ``Dropped`` subtrees."""

    def __init__(self, page_prose: int) -> None:
        self.lines: list[Line] = []
        #: Dropped subtrees, each with the number of lines before it (document order).
        self.dropped: list[tuple[int, Dropped]] = []
        self.pieces: list[tuple[str, bool]] = []
        self.kinds: list[str] = ["p"]
        self.links = 0
        self.hints = 0
        self.containers = [0]
        self.next_container = 1
        self.page_prose = page_prose

    def flush(self) -> None:
        if not self.pieces:
            return
        text = normalise_line("".join(piece for piece, _ in self.pieces))
        if text:
            link_chars = sum(len(_SPACE_RE.sub("", p)) for p, linked in self.pieces if linked)
            self.lines.append(Line(text, self.kinds[-1], link_chars, self.hints > 0,
                                   self.containers[-1]))
        self.pieces = []

    def drop(self, tag: Tag, reason: str) -> None:
        self.flush()
        lines = (normalise_line(line) for line in tag.get_text("\n").split("\n"))
        text = " ".join(line for line in lines if line)
        if text:
            self.dropped.append((len(self.lines), Dropped(text, reason)))

    def furniture(self, tag: Tag) -> tuple[str | None, str | None]:
        """(reason to drop ``tag``, its hint: ``content``, ``heading`` or None)."""
        reason = furniture_tag_reason(tag)
        if reason:
            return reason, None
        named = class_reason(tag)
        if named in ("content", "heading"):
            return None, named
        if named is None or tag.name in rules.PROTECTED_TAGS:
            return None, None
        if self.page_prose >= 5 and prose(tag.get_text()) > PROTECT_SHARE * self.page_prose:
            return None, None  # a wrapper of the whole text with an unlucky name
        return named, None

    def walk(self, root: Tag) -> None:
        stack: list[NavigableString | Tag | _Frame] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, _Frame):
                self.leave(node)
            elif isinstance(node, Tag):
                self.enter(node, stack)
            elif type(node) in (NavigableString, CData):
                self.pieces.append((str(node), self.links > 0))

    def enter(self, tag: Tag, stack: list[NavigableString | Tag | _Frame]) -> None:
        name = tag.name
        if name in rules.SKIP_TAGS:
            return
        if name == "br":
            self.flush()
            return
        reason, hint = self.furniture(tag)
        if reason:
            self.drop(tag, reason)
            return
        if name == "table" and is_data_table(tag):
            self.flush()
            rows = table_rows(tag)
            if rows:
                text = " ".join(cell for row in rows for cell in row if cell)
                self.lines.append(Line(text, "table", 0, self.hints > 0, self.containers[-1],
                                       rows))
            return
        block = name in rules.BLOCK_TAGS
        hinted = hint == "content"
        frame = _Frame(block, name == "a", hinted)
        if block:
            self.flush()
            inherited = self.kinds[-1] if name in rules.KIND_INHERITING_TAGS else "p"
            self.kinds.append("h" if hint == "heading" else rules.BLOCK_KINDS.get(
                name, inherited))
            if name in rules.CONTAINER_TAGS:
                self.containers.append(self.next_container)
                self.next_container += 1
            else:
                self.containers.append(self.containers[-1])
        self.links += frame.link
        self.hints += hinted
        stack.append(frame)
        stack.extend(reversed(tag.contents))

    def leave(self, frame: _Frame) -> None:
        self.links -= frame.link
        self.hints -= frame.hinted
        if frame.block:
            self.flush()
            self.kinds.pop()
            self.containers.pop()
