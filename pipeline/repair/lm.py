"""A character bigram language model over Simplified Chinese, plus the page's own text.

The compact model file ``data/lm.json.gz`` is built by ``pipeline.repair.build_model``
from jieba's dictionary and pypinyin's phrases. Candidates are Traditional (as on the
page): each character is looked up by its Simplified form. ``PageModel`` adds counts from
the page's clean text, so words used elsewhere on the page are preferred.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pipeline.repair.gbk import FOLDED

#: Start-of-block context symbol.
BOS = "^"
#: Probability given to a character the model has never seen.
FLOOR = 1e-9
#: Weight of the within-word bigram estimate against the unigram estimate.
BIGRAM_WEIGHT = 0.6
#: Pseudo-count that decides how fast page evidence outweighs the base model.
PAGE_PRIOR = 2.0
#: Weight of the page's own character frequencies (a cache model) in every estimate.
CACHE_WEIGHT = 0.3
#: Characters that are white space for the model.
SPACES = "\u3000 \u00a0"


@dataclass(eq=False)
class LanguageModel:
    """The base model: log10 counts of characters and within-word character pairs."""

    unigrams: dict[str, float]
    bigrams: dict[str, float]
    total: float
    indent: float
    rows: dict[int, str]
    t2s: dict[str, str]
    by_reading: dict[str, str]

    def key(self, char: str) -> str:
        """The model's spelling of ``char``: Simplified, full-width punctuation."""
        char = FOLDED.get(char, char)
        return self.t2s.get(char, char)

    def unigram(self, key: str) -> float:
        """P(key) from the base model."""
        value = self.unigrams.get(key)
        return FLOOR if value is None else 10 ** (value - self.total)

    def prob(self, prev: str, key: str) -> float:
        """P(key | prev) from the base model (both keys already normalised)."""
        if prev == BOS:
            return self.indent if key in SPACES else self.unigram(key)
        uni = self.unigram(key)
        pair = self.bigrams.get(prev + key)
        base = self.unigrams.get(prev)
        if pair is None or base is None:
            return (1 - BIGRAM_WEIGHT) * uni
        return BIGRAM_WEIGHT * min(1.0, 10 ** (pair - base)) + (1 - BIGRAM_WEIGHT) * uni

    def char(self, lead: int, trail: int) -> str | None:
        """The GBK character of ``lead trail``, or None."""
        row = self.rows.get(lead)
        if row is None or not 0x40 <= trail <= 0xFE:
            return None
        char = row[trail - 0x40]
        return None if char == "\0" else char


@lru_cache(maxsize=1)
def load() -> LanguageModel:
    """Load the model file once."""
    raw = resources.files("pipeline.data").joinpath("lm.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return LanguageModel(unigrams=data["unigrams"], bigrams=data["bigrams"],
                         total=data["total"], indent=data["indent"],
                         rows={int(k, 16): v for k, v in data["gbk"].items()},
                         t2s=data["t2s"], by_reading=data["readings"])


@dataclass
class PageModel:
    """The base model adapted to one page: counts from the page's clean text."""

    base: LanguageModel
    unigrams: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[str] = field(default_factory=Counter)
    chars: Counter[str] = field(default_factory=Counter)
    size: int = 0

    def learn(self, text: str, *, start: bool = True) -> None:
        """Count the characters of clean ``text`` (``start``: it begins a block)."""
        prev = BOS if start else None
        for char in text:
            key = self.base.key(char)
            self.chars[key] += 1
            self.size += 1
            if prev is not None:
                self.unigrams[prev] += 1
                self.bigrams[prev + key] += 1
            prev = key

    def logp(self, prev: str, char: str) -> float:
        """log10 P(char | prev); ``prev`` is a character or ``BOS``."""
        kp = prev if prev == BOS else self.base.key(prev)
        kc = self.base.key(char)
        p = self.base.prob(kp, kc)
        if self.size:
            p = (1 - CACHE_WEIGHT) * p + CACHE_WEIGHT * self.chars.get(kc, 0) / self.size
        seen = self.unigrams.get(kp, 0)
        if seen:
            weight = seen / (seen + PAGE_PRIOR)
            p = weight * (self.bigrams.get(kp + kc, 0) / seen) + (1 - weight) * p
        return math.log10(max(p, FLOOR))
