"""The document's header: info table, title (joined when split over lines), its own
number (〔〕 or 令 form), and the lede, from the paragraphs before the first provision.

Sources in order of trust: the page's info table (``infotable``), then the lines under
the title (a number line, a decree header ``中华人民共和国国务院令`` / ``第706号``), then
the page's own ``<title>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import DocNumber
from pipeline.parse.docnumber import DECREE, PATTERN, decree_number, parse_doc_number
from pipeline.parse.infotable import InfoTable, key_pairs, read_info_table
from pipeline.parse.references import kind_of

#: At most this many lines make up a title printed over several lines.
MAX_TITLE_LINES = 4
#: A title line holds none of these (a sentence, a salutation, a list).
NOT_TITLE = re.compile(r"[。；;，,：:！？!?]")
#: How the tail of a title that already ends like one starts (…实施方案 / 的通知).
CONTINUATION = ("的", "之", "（", "(")
#: The longest title line.
MAX_TITLE_LINE = 60
#: A decree header: the issuing body's 令 on a line of its own.
DECREE_HEAD = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fff]{1,12}令$")
#: A decree's serial on a line of its own: 第706号.
DECREE_SERIAL = re.compile(r"^第\s*[0-9０-９]{1,5}\s*号$")


@dataclass
class Header:
    """What the paragraphs before the first provision say about the document.

    ``title_lines``/``number_line`` index ``lines`` (the non-empty head paragraphs);
    ``spans`` are the text offsets of the info table, title and number lines (never
    quantities)."""

    lines: list[str]
    info: InfoTable | None
    title: str
    title_lines: list[int] = field(default_factory=list)
    doc_number: DocNumber | None = None
    number_lines: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def lede(self) -> str:
        """The head lines that are not the table, title or number, joined by newlines."""
        skip = set(self.title_lines) | set(self.number_lines)
        if self.info:
            skip |= set(range(self.info.first_line, self.info.last_line + 1))
        return "\n".join(line for i, line in enumerate(self.lines)
                         if i not in skip and not key_pairs(line))


def head_paragraphs(text: str, end: int) -> list[tuple[int, str]]:
    """(offset, stripped paragraph) of the non-empty paragraphs of ``text[:end]``."""
    out, offset = [], 0
    for para in text[:end].split("\n"):
        stripped = para.strip(" \u3000")
        if stripped:
            out.append((offset + para.index(stripped[0]), stripped))
        offset += len(para) + 1
    return out


def own_number(lines: list[str], start: int) -> tuple[list[int], DocNumber] | None:
    """The document's number among the lines from ``start`` (at most 3 of them): a line
    that is a number and nothing else, or a decree header and its serial line."""
    for index in range(start, min(start + 3, len(lines))):
        line = lines[index]
        match = PATTERN.fullmatch(line)
        if match:
            return [index], parse_doc_number(match)
        match = DECREE.fullmatch(line)
        if match:
            return [index], decree_number(match)
        if (DECREE_HEAD.match(line) and index + 1 < len(lines)
                and DECREE_SERIAL.match(lines[index + 1])):
            match = DECREE.fullmatch(line + lines[index + 1].replace(" ", ""))
            if match:
                return [index, index + 1], decree_number(match)
    return None


def title_run(lines: list[str], start: int, strict: bool = False) -> list[int]:
    """The lines from ``start`` that make up the title: the first line, joined with the
    next ones when it is printed over several lines (every line title-like, the last one
    ending with a kind of document: 通知, 意见, 办法, …); [] when there is no line, or
    (``strict``) when no title-like run ends with a kind of document."""
    if start >= len(lines):
        return []
    last = None
    for index in range(start, min(start + MAX_TITLE_LINES, len(lines))):
        line = lines[index]
        if (NOT_TITLE.search(line) or len(line) > MAX_TITLE_LINE or PATTERN.search(line)
                or DECREE.search(line) or DECREE_HEAD.match(line) or key_pairs(line)):
            break
        if last is not None and not line.startswith(CONTINUATION):
            break  # a title ended on the line before; this one is not its tail
        if kind_of(line) != "other":
            last = index
    if last is not None:
        return list(range(start, last + 1))
    return [] if strict else [start]


def read_header(text: str, end: int, page_title: str | None = None) -> Header:
    """The header of ``text`` from the paragraphs before offset ``end``."""
    paras = head_paragraphs(text, end)
    lines = [p for _, p in paras]
    info = read_info_table(lines)
    start = info.last_line + 1 if info else 0
    while start < len(lines) and key_pairs(lines[start]):
        start += 1
    header = Header(lines, info, "")
    number = own_number(lines, start)
    if number and number[0][0] == start:
        header.number_lines, header.doc_number = number
        run: list[int] = []
    else:
        run = title_run(lines, start)
        number = own_number(lines, start + len(run))
        if number:
            header.number_lines, header.doc_number = number
    header.title_lines = run
    header.title = "".join(lines[i] for i in run) if run else ""
    if info and info.fields.get("title"):
        header.title = info.fields["title"]
    elif not header.title:
        header.title = page_title or ""
    if info and header.doc_number is None and info.fields.get("number"):
        value = info.fields["number"]
        match = PATTERN.fullmatch(value) or DECREE.fullmatch(value)
        if match:
            header.doc_number = (parse_doc_number(match) if match.re is PATTERN
                                 else decree_number(match))
    used = set(run) | set(header.number_lines)
    if info:
        used |= set(range(info.first_line, info.last_line + 1))
    header.spans = [(paras[i][0], paras[i][0] + len(paras[i][1])) for i in sorted(used)]
    return header
