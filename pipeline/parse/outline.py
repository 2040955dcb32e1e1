"""The outline: numbered provisions of any scheme in ``levels.py``, nested as printed.

Levels come from the order in which schemes appear, not from a fixed table: a heading
of a scheme already open closes everything below it and becomes its sibling; a heading
of a new scheme nests under the open heading. The legal forms 第X章 > 第X节 > 第X条 keep
their order among themselves (``Scheme.rank``). Lists inside an article are ``item``
nodes, so an article's （一） items nest under it; a plain paragraph after an item list
closes the list (it is the article's next paragraph, not part of its last item). An
attachment list (附件：1．… 2．…) closes the body and gives one ``attachment`` node per
entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import Node
from pipeline.numerals import label_number
from pipeline.parse import levels
from pipeline.parse.levels import Scheme

#: Characters stripped from the start of a paragraph before matching a label.
INDENT = " \u3000\u00a0\t"
#: Characters stripped from the end of a heading phrase.
TITLE_TRAIL = " \u3000：:；;，,"

_ATTACHMENT = Scheme("attachment", "attachment", "att", levels.ATTACHMENT_HEADING, rank=-1)


def heading_title(rest: str) -> str:
    """A provision's heading phrase: its text after the label, up to the first 。."""
    return rest.split(levels.TITLE_END, 1)[0].strip(INDENT).rstrip(TITLE_TRAIL)


def bracket_title(rest: str) -> str:
    """The 【…】 heading that may follow a legal label, or ``""``."""
    match = levels.BRACKET_TITLE.match(rest)
    return match.group("title").strip() if match else ""


@dataclass
class _Builder:
    """The state of one pass over the paragraphs."""

    text: str
    roots: list[Node] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stack: list[tuple[Scheme, Node]] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)
    #: The last copy number given to each base id (``m1`` -> 3 for ``m1_3``): the search
    #: for a free id resumes there, so repeated labels cost linear time overall.
    copies: dict[str, int] = field(default_factory=dict)
    last: dict[tuple[str, str], int] = field(default_factory=dict)

    def close_to(self, depth: int, end: int) -> None:
        """Close open nodes until ``depth`` remain, ending them before offset ``end``."""
        while len(self.stack) > depth:
            _close(self.stack.pop()[1], self.text, end)

    def close_items(self, end: int) -> None:
        """A plain paragraph inside an article ends the article's open item list: it is
        the article's next paragraph (款), not part of its last item, so every open
        ``item`` node is closed (ending before offset ``end``), and a list after the
        paragraph counts from 1 again."""
        depth = len(self.stack)
        while depth and self.stack[depth - 1][1].kind == "item":
            depth -= 1
        if 0 < depth < len(self.stack) and self.stack[depth - 1][0].name == "article":
            self.close_to(depth, end)
            article = self.stack[depth - 1][1].id
            # a list that starts after the paragraph is a new list: its count restarts
            for key in [k for k in self.last if k[0] == article]:
                del self.last[key]

    def place(self, scheme: Scheme, start: int) -> None:
        """Close the open nodes that ``scheme``'s next heading ends (before ``start``)."""
        depth = len(self.stack)
        if scheme.rank is not None:
            while depth and (self.stack[depth - 1][0].rank is None
                             or self.stack[depth - 1][0].rank >= scheme.rank):
                depth -= 1
        else:
            names = [s.name for s, _ in self.stack]
            if scheme.name in names:
                depth = len(names) - 1 - names[::-1].index(scheme.name)
        self.close_to(depth, start - 1)

    def add(self, scheme: Scheme, label: str, num: str, title: str, start: int,
            end: int) -> Node:
        """Open a node of ``scheme`` under the innermost open node and return it."""
        parent = self.stack[-1][1] if self.stack else None
        in_article = any(s.name == "article" for s, _ in self.stack)
        kind = "item" if in_article and scheme.rank is None else scheme.kind
        prefix = "i" if kind == "item" else scheme.prefix
        number = label_number(num)
        number = 0 if number is None else number
        key = ("", scheme.name) if scheme.continuous else (parent.id if parent else "",
                                                           scheme.name)
        expected = self.last.get(key, 0) + 1
        self.last[key] = number
        base = f"{parent.id}/{prefix}{number}" if parent else f"{prefix}{number}"
        copy = self.copies.get(base, 1)
        node_id = base if copy == 1 else f"{base}_{copy}"
        while node_id in self.used_ids:
            copy += 1
            node_id = f"{base}_{copy}"
        self.copies[base] = copy
        self.used_ids.add(node_id)
        if number != expected:
            what = "repeated" if number < expected else "found"
            self.warnings.append(
                f"numbering: {label} {what} where {expected} was expected ({node_id})")
        node = Node(node_id, kind, label, number, "" if kind == "item" and in_article else title,
                    self.text[start:end], (start, end))
        (parent.children if parent else self.roots).append(node)
        self.stack.append((scheme, node))
        return node


