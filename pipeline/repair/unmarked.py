"""Where a run may start with no ``?``: a lead byte that vanished without a mark.

A lead byte can vanish silently (a pair of GBK's unassigned or user-defined rows ate it,
or the page lost it): the decoder is out of step from there, and every character until
it is back in step is ``[trail of char i][lead of char i+1]``, as after a ``?``, with
nothing to say where it began. Such text is a stretch of characters running text almost
never has, one after another (``源鐣U喜块T``, ``こ探ǖ贸伞``). This module finds those
stretches cheaply: rare characters by the base model's unigram first, then the page model
in context over a short window. The solver decides whether a decoding from there beats
the text as it stands; this only says where to try.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.repair.annotations import PINYIN_LETTERS
from pipeline.repair.lm import LanguageModel, PageModel
from pipeline.repair.tokens import Token

#: A character rarer than this (unigram probability) may be out-of-step text.
RARE = 10 ** -4.5
#: A block is looked at only when it has a character rarer than this (pinyin letters aside):
#: out-of-step text
#: of a few characters nearly always shows one (鐣, こ, 徫), clean text hardly ever.
VERY_RARE = 10 ** -5.7
#: Characters read in context from a suspected start.
WINDOW = 3
#: Their log10 probability in context, summed, must be below this.
WINDOW_LOGP = -14.5
#: Of the characters from a suspected start (``WINDOW`` + 1), at least this many are rare.
MIN_RARE = 2
#: A trail byte 0x40-0x7E shown as ASCII after a non-ASCII character (or an annotation
#: of one, ``習(xí)a(bǔ)``, or folded punctuation), then a reading in parentheses: the
#: annotation of a character whose lead byte went out of step before it (``據h(xiàn)`` is
#: 據縣, BF 68 with BF vanished; ``首钨J(dài)`` is 首次貸).
ANNOTATED_TRAIL_RE = re.compile(
    rf"(?:[^\x00-\x7f]|[),:;!])[\x40-\x7e]\([{PINYIN_LETTERS}]{{1,7}}\)")
#: Folded punctuation before such a trail leaves the decoder in step, as an annotation
#: does (``居住,t(yī)`` is 居住，醫).
IN_STEP_BEFORE = frozenset(",:;!")
#: How many garbled characters before such a trail a run may start at.
TRAIL_REACH = 3


class RareChars:
    """Which characters are rarer than ``RARE`` and ``VERY_RARE`` (each distinct character
    looked up once per process)."""

    def __init__(self, model: LanguageModel) -> None:
        self.model = model
        self.known: dict[str, bool] = {}
        self.very: dict[str, bool] = {}
        self.plain: set[str] = set()  # characters found not very rare

    def _unigram(self, char: str) -> float:
        if char.isascii() or char.isspace():
            return 1.0
        return self.model.unigram(self.model.key(char))

    def is_rare(self, char: str) -> bool:
        found = self.known.get(char)
        if found is None:
            found = self.known[char] = self._unigram(char) < RARE
        return found

    def is_very_rare(self, char: str) -> bool:
        """Rarer than ``VERY_RARE``, and neither a letter of a pinyin annotation (``ǎ``)
        nor punctuation or a sign clean text uses (``〈〉``, ``―``, ``＋``)."""
        found = self.very.get(char)
        if found is None:
            found = self.very[char] = (_shown_by_garble(char)
                                       and self._unigram(char) < VERY_RARE)
            if not found:
                self.plain.add(char)
        return found

    def suspicious(self, text: str) -> bool:
        """True when ``text`` has a character rarer than ``VERY_RARE``: a block without
        one has no run to look for (characters known not to be are skipped in one set
        difference)."""
        return any(map(self.is_very_rare, set(text) - self.plain))


def _shown_by_garble(char: str) -> bool:
    """A character that tells of out-of-step text when rare: not a pinyin letter of an
    annotation, not punctuation nor a mathematical or currency sign (box drawing, ``⒐``
    and kana do tell)."""
    category = unicodedata.category(char)
    return char not in PINYIN_LETTERS and (category[0] not in "PS" or category == "So")


@lru_cache(maxsize=2)
def rare_chars(model: LanguageModel) -> RareChars:
    """The rare-character test of ``model``."""
    return RareChars(model)


def _stray_trail(tokens: list[Token], chars: list[int], n: int) -> bool:
    """The ``n``-th character token is a lone ASCII letter or sign between non-ASCII
    characters: a trail byte 0x40-0x7E shown as itself (``鐣U喜``), not a Latin word."""
    text = tokens[chars[n]].text
    if not (text.isascii() and 0x40 <= ord(text) <= 0x7E):
        return False
    around = [tokens[chars[m]].text for m in (n - 1, n + 1) if 0 <= m < len(chars)]
    return len(around) == 2 and not any(c.isascii() for c in around)


def _garbled_char(token: Token) -> bool:
    """A token a GBK pair out of step can show: one non-ASCII character, no space."""
    return token.kind == "char" and not token.text.isascii() and not token.text.isspace()


def suspect_starts(tokens: list[Token], page: PageModel) -> list[int]:
    """Token indexes where a run with a vanished lead byte may start: a rare character
    opening a window of characters the page model finds very unlikely in context, and
    the character before it (the run's first garbled character need not be rare).
    In text order, each once."""
    test = rare_chars(page.base)
    known = test.known
    chars = [k for k, t in enumerate(tokens) if t.kind == "char"]
    rare = set()
    for n, k in enumerate(chars):
        text = tokens[k].text
        found = known.get(text)
        if found is None:
            found = test.is_rare(text)
        if found or (text.isascii() and _stray_trail(tokens, chars, n)):
            rare.add(k)
    if len(rare) < MIN_RARE:
        return []
    order = {k: n for n, k in enumerate(chars)}
    starts: list[int] = []
    for k in sorted(rare):  # a run's first garbled character is no ASCII
        n = order[k]
        window = chars[n:n + WINDOW + 1]
        if k not in rare or not _garbled_char(tokens[k]) or sum(
                w in rare for w in window) < MIN_RARE:
            continue
        prev2 = tokens[chars[n - 2]].text if n >= 2 else ""
        prev = tokens[chars[n - 1]].text if n >= 1 else "^"
        total = 0.0
        for w in window[:WINDOW]:
            text = tokens[w].text
            total += page.logp(prev2, prev, text)
            prev2, prev = prev, text
        if total >= WINDOW_LOGP:
            continue
        before = chars[n - 1] if n >= 1 else -1
        for start in (before, k):
            if start >= 0 and _garbled_char(tokens[start]) and tokens[start].text != "?" and (
                    not starts or start > starts[-1]):
                starts.append(start)
    return starts


def annotated_trails(tokens: list[Token], model: LanguageModel) -> dict[int, tuple[int, ...]]:
    """Where runs may start that end at an annotated trail byte (``ANNOTATED_TRAIL_RE``,
    the reading one some character has): the trail itself (its lead byte vanished right
    before it) and, unless an annotated character or folded punctuation stands right
    before it, each of up to ``TRAIL_REACH`` non-ASCII characters before it (the decoder
    went out of step earlier), nearest first. Keyed by the earliest start; the solver
    weighs them all."""
    found: dict[int, tuple[int, ...]] = {}
    for k in range(2, len(tokens)):
        paren, trail = tokens[k], tokens[k - 1]
        if (paren.kind != "paren" or paren.value not in model.by_reading
                or trail.kind != "char" or not 0x40 <= ord(trail.text) <= 0x7E):
            continue
        if tokens[k - 2].kind == "ann" or tokens[k - 2].text in IN_STEP_BEFORE:
            found[k - 1] = (k - 1,)  # an annotated character or a mark is in step
            continue
        starts = [k - 1]
        for j in range(k - 2, max(-1, k - 2 - TRAIL_REACH), -1):
            if not _garbled_char(tokens[j]) or tokens[j].text == "?":
                break
            starts.append(j)
        if len(starts) > 1:  # a trail after ASCII, a ? or a block start is no garble
            found[starts[-1]] = tuple(starts)
    return found
