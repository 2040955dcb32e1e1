"""HTML left in text: character references (``&rdquo;``, ``&#12290;``), their remnants
(``?rdquo;`` where a decoder swallowed the ``&``, ``&amp;nbsp;``), and stray tags
(``<br>``, ``</p>``, ``<span style="...">``).

Entity names come from ``html.entities.html5`` and tag names from ``lxml.html.defs``, so
nothing here is a hand-made table. Only names the HTML standard defines are touched:
``AT&T``, ``a<b``, ``x&y;`` stay as they are.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from html.entities import html5

from lxml.html import defs

from pipeline.repair.changes import Change

#: A no-break space from ``&nbsp;`` becomes a plain space in cleaned text.
SPACE_LIKE = {"\xa0": " "}

_NUMERIC = r"&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});?"
_NAMED = r"(?P<amps>&(?:amp;)*)(?P<name>[A-Za-z][A-Za-z0-9]{1,31})(?P<semi>;?)"
_REMNANT = r"(?P<marker>(?<=[?？\ufffd]))(?P<rname>[A-Za-z][A-Za-z0-9]{1,31});"
_BARE = r"(?<![A-Za-z0-9&?？\ufffd])(?P<bname>(?:[A-Za-z][A-Za-z0-9]{3,31};)+)"
ENTITY_RE = re.compile(
    rf"(?P<num>(?:&amp;)*{_NUMERIC})|{_NAMED}|(?P<rem>{_REMNANT})|(?P<bare>{_BARE})")

_ATTR = r"""(?:\s+[A-Za-z_:][-\w:.]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))*"""
TAG_RE = re.compile(
    rf"<!--.*?-->|<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9]*){_ATTR}\s*/?>"
    rf"|&lt;(?P<eclose>/?)(?P<etag>[A-Za-z][A-Za-z0-9]*){_ATTR}\s*/?&gt;", re.DOTALL)


@lru_cache(maxsize=1)
def tag_names() -> frozenset[str]:
    """Every HTML element name lxml knows (``lxml.html.defs.tags``), lower case."""
    return frozenset(name.lower() for name in defs.tags | defs.deprecated_tags)


def _clean(value: str) -> str:
    return "".join(SPACE_LIKE.get(c, c) for c in value)


def _named(name: str, semi: str, after: str) -> str | None:
    """The text of entity ``name`` (``semi`` is ``;`` or empty), or None if not one.

    Without a semicolon only the legacy names HTML allows bare are accepted, and only when
    no letter, digit or ``=`` follows (``&copy=2`` in a URL is not an entity).
    """
    if semi and f"{name};" in html5:
        return html5[f"{name};"]
    if not semi and name in html5 and not re.match(r"[A-Za-z0-9=]", after):
        return html5[name]
    if not semi and f"{name};" in html5 and not re.match(r"[\x00-\x7f]", after or "\x00"):
        return html5[f"{name};"]
    return None


def find_entities(text: str) -> list[Change]:
    """Changes decoding character references and their remnants in ``text``."""
    if "&" not in text and ";" not in text:
        return []  # every reference has its "&" or its ";"
    changes = []
    for m in ENTITY_RE.finditer(text):
        after = text[m.end():m.end() + 1]
        if m.group("num"):
            raw = m.group("num").replace("&amp;", "")
            value = html.unescape(raw)
            if value == raw:
                continue
            changes.append(Change(m.start(), m.end(), _clean(value), "entity", 1.0, [],
                                  f"character reference {m.group(0)}"))
        elif m.group("name"):
            value = _named(m.group("name"), m.group("semi"), after)
            if value is None:
                continue
            confidence = 1.0 if m.group("semi") else 0.9
            changes.append(Change(m.start(), m.end(), _clean(value), "entity", confidence, [],
                                  f"character reference {m.group(0)}"))
        elif m.group("rname"):
            name = m.group("rname")
            if f"{name};" not in html5:
                continue
            changes.append(Change(m.start(), m.end(), _clean(html5[f"{name};"]), "entity", 0.95,
                                  [], "entity remnant: its '&' was swallowed by the byte shown "
                                  f"as {text[m.start() - 1]!r}"))
        else:
            names = m.group("bname").split(";")[:-1]
            if not all(_punctuation_entity(n) for n in names):
                continue
            if not _chinese_context(text, m.start(), m.end()):
                continue
            value = "".join(html5[f"{n};"] for n in names)
            changes.append(Change(m.start(), m.end(), _clean(value), "entity", 0.85, [],
                                  "entity remnant: its '&' is gone"))
    return changes


def _punctuation_entity(name: str) -> bool:
    """True if ``name;`` is an HTML entity for a space or punctuation mark (``nbsp``,
    ``rdquo``, ``hellip``): the only remnants recognised without their ``&``, since a
    bare ``image;`` or ``part;`` is more likely a word."""
    value = html5.get(f"{name};", "")
    return len(value) == 1 and unicodedata.category(value)[0] in "PZ"


def _chinese_context(text: str, start: int, end: int) -> bool:
    """True when a non-ASCII character touches ``text[start:end]`` on either side."""
    before = text[start - 1:start]
    after = text[end:end + 1]
    return (before >= "\x80") or (after >= "\x80") or (not before and not after)


def find_tags(text: str) -> list[Change]:
    """Changes removing HTML tags and comments (raw or escaped) left in ``text``.

    A tag between two Latin letters or digits becomes a space, so words stay apart.
    """
    if "<" not in text and "&lt;" not in text:
        return []
    changes = []
    for m in TAG_RE.finditer(text):
        name = (m.group("tag") or m.group("etag") or "").lower()
        if name and name not in tag_names():
            continue
        before = text[m.start() - 1:m.start()]
        after = text[m.end():m.end() + 1]
        joins_words = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
        changes.append(Change(m.start(), m.end(), " " if joins_words else "", "tag", 1.0, [],
                              f"HTML {'comment' if not name else 'tag <' + name + '>'}"))
    return changes
