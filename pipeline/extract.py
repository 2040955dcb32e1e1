"""Extract: a decoded page to its content blocks, without page furniture.

Plain-text pages are split into lines; a line that matches a furniture rule
(``data/furniture.tsv``) is dropped. HTML pages are parsed with beautifulsoup4 and lxml
and walked once, iteratively (so a page nested 10,000 levels deep is no problem):

1. elements that are never text (scripts, styles, forms controls; ``data/boilerplate.py``)
   and comments are skipped; navigation, footers, sidebars, share widgets, breadcrumbs and
   hidden (injected) elements are dropped by tag, class/id name or inline style;
2. the rest is cut into lines at block elements and ``<br>``; data tables become one
   block with rows of cells, layout tables are walked like ``<div>``;
3. each line is classified, jusText-style, by its length, its Chinese sentence punctuation
   (``，。；``), its link density and the content hints of its ancestors; short or
   uncertain lines are then settled by their neighbours and by sharing a container with
   content (a heading before content, a signature after it).

Everything dropped is kept in ``Extraction.dropped`` with the reason, so a user can see
why a line vanished (``python -m pipeline clean FILE --explain-dropped``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import opencc
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData

from pipeline.data import boilerplate as rules
from pipeline.errors import InputError
from pipeline.model import Block, Dropped

#: Pinyin annotations and full-width/ASCII noise removed from a line before furniture rules see it.
_ANNOTATION_RE = re.compile(r"\([a-zA-Z\u00e0-\u01dc]{1,7}\)")
_SPACE_RE = re.compile(r"\s+")
#: Whitespace as HTML collapses it (ASCII only: NBSP and U+0085 are text, and in a
#: Latin-1-garbled page they are bytes the repair needs).
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
#: Characters stripped from both ends of a line (indentation by NBSP or ideographic space).
_STRIP = " \t\n\r\f\u3000\xa0"
_STRIP_GARBLED = " \t\n\r\f\u3000"
_HAN = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
#: A line break between two wide characters joins them (CSS segment-break rule for CJK).
_CJK_BREAK_RE = re.compile(rf"(?<=[{_HAN}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_HAN}])")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN1_RE = re.compile(r"[\x80-\x9f\xa1-\xff]")
#: Sentence punctuation of Chinese prose (ASCII commas too: scraped pages fold them).
_SENTENCE_PUNCT_RE = re.compile(r"[，。；！？、]|(?<=[\u3400-\u9fff])[,;]")
#: A numbered heading of a policy (一、 （一） 第一章 第一条): content even when short.
_OUTLINE_LABEL_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百]+[章节条])")
#: A line that names an attachment: its link is the attachment, content not navigation.
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*\d*\s*[:：.．、]?")

#: Line classification thresholds (characters, not counting spaces).
LONG_LINE = 50
SHORT_LINE = 10
SENTENCE_LINE = 10
MAX_LINK_DENSITY = 0.5
#: Pages with more text or markup than this (after scripts, styles, comments and data
#: URIs are removed) are refused: about 100 times the longest policy page, and what keeps
#: memory bounded (the parse tree and the later stages grow with it).
MAX_PAGE_CHARS = 4_000_000
#: Parts of an HTML page that are never text, removed before parsing (each match ends at
#: its closing tag or, unterminated, at the end of the page: linear time).
_INERT_RE = re.compile(
    r"<script\b[^>]*>.*?(?:</script\s*>|\Z)|<style\b[^>]*>.*?(?:</style\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)|(?<==)([\"']?)data:[^\"'\s>]{256,}\1",
    re.I | re.S)
#: A heading is content when content follows within this many lines.
HEADING_REACH = 3
#: Class/id rules do not drop an element holding more than this share of the page's prose.
PROTECT_SHARE = 0.5


@dataclass
class Extraction:
    """The content blocks of a page, the blocks dropped as furniture, and any warnings."""

    blocks: list[Block]
    dropped: list[Dropped] = field(default_factory=list)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Line:
    """One line of an HTML page before classification, with the features that decide it."""

    text: str
    kind: str = "p"
    link_chars: int = 0
    hinted: bool = False
    container: int = 0
    rows: list[list[str]] | None = None

    @property
    def size(self) -> int:
        """Characters, not counting whitespace."""
        return len(self.text) - self.text.count(" ")

    @property
    def link_density(self) -> float:
        """Share of the line's characters that are link text."""
        return self.link_chars / self.size if self.size else 0.0


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (reason, pattern) rules of ``data/furniture.tsv``, compiled once."""
    text = resources.files("pipeline.data").joinpath("furniture.tsv").read_text("utf-8")
    compiled = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        reason, pattern = line.split("\t", 1)
        compiled.append((reason, re.compile(pattern, re.I)))
    return tuple(compiled)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def furniture_reason(line: str) -> str | None:
    """The reason ``line`` is page furniture, or None when it is content."""
    probe = _SPACE_RE.sub(" ", _t2s().convert(_ANNOTATION_RE.sub("", line))).strip()
    for reason, pattern in furniture_rules():
        if pattern.search(probe):
            return reason
    return None


def extract_text(text: str) -> Extraction:
    """Blocks of a plain-text page: one per non-empty line, with offsets into ``text``.

    Lines end at LF, CR LF or CR only (not at U+0085 or U+2028, which a garbled page
    may carry as text).
    """
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    for match in _iter_lines(text):
        body = match.group(1)
        strip = _strip_chars(body)
        stripped = body.strip(strip)
        start = match.start() + len(body) - len(body.lstrip(strip))
        if not stripped:
            continue
        reason = furniture_reason(stripped)
        if reason:
            dropped.append(Dropped(stripped, reason, start))
        else:
            blocks.append(Block(stripped, "p", start))
    return Extraction(blocks, dropped, warnings=_content_warnings(blocks))


def _iter_lines(text: str) -> Iterator[re.Match[str]]:
    return re.finditer(r"([^\r\n]*)(?:\r\n|\r|\n|$)", text)


# --- HTML -------------------------------------------------------------------------------


def normalise_line(text: str) -> str:
    """Collapse HTML whitespace in one line of page text and strip its indentation.

    Line breaks between wide characters vanish (as browsers render CJK); ASCII whitespace
    runs become one space; NBSP inside the line becomes a space unless the line looks
    Latin-1-garbled (then NBSP is evidence and stays).
    """
    text = _HTML_SPACE_RE.sub(" ", _CJK_BREAK_RE.sub("", text))
    strip = _strip_chars(text)
    text = text.strip(strip)
    return text if strip == _STRIP_GARBLED else re.sub("\xa0+", " ", text)


def _strip_chars(line: str) -> str:
    """What to strip from the ends of ``line``: not NBSP when the line looks Latin-1-garbled."""
    return _STRIP_GARBLED if _LATIN1_RE.search(line.strip(_STRIP)) else _STRIP


def _tokens(tag: Tag) -> list[str]:
    """The class and id names of ``tag``, camelCase split with ``-``, lower-cased."""
    names: list[str] = []
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = tag.get("id")
    for name in [*classes, *([ident] if isinstance(ident, str) else [])]:
        names.append(re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name).lower())
    return names


@lru_cache(maxsize=1)
def _class_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def word_re(words: tuple[str, ...]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?:^|[-_\d.])(?:{alternatives})(?:$|[-_\d.])")

    furniture = [(reason, word_re(words)) for reason, words in rules.FURNITURE_CLASSES]
    return (*furniture, ("heading", word_re(rules.HEADING_CLASSES)),
            ("content", word_re(rules.CONTENT_CLASSES)))


@lru_cache(maxsize=1)
def _hidden_re() -> re.Pattern[str]:
    return re.compile("|".join(rules.HIDDEN_STYLES), re.I | re.S)


def class_reason(tag: Tag) -> str | None:
    """The furniture rule a tag's class or id names; ``heading`` or ``content`` for hints."""
    tokens = _tokens(tag)
    for reason, pattern in _class_rules():
        if any(pattern.search(token) for token in tokens):
            return reason
    return None


