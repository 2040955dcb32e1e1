"""A character bigram language model over Simplified Chinese, plus the page's own text.

The compact model file ``data/lm.json.gz`` is built by ``pipeline.repair.build_model``
from jieba's dictionary, pypinyin's phrases and running text (see there). Candidates
are Traditional (as on the page): each character is looked up by its Simplified form.
``PageModel`` adds counts from the page's clean text, so words used elsewhere on the page
are preferred.
"""

from __future__ import annotations

import array
import base64
import gzip
import itertools
import json
import math
import operator
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import NamedTuple

from pipeline.repair.gbk import FOLDED

#: Version of the model file's layout this module reads (``build_model`` writes it).
#: N-gram log10 counts are stored as bytes of round(log10 * SCALE) (the builder writes
#: them with ``packed``).
SCALE = 20
FORMAT = 2
#: The file of n-gram blocks beside ``lm.json.gz`` (``build_model.packed``).
NGRAMS = "lm.ngrams.bin"
#: Start-of-block context symbol.
BOS = "^"
#: Probability given to a character the model has never seen.
FLOOR = 1e-9
#: Probability of a printable ASCII character (Latin words, numbers) in Chinese text, at
#: least, for a digit and for one the dictionary lacks: it counts a few digits (4S店) far
#: below what running text shows. The capitals it counts (A股, B超) keep their counts: a
#: lone capital between Han characters is far likelier a trail byte shown as itself.
ASCII = 1e-4
#: Probability that an ASCII character follows one (a number, a word, a citation's
#: ``[3]`` go on in ASCII; the first one costs ``ASCII``).
ASCII_RUN = 0.1
#: Weight of the within-word bigram estimate against the unigram estimate.
BIGRAM_WEIGHT = 0.6
#: Weight of the trigram estimate after a pair of keys the model knows.
TRIGRAM_WEIGHT = 0.5
#: Pseudo-count that decides how fast page evidence outweighs the base model.
PAGE_PRIOR = 5.0
#: The page's bigrams never weigh more than this against the base model.
PAGE_WEIGHT = 0.5
#: Weight of the page's own character frequencies (a cache model) in every estimate.
CACHE_WEIGHT = 0.3
#: Page size (characters) at which the cache model gets half its weight.
CACHE_PRIOR = 500
#: A Traditional variant, or on a Traditional page a Simplified-only character, is this
#: much less likely.
SCRIPT_PENALTY = 0.01
TRADITIONAL_SHARE = 0.9
#: Punctuation, whose probability depends on the previous character ending a word.
PUNCTUATION = frozenset("，。、：；？！")
#: A typical share of a character's occurrences that end a word.
FINAL_TYPICAL = 0.4
#: The same share for punctuation and white space, and at a block's start: a mark right
#: after a mark, a space or nothing (``，。``, ``: 。``) is rare.
FINAL_AFTER_MARK = 0.02
#: Pseudo-count and prior share for the end-of-block estimate.
END_PRIOR = 2.0
END_SHARE = 0.01
#: Characters that are white space for the model.
SPACES = "\u3000 \u00a0"


