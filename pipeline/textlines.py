"""Text lines: what a line of page text is and how it is normalised, shared by the plain
text and the HTML paths of extraction (no HTML parser needed, so a text page never loads
one)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Whitespace as HTML collapses it (ASCII only: NBSP and U+0085 are text, and in a
#: Latin-1-garbled page they are bytes the repair needs).
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
#: Characters stripped from both ends of a line (indentation by NBSP or ideographic
#: space); NBSP is kept at the ends of a line that looks Latin-1-garbled.
_STRIP = " \t\n\r\f\u3000\xa0"
_STRIP_GARBLED = " \t\n\r\f\u3000"
#: Wide characters: CJK punctuation, ideographs, full-width forms.
_WIDE = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
#: A line break between two wide characters joins them (CSS segment-break rule for CJK).
_CJK_BREAK_RE = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_WIDE}])")
#: Latin-1 letters and C1 controls: a line holding them may be Latin-1-garbled.
_LATIN1_RE = re.compile(r"[\x80-\x9f\xa1-\xff]")
#: Sentence punctuation of Chinese prose (ASCII commas too: scraped pages fold them).
_SENTENCE_PUNCT_RE = re.compile(r"[，。；！？、]|(?<=[\u3400-\u9fff])[,;]")
#: Parts of an HTML page that are never text, removed before parsing (each match ends at
#: its closing tag or, unterminated, at the end of the page: linear time).
_INERT_RE = re.compile(
    r"<script\b[^>]*>.*?(?:</script\s*>|\Z)|<style\b[^>]*>.*?(?:</style\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)|(?<==)([\"']?)data:[^\"'\s>]{256,}\1",
    re.I | re.S)


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


def normalise_line(text: str) -> str:
    """Collapse HTML whitespace in one line of page text and strip its indentation.

    Line breaks between wide characters vanish (as browsers render CJK); ASCII whitespace
    runs become one space; NBSP inside the line becomes a space unless the line looks
    Latin-1-garbled (then NBSP is evidence and stays).
    """
    text = _HTML_SPACE_RE.sub(" ", _CJK_BREAK_RE.sub("", text))
    strip = strip_chars(text)
    text = text.strip(strip)
    return text if strip == _STRIP_GARBLED else re.sub("\xa0+", " ", text)


def strip_chars(line: str) -> str:
    """What to strip from the ends of ``line``: not NBSP when the line looks Latin-1-garbled."""
    return _STRIP_GARBLED if _LATIN1_RE.search(line.strip(_STRIP)) else _STRIP


def prose(text: str) -> int:
    """How much Chinese prose ``text`` holds: its sentence punctuation count."""
    return len(_SENTENCE_PUNCT_RE.findall(text))


def strip_inert(html: str) -> str:
    """``html`` without scripts, styles, comments and long ``data:`` URIs."""
    return _INERT_RE.sub(lambda m: '""' if m.group(0).startswith(("'", '"', "d")) else " ", html)
