"""How plausible a piece of text is as Chinese: a cost per character, lower is likelier.

Costs are negative natural-log frequencies from ``data/char_freq.tsv`` (generated from
jieba's character model by ``scripts/build_char_freq.py``) for CJK characters, and fixed
costs for the other classes of character. A repair candidate is accepted only when it is
plausible on its own and clearly cheaper than the text it replaces.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from importlib import resources

#: Cost of a CJK character that the frequency table does not know.
UNKNOWN_CJK = 18.0
#: Cost of ASCII: it passes through every family unchanged, so it weighs nothing.
ASCII = 0.0
#: Chinese and general punctuation (，。“”…、《》), full-width forms.
PUNCTUATION = 6.0
#: Letters outside ASCII (é, ü, ß): normal in Latin text, a warning sign in Chinese.
LATIN_LETTER = 10.0
#: Anything else: symbols, box drawing, bopomofo, kana, Greek, Cyrillic, controls.
SYMBOL = 16.0
#: Characters no repair may produce: controls, private use, unassigned, U+FFFD.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})

#: Mean cost per non-ASCII character above which a candidate is not plausible Chinese.
MAX_MEAN_COST = 11.5
#: A one-character candidate must be at least this common (cost at most this).
MAX_SINGLE_COST = 9.5
#: A candidate must be cheaper than the text it replaces by at least this much.
MARGIN = 4.0


@lru_cache(maxsize=1)
def char_freq() -> dict[str, int]:
    """Character -> frequency per billion characters, from ``data/char_freq.tsv``."""
    text = resources.files("pipeline.data").joinpath("char_freq.tsv").read_text("utf-8")
    table: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, count = line.split("\t")
            table[char] = int(count)
    return table


def is_cjk(char: str) -> bool:
    """True for CJK unified and compatibility ideographs (BMP and the supplementary planes)."""
    code = ord(char)
    return (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


@lru_cache(maxsize=65536)
def char_cost(char: str) -> float:
    """Cost of one character (see the module docstring); lower is more plausible."""
    if char < "\x80":
        return ASCII if char.isprintable() or char in "\t\n" else SYMBOL
    if is_cjk(char):
        count = char_freq().get(char, 0)
        return -math.log(count / 1e9) if count else UNKNOWN_CJK
    category = unicodedata.category(char)
    code = ord(char)
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or 0x2010 <= code <= 0x2027:
        return PUNCTUATION
    if category in ("Ll", "Lu") and code < 0x250:
        return LATIN_LETTER
    return SYMBOL


def text_cost(text: str) -> float:
    """Sum of the costs of the characters of ``text``."""
    return sum(char_cost(c) for c in text)


def has_forbidden(text: str) -> bool:
    """True if ``text`` has a control, private-use, unassigned or replacement character."""
    return any(
        (unicodedata.category(c) in FORBIDDEN_CATEGORIES and c not in "\t\n") or c == "\ufffd"
        for c in text)


def plausible_repair(observed: str, candidate: str) -> bool:
    """True when ``candidate`` is plausible text and clearly better than ``observed``.

    The candidate must have no forbidden character, a mean cost per non-ASCII character
    of at most ``MAX_MEAN_COST`` (at most ``MAX_SINGLE_COST`` when it is a single CJK
    character) and cost ``MARGIN`` less than the observed text.
    """
    if has_forbidden(candidate):
        return False
    wide = [c for c in candidate if c >= "\x80"]
    if not wide:
        return False
    cost = text_cost(candidate)
    limit = MAX_SINGLE_COST if len(wide) == 1 and is_cjk(wide[0]) else MAX_MEAN_COST
    if cost / len(wide) > limit:
        return False
    return cost + MARGIN <= text_cost(observed)