@dataclass(eq=False)
class LanguageModel:
    """The base model: log10 counts of characters and within-word character pairs."""

    unigrams: dict[str, float]
    bigrams: PackedTable
    trigrams: PackedTable
    scale: int
    total: float
    indent: float
    rows: dict[int, str]
    t2s: dict[str, str]
    by_reading: dict[str, str]
    simplified_only: frozenset[str]
    variants: frozenset[str]
    final: dict[str, float]

    @cached_property
    def _key_map(self) -> dict[str, str]:
        return {**self.t2s, **FOLDED}

    @cached_property
    def _key_table(self) -> dict[int, str]:
        return {ord(c): k for c, k in self._key_map.items()}

    def key(self, char: str) -> str:
        """The model's spelling of ``char``: Simplified, full-width punctuation."""
        return self._key_map.get(char, char)

    def keys(self, text: str) -> str:
        """``key`` of every character of ``text`` (same length)."""
        return text.translate(self._key_table)

    @cached_property
    def unigram_memo(self) -> dict[str, float]:
        """``unigram`` of every key asked for so far."""
        return {}

    def unigram(self, key: str) -> float:
        """P(key) from the base model (memoised: a key's value never changes)."""
        found = self.unigram_memo.get(key)
        if found is None:
            value = self.unigrams.get(key)
            found = FLOOR if value is None else 10 ** (value - self.total)
            if (value is None and key.isascii() and key.isprintable()) or (
                    key.isdigit() and key.isascii()) or "\uff01" <= key <= "\uff5e":
                found = max(found, ASCII)  # full-width forms: ASCII as CJK text writes it
            self.unigram_memo[key] = found
        return found

    def prob3(self, prev2: str, prev: str, key: str) -> float:
        """P(key | prev2 prev): the within-word trigram estimate mixed with ``prob``."""
        return scorer(self, prev2 + prev)(key)

    def prob(self, prev: str, key: str) -> float:
        """P(key | prev) from the base model (both keys already normalised)."""
        return scorer(self, prev)(key)

    def probs(self, context: str, keys: list[str]) -> list[float]:
        """``prob3(context[0], context[1], key)`` (two keys of context) or
        ``prob(context, key)`` for every key (one ``scorer``)."""
        score = scorer(self, context)
        return [score(key) for key in keys]

    def char(self, lead: int, trail: int) -> str | None:
        """The GBK character of ``lead trail``, or None."""
        row = self.rows.get(lead)
        if row is None or not 0x40 <= trail <= 0xFE:
            return None
        char = row[trail - 0x40]
        return None if char == "\0" else char


@lru_cache(maxsize=4096)
def scorer(model: LanguageModel, context: str) -> Callable[[str], float]:
    """P(key | context) as a function of ``key`` (``Scorer.prob``), for ``context`` one
    key (or ``BOS``) or two; the same scorer for a context while it is among the last
    4,096 asked for (contexts recur across a page and across pages)."""
    return Scorer(model, context).prob


class Scorer:
    """P(key | context) for one context: one key (or ``BOS``) for the bigram estimate,
    two keys for the within-word trigram estimate mixed with it.

    What depends on the context alone (its n-gram rows, counts and word-final share) is
    looked up once, not once per candidate: the solver scores many candidates in each
    context. One object with slots, not closures: kept across pages, thousands of
    scorers would otherwise be tens of thousands of objects for the garbage collector.
    """

    __slots__ = ("_ascii", "_base", "_bos", "_context", "_indent", "_pair", "_pairs",
                 "_prev", "_scale", "_share", "_triples", "_unigram", "_unigrams")

    def __init__(self, model: LanguageModel, context: str) -> None:
        self._context = context
        self._prev = prev = context[-1] if len(context) == 2 else context
        self._bos = prev == BOS
        self._ascii = not self._bos and prev.isascii() and prev.isprintable() and prev != " "
        self._unigram, self._unigrams = model.unigram, model.unigram_memo
        self._scale, self._indent = model.scale, model.indent
        self._pairs = model.bigrams.bucket(prev)
        self._base = model.unigrams.get(prev)
        self._share = (FINAL_AFTER_MARK / FINAL_TYPICAL
                       if self._bos or prev in PUNCTUATION or prev in SPACES
                       else min(1.0, model.final.get(prev, FINAL_TYPICAL) / FINAL_TYPICAL))
        self._pair = model.bigrams.get(context) if len(context) == 2 else None
        self._triples = model.trigrams.bucket(context[0]) if self._pair is not None else {}

    def prob(self, key: str) -> float:
        """P(key | the context): the bigram estimate after the context's last key, mixed
        with the trigram estimate where the context is two keys the model has a pair of.
        The mixture is normalised: a continuation the trigram table lacks after a known
        pair keeps only the bigram estimate's share (``1 - TRIGRAM_WEIGHT``): a reading
        that leaves out a character (``，比增长`` for ``，同比增长``) pays for the
        triples the model has never seen."""
        uni = self._unigrams.get(key)
        if uni is None:
            uni = self._unigram(key)
        if key in PUNCTUATION:  # punctuation follows the end of a word
            p = uni * self._share
        elif self._bos:
            p = self._indent if key in SPACES else uni
        else:
            pair = self._pairs.get(self._prev + key)
            if pair is None or self._base is None:
                p = (1 - BIGRAM_WEIGHT) * uni
            else:
                p = BIGRAM_WEIGHT * min(1.0, 10 ** (pair / self._scale - self._base)) + (
                    1 - BIGRAM_WEIGHT) * uni
        if self._ascii and key.isascii() and key.isprintable():
            p = max(p, ASCII_RUN)
        if self._pair is None:
            return p
        tri = self._triples.get(self._context + key)
        if tri is None:  # the pair is known, this continuation of it is not
            return (1 - TRIGRAM_WEIGHT) * p
        return TRIGRAM_WEIGHT * min(1.0, 10 ** ((tri - self._pair) / self._scale)) + (
            1 - TRIGRAM_WEIGHT) * p