def furniture_tag_reason(tag: Tag) -> str | None:
    """Why ``tag`` is furniture by its name, attributes or inline style; None otherwise."""
    if tag.name in rules.FURNITURE_TAGS:
        return rules.FURNITURE_TAGS[tag.name]
    style = tag.get("style")
    if tag.has_attr("hidden") or (isinstance(style, str) and _hidden_re().search(style)):
        return "hidden"
    return None


def _prose(text: str) -> int:
    """How much Chinese prose ``text`` holds: its sentence punctuation count."""
    return len(_SENTENCE_PUNCT_RE.findall(text))


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

    tag: Tag
    block: bool
    link: bool
    hinted: bool
    container: int


class _Walker:
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
        if self.page_prose >= 5 and _prose(tag.get_text()) > PROTECT_SHARE * self.page_prose:
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
        frame = _Frame(tag, block, name == "a", hinted, self.containers[-1])
        if block:
            self.flush()
            self.kinds.append("h" if hint == "heading" else rules.BLOCK_KINDS.get(
                name, self.kinds[-1] if name in ("div", "span", "section", "center", "form")
                else "p"))
            if name in ("div", "section", "article", "main", "td", "th", "body", "form",
                        "center", "ul", "ol", "table"):
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


def classify(lines: list[Line]) -> list[str | None]:
    """For each line, None when it is content, else the reason it is dropped.

    First each line alone: furniture rules, link density, then good (long, or a sentence
    with Chinese punctuation), short, or near-good. Then in context: a near-good line next
    to content is content; a short line between content is content; a heading or numbered
    label with content in the next ``HEADING_REACH`` lines is content; an unsettled line in
    the same container as content is content; the rest is dropped as ``outside-content``.
    A line naming an attachment (``附件：``) is never a link list. When no line reads as
    prose at all (a short or non-Chinese page), every line that no rule dropped is content.
    """
    first = [_label(line) for line in lines]
    labels = [label for label, _ in first]
    reasons = [reason for _, reason in first]
    settled = list(labels)
    for index, label in enumerate(labels):
        if label in ("near", "short") and _settles(index, labels, lines):
            settled[index] = "good"
    if "good" not in settled:  # nothing reads as prose (a short or non-Chinese page)
        settled = ["good" if label in ("near", "short") else label for label in settled]
    good_containers = {line.container for line, lab in zip(lines, settled, strict=True)
                       if lab == "good"}
    out: list[str | None] = []
    for line, label, reason in zip(lines, settled, reasons, strict=True):
        if label == "good" or (label in ("near", "short") and line.container in good_containers
                                and line.link_density <= MAX_LINK_DENSITY):
            out.append(None)
        else:
            out.append(reason or "outside-content")
    return out


