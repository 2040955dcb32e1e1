"""Extract: a decoded page to its content blocks, without page furniture.

Plain-text pages are split into lines; HTML pages are parsed with beautifulsoup4 and lxml
and walked for block-level text. Lines that match a furniture rule (``data/furniture.tsv``)
are dropped and recorded, with the rule's reason, so a user can see why a line vanished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import opencc
from bs4 import BeautifulSoup, Comment

from pipeline.model import Block, Dropped

#: Pinyin annotations and full-width/ASCII noise removed from a line before furniture rules see it.
_ANNOTATION_RE = re.compile(r"\([a-zA-Z\u00e0-\u01dc]{1,7}\)")
_SPACE_RE = re.compile(r"\s+")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "pre", "blockquote")
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "footer",
              "header", "aside", "form", "button", "select", "head")


@dataclass
class Extraction:
    """The content blocks of a page and the blocks dropped as furniture."""

    blocks: list[Block]
    dropped: list[Dropped] = field(default_factory=list)
    title: str | None = None


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (reason, pattern) rules of ``data/furniture.tsv``, compiled once."""
    text = resources.files("pipeline.data").joinpath("furniture.tsv").read_text("utf-8")
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        reason, pattern = line.split("\t", 1)
        rules.append((reason, re.compile(pattern, re.I)))
    return tuple(rules)


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
    """Blocks of a plain-text page: one per non-empty line, with offsets into ``text``."""
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        start = offset + (len(body) - len(body.lstrip()))
        offset += len(line)
        if not stripped:
            continue
        reason = furniture_reason(stripped)
        if reason:
            dropped.append(Dropped(stripped, reason, start))
        else:
            blocks.append(Block(stripped, "p", start))
    return Extraction(blocks, dropped)


def extract_html(html: str) -> Extraction:
    """Blocks of an HTML page: block-level elements' text, furniture elements removed."""
    soup = BeautifulSoup(html, "lxml")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    blocks: list[Block] = []
    dropped: list[Dropped] = []
    body = soup.body or soup
    for element in body.find_all(_BLOCK_TAGS):
        if element.find_parent(_BLOCK_TAGS):
            continue
        _add_element(element, blocks, dropped)
    if not blocks:
        for line in body.get_text("\n").splitlines():
            _add_line(line, "p", blocks, dropped)
    return Extraction(blocks, dropped, title)


def _add_element(element, blocks: list[Block], dropped: list[Dropped]) -> None:
    if element.name == "table":
        rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
                for row in element.find_all("tr")]
        rows = [row for row in rows if any(row)]
        if rows:
            text = "\n".join(" ".join(cell for cell in row if cell) for row in rows)
            blocks.append(Block(text.replace("\n", " "), "table", None, rows))
        return
    kind = "h" if element.name.startswith("h") and element.name[1:].isdigit() else (
        "li" if element.name == "li" else "p")
    for br in element.find_all("br"):
        br.replace_with("\n")
    for line in element.get_text("").split("\n"):
        _add_line(line, kind, blocks, dropped)


def _add_line(line: str, kind: str, blocks: list[Block], dropped: list[Dropped]) -> None:
    stripped = _SPACE_RE.sub(" ", line).strip()
    if not stripped:
        return
    reason = furniture_reason(stripped)
    if reason:
        dropped.append(Dropped(stripped, reason))
    else:
        blocks.append(Block(stripped, kind))


def extract(text: str, fmt: str) -> Extraction:
    """Content blocks of a decoded page; ``fmt`` is ``html`` or ``text`` (see ``Source``)."""
    return extract_html(text) if fmt == "html" else extract_text(text)