class PackedTable:
    """N-gram log10 counts in their packed form (see ``build_model.packed``): the keys
    grouped by first character, each group one compressed block of the keys' remaining
    characters and one byte of value each. ``get`` looks a key up in a dict of the keys
    sharing its first character, built (its block inflated) the first time that
    character is asked about: loading the model inflates and builds nothing of the
    hundreds of thousands of entries (most of a cold start), and a page asks about few
    first characters."""

    __slots__ = ("_blocks", "_buckets", "_counts", "_firsts", "_offsets", "_width")

    def __init__(self, section: dict, blocks: bytes) -> None:
        self._width: int = section["width"]
        self._firsts: str = section["firsts"]
        self._counts = _uint32s(section["counts"])
        self._offsets = [*itertools.accumulate(_uint32s(section["sizes"]),
                                               initial=section["offset"])]
        self._blocks = blocks
        self._buckets: dict[str, dict[str, int]] = {}

    def get(self, key: str, default: int | None = None) -> int | None:
        """The value of ``key``, or ``default`` (as ``dict.get``)."""
        if len(key) != self._width:
            return default
        bucket = self._buckets.get(key[0])
        if bucket is None:
            bucket = self._bucket(key[0])
        return bucket.get(key, default)

    def bucket(self, first: str) -> dict[str, int]:
        """Every key that starts with ``first`` and its value (empty unless ``first`` is one
        character)."""
        if len(first) != 1:
            return {}
        bucket = self._buckets.get(first)
        return self._bucket(first) if bucket is None else bucket

    def _bucket(self, first: str) -> dict[str, int]:
        index = self._firsts.find(first) if len(first) == 1 else -1
        if index < 0:
            bucket = self._buckets[first] = {}
            return bucket
        data = zlib.decompress(
            self._blocks[self._offsets[index]:self._offsets[index + 1]], -15)
        count, rest = self._counts[index], self._width - 1
        chars = data[:2 * rest * count].decode("utf-16-le")
        keys = [first + chars[i:i + rest] for i in range(0, len(chars), rest)]
        bucket = self._buckets[first] = dict(zip(keys, data[2 * rest * count:], strict=True))
        return bucket

    def __len__(self) -> int:
        return sum(self._counts)


def _uint32s(text: str) -> array.array:
    """A base64 little-endian uint32 array (``build_model.packed``)."""
    values = array.array("I", base64.b64decode(text))
    if sys.byteorder != "little":
        values.byteswap()
    return values


@lru_cache(maxsize=1)
def load() -> LanguageModel:
    """Load the model files once (``lm.json.gz`` and ``NGRAMS``, which must match)."""
    folder = resources.files("pipeline.data")
    data = json.loads(gzip.decompress(folder.joinpath("lm.json.gz").read_bytes()))
    blocks = folder.joinpath(NGRAMS).read_bytes()
    if data.get("format") != FORMAT or data.get("ngrams_size") != len(blocks):
        raise ValueError(f"lm.json.gz has format {data.get('format')} and {NGRAMS} "
                         f"{len(blocks)} bytes, this code reads format {FORMAT} and the "
                         f"{data.get('ngrams_size')} bytes it names: rebuild them "
                         "(python -m pipeline.repair.build_model)")
    return LanguageModel(unigrams=data["unigrams"],
                         bigrams=PackedTable(data["bigrams"], blocks),
                         trigrams=PackedTable(data["trigrams"], blocks), scale=data["scale"],
                         total=data["total"], indent=data["indent"],
                         rows={int(k, 16): v for k, v in data["gbk"].items()},
                         t2s=data["t2s"], by_reading=data["readings"],
                         simplified_only=frozenset(data["simplified_only"]),
                         variants=frozenset(data["variants"]), final=data["final"])