def _label(line: Line) -> tuple[str, str | None]:
    """A line judged alone: (label, reason when dropped).

    Labels: ``good``, ``near`` (near-good), ``short``, ``bad`` (a link list) or ``rule``
    (a furniture line rule matched; such lines do not count as neighbours).
    """
    reason = furniture_reason(line.text)
    if reason:
        return "rule", reason
    if line.size and line.link_density > MAX_LINK_DENSITY:
        if not _ATTACHMENT_RE.match(line.text):
            return "bad", "links"
        return "near", None
    if line.kind == "table" or line.size >= LONG_LINE or (
            line.size >= SENTENCE_LINE and _prose(line.text)):
        return "good", None
    return ("near" if line.hinted or line.size >= SHORT_LINE else "short"), None


def _neighbour(index: int, labels: list[str], step: int) -> str:
    """The label of the nearest line that is not ``short`` nor ``rule`` in direction ``step``."""
    index += step
    while 0 <= index < len(labels):
        if labels[index] not in ("short", "rule"):
            return labels[index]
        index += step
    return "edge"


def _settles(index: int, labels: list[str], lines: list[Line]) -> bool:
    before, after = _neighbour(index, labels, -1), _neighbour(index, labels, 1)
    line = lines[index]
    heading = line.kind == "h" or _OUTLINE_LABEL_RE.match(line.text)
    if heading and "good" in labels[index + 1:index + 1 + HEADING_REACH]:
        return True
    if labels[index] == "near":
        return "good" in (before, after)
    return before == after == "good"