def parse_outline(text: str, end: int | None = None) -> tuple[list[Node], list[str]]:
    """The outline of ``text[:end]`` (one paragraph per line), plus numbering warnings.

    A node's span runs from its label to the end of the last paragraph before the next
    heading of the same or an outer level (or ``end``, default the end of the text).
    """
    limit = len(text) if end is None else end
    build = _Builder(text)
    in_attachments = False
    offset = 0
    for para in text.split("\n"):
        start = offset
        offset += len(para) + 1
        if start >= limit:
            break
        indent = len(para) - len(para.lstrip(INDENT))
        start, para = start + indent, para[indent:]
        para_end = min(start + len(para.rstrip(INDENT)), limit)
        if in_attachments:
            entry = levels.ATTACHMENT_ENTRY.match(para)
            if entry and entry.group("num"):
                _attachment(build, entry, start, para_end)
                continue
            in_attachments = False
        listing = levels.ATTACHMENTS.match(para)
        if listing:
            build.close_to(0, start - 1)
            in_attachments = True
            rest_start = start + listing.start("rest")
            entry = levels.ATTACHMENT_ENTRY.match(listing.group("rest"))
            if entry and entry.group("num"):
                _attachment(build, entry, rest_start, para_end)
            elif listing.group("rest"):
                build.add(_ATTACHMENT, listing.group("label"), "1",
                          heading_title(listing.group("rest")), start, para_end)
                build.close_to(0, para_end)
            continue
        appendix = levels.APPENDIX.match(para)
        if appendix:
            _appendix(build, appendix, start, para_end)
            continue
        found = _match_heading(para)
        if found is None:
            if para.strip(INDENT):
                build.close_items(start - 1)
            continue
        scheme, match = found
        build.place(scheme, start)
        rest = match.group("rest")
        title = bracket_title(rest) if scheme.title == "bracket" else heading_title(rest)
        build.add(scheme, match.group("label"), match.group("num"), title, start, para_end)
    build.close_to(0, limit)
    return build.roots, build.warnings


def _attachment(build: _Builder, entry: re.Match[str], start: int, end: int) -> None:
    """Add one entry of an attachment list as a closed root ``attachment`` node."""
    build.close_to(0, start - 1)
    build.add(_ATTACHMENT, entry.group("label"), entry.group("num"),
              heading_title(entry.group("rest")), start, end)
    build.close_to(0, end)


def _appendix(build: _Builder, match: re.Match[str], start: int, end: int) -> None:
    """Add an appended table or text (附：某某计划表) as a closed root ``attachment`` node,
    numbered after the attachments before it."""
    build.close_to(0, start - 1)
    number = build.last.get(("", _ATTACHMENT.name), 0) + 1
    build.add(_ATTACHMENT, match.group("label"), str(number),
              heading_title(match.group("rest")), start, end)
    build.close_to(0, end)


def _match_heading(para: str) -> tuple[Scheme, re.Match[str]] | None:
    """The scheme of the first heading pattern ``para`` matches, with the match."""
    heading = levels.ATTACHMENT_HEADING.match(para)
    if heading:
        return _ATTACHMENT, heading
    for scheme in levels.SCHEMES:
        match = scheme.pattern.match(para)
        if match:
            return scheme, match
    return None


def _close(node: Node, text: str, end: int) -> None:
    """End ``node`` at ``end`` (trailing whitespace excluded) and set its text."""
    end = max(min(end, len(text)), node.span[1])
    while end > node.span[1] and text[end - 1].isspace():  # never copies the text: linear
        end -= 1
    node.span = (node.span[0], end)
    node.text = text[node.span[0]:node.span[1]]