class _Context(NamedTuple):
    """A context of ``PageModel.logp`` (the two characters before), with what the estimate
    of every character after it shares: the base model's scorer for the context, the
    weight kept by the base estimate, the weights of the page's count of a key and of its
    count of pairs from the last key (``kp``), whether the page is Traditional, and the
    values found so far."""

    kp: str
    score: Callable[[str], float]
    keep: float
    per_count: float
    per_pair: float
    traditional: bool
    values: dict[str, float]


@dataclass
class PageModel:
    """The base model adapted to one page: counts from the page's clean text.

    Characters are counted (``raw``: the page's own spellings, for choosing among
    candidates and telling its script), and so are their keys (``keys``, pairs of keys in
    ``pairs``, a block's first key in ``firsts``): the estimates read keys.
    """

    base: LanguageModel
    raw: Counter[str] = field(default_factory=Counter)
    keys: Counter[str] = field(default_factory=Counter)
    pairs: Counter[str] = field(default_factory=Counter)
    firsts: Counter[str] = field(default_factory=Counter)
    ends: Counter[str] = field(default_factory=Counter)
    lasts: Counter[str] = field(default_factory=Counter)  # the key each text ends with
    starts: int = 0  # texts learnt as a block start
    blocks: int = 0
    size: int = 0
    memo: dict[tuple[str, str], _Context] = field(default_factory=dict)  # ``logp``'s
    _traditional: bool | None = field(default=None, init=False, repr=False)

    def learn(self, text: str, *, start: bool = True, end: bool = True) -> None:
        """Count the characters of clean ``text`` (``start``/``end``: it begins/ends a
        block)."""
        self.memo.clear()
        self._traditional = None
        if not text:
            return
        keys = self.base.keys(text)
        if end:
            self.ends[keys[-1]] += 1
            self.blocks += 1
        self.raw.update(text)
        self.keys.update(keys)
        self.pairs.update(map(operator.add, keys, keys[1:]))
        self.size += len(text)
        self.lasts[keys[-1]] += 1
        if start:
            self.starts += 1
            self.firsts[keys[0]] += 1

    def count(self, key: str) -> int:
        """How many characters of the learnt text have ``key``."""
        return self.keys.get(key, 0)

    def pairs_from(self, key: str) -> int:
        """How many pairs of keys start with ``key`` (``BOS`` at a block start)."""
        return self.count(key) - self.lasts.get(key, 0) + (self.starts if key == BOS else 0)

    def pair_count(self, key: str, next_key: str) -> int:
        """How many pairs of keys ``key next_key`` the learnt text has (``key`` may be
        ``BOS``: ``next_key`` starts a block)."""
        count = self.pairs.get(key + next_key, 0)
        return count + self.firsts.get(next_key, 0) if key == BOS else count

    def logp(self, prev2: str, prev: str, char: str) -> float:
        """log10 P(char | prev2 prev); context characters may be ``BOS`` or empty."""
        context = self.memo.get((prev2, prev))
        if context is None:
            context = self.memo[prev2, prev] = self._context(prev2, prev)
        value = context.values.get(char)
        if value is None:
            value = context.values[char] = self._logp(context, char)
        return value

    def _context(self, prev2: str, prev: str) -> _Context:
        """What ``logp`` needs of the context ``prev2 prev`` for every character after it:
        p -> keep * p + per_count * count(key) + per_pair * pair_count(kp, key) (the cache
        model's share, then the page's pairs' share, each taken from what remains)."""
        key = self.base.key
        kp = prev if prev == BOS else key(prev)
        # ``prob3`` after two characters, ``prob`` after one or at a block start
        context = key(prev2) + kp if prev2 and prev2 != BOS and kp != BOS else kp
        keep, per_count, per_pair = 1.0, 0.0, 0.0
        if self.size:
            cache = CACHE_WEIGHT * self.size / (self.size + CACHE_PRIOR)
            keep, per_count = 1 - cache, cache / self.size
        seen = self.pairs_from(kp)
        if seen:
            weight = PAGE_WEIGHT * seen / (seen + PAGE_PRIOR)
            keep, per_count, per_pair = (1 - weight) * keep, (1 - weight) * per_count, (
                weight / seen)
        return _Context(kp, scorer(self.base, context), keep, per_count, per_pair,
                        self.is_traditional(), {})

    def _logp(self, context: _Context, char: str) -> float:
        kc = self.base.key(char)
        p = context.keep * context.score(kc)
        if context.per_count:
            p += context.per_count * self.keys.get(kc, 0)
        if context.per_pair:
            p += context.per_pair * self.pair_count(context.kp, kc)
        if char in self.base.variants or (context.traditional
                                          and char in self.base.simplified_only):
            p *= SCRIPT_PENALTY
        return math.log10(max(p, FLOOR))

    def logp_end(self, char: str) -> float:
        """log10 P(the block ends | char): how often the page's blocks end with it."""
        key = self.base.key(char)
        typical = (self.blocks + END_PRIOR) / (self.size + END_PRIOR / END_SHARE)
        seen = self.count(key)
        return math.log10((self.ends.get(key, 0) + END_PRIOR * typical) / (seen + END_PRIOR))

    def is_traditional(self) -> bool:
        """True when the page's clean text is written in Traditional characters: more
        than ``TRADITIONAL_SHARE`` of its characters that show a script are Traditional
        (differ from their key) rather than Simplified-only."""
        if self._traditional is None:
            key, simplified_only = self.base.key, self.base.simplified_only
            traditional = sum(n for char, n in self.raw.items() if key(char) != char)
            simplified = sum(n for char, n in self.raw.items() if char in simplified_only)
            self._traditional = traditional > TRADITIONAL_SHARE * (traditional + simplified)
        return self._traditional


