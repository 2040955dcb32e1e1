"""Tokens of a block for the GBK solver: characters, annotations, and the remnants a
lone byte leaves behind (``?pīn)`` readings whose ``(`` was eaten, ``?rdquo;`` entities).
"""

from __future__ import annotations

import html.entities
import re
from typing import NamedTuple

from pipeline.repair.annotations import PINYIN_LETTERS, normalise_reading
from pipeline.repair.gbk import EURO

#: A reading whose ``(`` was swallowed by a lone byte: ``qū)``.
TAIL_RE = re.compile(rf"[{PINYIN_LETTERS}]{{1,7}}\)")
#: A reading in parentheses after a character that is not Han: ``o(hù)``.
PAREN_RE = re.compile(rf"\(([{PINYIN_LETTERS}]{{1,7}})\)")
#: An entity whose ``&`` was swallowed by a lone byte: ``rdquo;``.
ENTITY_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9]{1,9};")


class Token(NamedTuple):
    """``text`` at ``[start, end)`` of the block.

    ``kind``: ``char`` (one character), ``ann`` (a validated annotation of the character
    before it), ``tail`` (``pīn)`` after ``?``), ``paren`` (``(pīn)`` not validated, after
    ASCII or ``€``: a trail byte shown alone, whose character it may annotate),
    ``entity`` (``rdquo;`` after ``?``). ``value`` is the reading or the entity's character.
    """

    start: int
    end: int
    text: str
    kind: str
    value: str = ""


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (basic block or extension A)."""
    return "\u3400" <= char <= "\u9fff"


def entity_char(name: str) -> str | None:
    """The character an HTML entity name (with ``;``) stands for, or None."""
    value = html.entities.html5.get(name.lstrip("&"))
    return value if value and len(value) == 1 else None


def tokenize(text: str, annotations: list[tuple[int, int]]) -> list[Token]:
    """Split ``text`` into tokens; ``annotations`` are validated annotation spans.

    Only annotation starts, the places right after a ``?`` and each ``(`` can begin a
    token longer than one character; the text between them is cut into characters at once.
    """
    ann_at = dict(annotations)
    stops = set(ann_at)
    stops.update(m.end() for m in re.finditer(r"\?", text))
    stops.update(m.start() for m in re.finditer(r"\(", text))
    tokens: list[Token] = []
    i = 0
    for stop in [*sorted(stops), len(text)]:
        if stop < i:
            continue
        tokens.extend(Token(k, k + 1, text[k], "char") for k in range(i, stop))
        i = stop
        token = _special(text, i, tokens, ann_at)
        if token is not None:
            tokens.append(token)
            i = token.end
    return tokens


def _special(text: str, i: int, tokens: list[Token], ann_at: dict[int, int]) -> Token | None:
    """The token longer than one character that starts at ``i``, if any."""
    if i >= len(text):
        return None
    if i in ann_at:
        return Token(i, ann_at[i], text[i:ann_at[i]], "ann")
    if tokens and tokens[-1].text == "?":
        match = TAIL_RE.match(text, i)
        if match:
            return Token(i, match.end(), match.group(0), "tail",
                         normalise_reading(match.group(0)[:-1]))
        match = ENTITY_RE.match(text, i)
        if match and (char := entity_char("&" + match.group(0))) is not None:
            return Token(i, match.end(), match.group(0), "entity", char)
    if text[i] == "(" and tokens and tokens[-1].kind == "char" and (
            tokens[-1].text.isascii() or tokens[-1].text == EURO):
        match = PAREN_RE.match(text, i)
        if match:
            return Token(i, match.end(), match.group(0), "paren",
                         normalise_reading(match.group(1)))
    return None
