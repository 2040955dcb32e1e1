"""Furniture rules: which lines and which HTML elements are page furniture.

Line rules are regular expressions in ``data/furniture.tsv``, matched against a probe of
the line (pinyin annotations removed, converted to Simplified, whitespace folded). Element
rules are the tag, class/id and inline-style tables of ``data/boilerplate.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import opencc

from pipeline.data import boilerplate as rules

if TYPE_CHECKING:  # the HTML parser is loaded only for HTML pages
    from bs4 import Tag

#: Annotation-shaped brackets (lower-case pinyin letters after a Han character) removed
#: from the probe a furniture rule sees, so ``技術(shù)支持`` matches 技术支持. This is a
#: matching aid only, unvalidated; the text itself is repaired by the repair stage.
#: (The lookbehind follows the "(", so the engine scans for the "(" quickly.)
_ANNOTATION_RE = re.compile(r"\((?<=[\u3400-\u9fff]\()[a-z\u00e0-\u01dc]{1,7}\)")

_SPACE_RE = re.compile(r"\s+")


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


#: Furniture lines are short (the sample's longest is 30 characters); a line longer than
#: this holds the body of the document (a page that is one line, one ``<div>``), which a
#: line rule matching somewhere in it must never drop.
MAX_FURNITURE_LINE = 300


def furniture_reason(line: str) -> str | None:
    """The reason ``line`` is page furniture, or None when it is content.

    A line of more than ``MAX_FURNITURE_LINE`` characters is never furniture."""
    if len(line) > MAX_FURNITURE_LINE:
        return None
    probe = _SPACE_RE.sub(" ", _t2s().convert(_ANNOTATION_RE.sub("", line))).strip()
    for reason, pattern in furniture_rules():
        if pattern.search(probe):
            return reason
    return None


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