def packed(counts: dict[str, float], width: int, blocks: bytearray) -> dict[str, str | int]:
    """N-gram log counts packed for lazy loading, one block per first character.

    Keys of one ``width`` are grouped by their first character (``firsts``, sorted); a
    group is one raw-deflate block of its keys' remaining ``width - 1`` characters in
    UTF-16-LE, sorted, then one byte per key of ``round(log10 * SCALE)``. The blocks are
    appended to ``blocks`` (written to ``NGRAMS``, starting at the section's ``offset``);
    ``counts`` gives each group's number of keys, ``sizes`` its block's length
    (little-endian uint32 arrays, base64). Only a group's own block is inflated, the
    first time a key starting with its character is looked up, and the blocks pass
    through no decoder at load: the load time hardly depends on the table's size.
    """
    keys = sorted(k for k in counts if len(k) == width)
    if any(ord(char) > 0xFFFF for key in keys for char in key):
        raise ValueError("n-gram keys must be in the Basic Multilingual Plane")
    section: dict[str, str | int] = {"width": width, "offset": len(blocks)}
    firsts, sizes, numbers = [], array.array("I"), array.array("I")
    for first, group in itertools.groupby(keys, key=operator.itemgetter(0)):
        group = list(group)
        rest = "".join(key[1:] for key in group).encode("utf-16-le")
        values = bytes(min(255, round(counts[k] * SCALE)) for k in group)
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = deflate.compress(rest + values) + deflate.flush()
        firsts.append(first)
        numbers.append(len(group))
        sizes.append(len(block))
        blocks += block
    if sys.byteorder != "little":
        numbers.byteswap()
        sizes.byteswap()
    section.update({"firsts": "".join(firsts),
                    "counts": base64.b64encode(numbers.tobytes()).decode("ascii"),
                    "sizes": base64.b64encode(sizes.tobytes()).decode("ascii")})
    return section
