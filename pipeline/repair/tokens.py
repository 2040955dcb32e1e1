"""Tokens of a block for the GBK solver: characters, annotations, and the remnants a
lone byte leaves behind (``?pīn)`` readings whose ``(`` was eaten, ``?rdquo;`` entities).
"""

from __future__ import annotations

import html.entities
import re
from typing import NamedTuple

from pipeline.repair.annotations import PINYIN_LETTERS, normalise_reading

#: A reading whose ``(`` was swallowed by a lone byte: ``qū)``.
TAIL_RE = re.compile(rf"[{PINYIN_LETTERS}]{{1,7}}\)")
#: A reading in parentheses after a character that is not Han: ``o(hù)``.
PAREN_RE = re.compile(rf"\(([{PINYIN_LETTERS}]{{1,7}})\)")
#: An entity whose ``&`` was swallowed by a lone byte: ``rdquo;``.
ENTITY_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9]{1,9};")


class Token(NamedTuple):
    """``text`` at ``[start, end)`` of the block.

    ``kind``: ``char`` (one character), ``ann`` (a validated annotation of the character
    before it), ``tail`` (``pīn)`` after ``?``), ``paren`` (``(pīn)`` not validated),
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
    """Split ``text`` into tokens; ``annotations`` are validated annotation spans."""
    ann_at = dict(annotations)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        if i in ann_at:
            end = ann_at[i]
            tokens.append(Token(i, end, text[i:end], "ann"))
            i = end
            continue
        if tokens and tokens[-1].text == "?":
            match = TAIL_RE.match(text, i)
            if match:
                tokens.append(Token(i, match.end(), match.group(0), "tail",
                                    normalise_reading(match.group(0)[:-1])))
                i = match.end()
                continue
            match = ENTITY_RE.match(text, i)
            if match and entity_char("&" + match.group(0)) is None:
                match = None
            if match:
                tokens.append(Token(i, match.end(), match.group(0), "entity",
                                    entity_char("&" + match.group(0)) or ""))
                i = match.end()
                continue
        if text[i] == "(" and tokens and tokens[-1].kind == "char" and tokens[-1].text.isascii():
            match = PAREN_RE.match(text, i)
            if match:
                tokens.append(Token(i, match.end(), match.group(0), "paren",
                                    normalise_reading(match.group(1))))
                i = match.end()
                continue
        tokens.append(Token(i, i + 1, text[i], "char"))
        i += 1
    return tokens