def _content_warnings(blocks: list[Block]) -> list[str]:
    if blocks and not any(_HAN_RE.search(block.text) for block in blocks):
        return ["extract: no Chinese text on the page"]
    return []


def extract_html(html: str) -> Extraction:
    """Blocks of an HTML page: its content lines, with furniture dropped and recorded."""
    warnings: list[str] = []
    try:
        soup = BeautifulSoup(html, "lxml")
    except RecursionError:  # defensive: the tree builder is iterative in bs4 >= 4.12
        warnings.append("extract: the HTML could not be parsed; its text was read as lines")
        return _tag_stripped(html, warnings)
    title_tag = soup.find("title")
    title = normalise_line(title_tag.get_text(" ")) if title_tag else None
    root = soup.body or soup
    walker = _Walker(_prose(root.get_text()))
    walker.walk(root)
    walker.flush()
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    subtrees = iter(walker.dropped)
    pending = next(subtrees, None)
    for index, (line, reason) in enumerate(zip(walker.lines, classify(walker.lines),
                                               strict=True)):
        while pending and pending[0] <= index:
            dropped.append(pending[1])
            pending = next(subtrees, None)
        if reason is None:
            blocks.append(Block(line.text, line.kind, None, line.rows))
        else:
            dropped.append(Dropped(line.text, reason))
    dropped.extend(item for _, item in ([pending] if pending else []) + list(subtrees))
    return Extraction(blocks, dropped, title or None, warnings + _content_warnings(blocks))


def _tag_stripped(html: str, warnings: list[str]) -> Extraction:
    text = re.sub(r"<[^>]*>", "\n", html)
    result = extract_text(text)
    for block in result.blocks:
        block.start = None
    for item in result.dropped:
        item.start = None
    result.warnings = warnings + result.warnings
    return result


def strip_inert(html: str) -> str:
    """``html`` without scripts, styles, comments and long ``data:`` URIs."""
    return _INERT_RE.sub(lambda m: '""' if m.group(0).startswith(("'", '"', "d")) else " ", html)


def extract(text: str, fmt: str, path: str | None = None) -> Extraction:
    """Content blocks of a decoded page; ``fmt`` is ``html`` or ``text`` (see ``Source``).

    Raises ``InputError`` for a page larger than ``MAX_PAGE_CHARS`` once inert parts
    (scripts, styles, comments, data URIs) are removed.
    """
    if fmt == "html":
        text = strip_inert(text)
    if len(text) > MAX_PAGE_CHARS:
        raise InputError(path, f"page too large: {len(text):,} characters of text and markup "
                               f"(the limit is {MAX_PAGE_CHARS:,})")
    return extract_html(text) if fmt == "html" else extract_text(text)


def require_content(extraction: Extraction, path: str | None) -> None:
    """Raise ``InputError`` when a page has no content blocks, naming why."""
    if extraction.blocks:
        return
    if extraction.dropped:
        reasons = ", ".join(sorted({item.reason for item in extraction.dropped}))
        raise InputError(path, f"no content: all {len(extraction.dropped)} text block(s) "
                               f"were page furniture ({reasons})")
    raise InputError(path, "no text content")
