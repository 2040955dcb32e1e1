"""Extract: a decoded page to its content blocks, without page furniture.

Plain-text pages are split into lines; a line that matches a furniture rule
(``data/furniture.tsv``, see ``pipeline.furniture``) is dropped. HTML pages lose their
inert parts (scripts, styles, comments, data URIs), are parsed with beautifulsoup4 and
lxml, cut into lines with furniture elements dropped (``pipeline.htmllines``), and each
line is classified as content or not (``pipeline.content``).

Everything dropped is kept in ``Extraction.dropped`` with the reason, in page order, so a
user can see why a line vanished (``python -m pipeline clean FILE --explain-dropped``).
Pages too large to parse in bounded memory, and pages without content, raise
``InputError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.content import classify
from pipeline.errors import InputError
from pipeline.furniture import furniture_reason
from pipeline.model import Block, Dropped
from pipeline.textlines import normalise_line, prose, strip_chars, strip_inert

_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
#: Pages with more text or markup than this (after scripts, styles, comments and data
#: URIs are removed) are refused: about 100 times the longest policy page, and what keeps
#: memory bounded (the parse tree and the later stages grow with it).
MAX_PAGE_CHARS = 4_000_000


@dataclass
class Extraction:
    """The content blocks of a page, the blocks dropped as furniture, and any warnings."""

    blocks: list[Block]
    dropped: list[Dropped] = field(default_factory=list)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)


def extract_text(text: str) -> Extraction:
    """Blocks of a plain-text page: one per non-empty line, with offsets into ``text``.

    Lines end at LF, CR LF or CR only (not at U+0085 or U+2028, which a garbled page
    may carry as text).
    """
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    for match in _iter_lines(text):
        body = match.group(1)
        strip = strip_chars(body)
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


def _content_warnings(blocks: list[Block]) -> list[str]:
    if blocks and not any(_HAN_RE.search(block.text) for block in blocks):
        return ["extract: no Chinese text on the page"]
    return []


def extract_html(html: str) -> Extraction:
    """Blocks of an HTML page: its content lines, with furniture dropped and recorded."""
    from bs4 import BeautifulSoup  # loaded for HTML pages only (a cold start saving)

    from pipeline.htmllines import Walker

    warnings: list[str] = []
    try:
        soup = BeautifulSoup(html, "lxml")
    except RecursionError:  # defensive: the tree builder is iterative in bs4 >= 4.12
        warnings.append("extract: the HTML could not be parsed; its text was read as lines")
        return _tag_stripped(html, warnings)
    title_tag = soup.find("title")
    title = normalise_line(title_tag.get_text(" ")) if title_tag else None
    root = soup.body or soup
    walker = Walker(prose(root.get_text()))
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
