"""Targets: quantitative commitments, from the exact source text to normalised fields.

A quantity is a number (Arabic, optionally with 万/亿, or Chinese) followed by a unit or
measure word from ``target_data.UNITS``, optionally a range (0―6岁) and comparator words
around it. Chinese numerals count only where jieba's segmentation puts a word boundary
before the numeral and after the unit, so 统一个人 or 一体化 are not quantities. Years,
dates, ordinals (第三), labels, cited titles, document numbers and quoted names are
masked first. Deadline, frequency, scope and aspiration are read from the sentence or
clause around the quantity (see ``target_data``).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pipeline.model import Target
from pipeline.numerals import chinese_to_int
from pipeline.parse import target_data as data
from pipeline.parse.locate import NodeLocator

_UNITS = "|".join(re.escape(u) for u in sorted(data.UNITS, key=len, reverse=True))
_MULT = "|".join(sorted(data.MULTIPLIERS, key=len, reverse=True))
_BEFORE = "|".join(sorted((w for w, _ in data.BEFORE), key=len, reverse=True))
_AFTER = "|".join(sorted((w for w, _ in data.AFTER), key=len, reverse=True))
_NUM = rf"(?:{data.ARABIC}(?:{_MULT})?|[{data.CN_NUMERALS}]+)"
#: A quantity: comparator, number, optional range end, unit, comparator.
QUANTITY = re.compile(
    rf"(?:(?P<before>{_BEFORE})[^\s{data.CN_NUMERALS}0-9０-９，。；]{{0,{data.COMPARATOR_GAP}}}?)?"
    rf"(?:百分之(?P<pct>{_NUM})"
    rf"|(?P<lo>{_NUM})(?:\s*[{data.RANGE_JOINERS}]\s*(?P<hi>{_NUM}))?\s*(?P<unit>{_UNITS}))"
    rf"(?P<after>{_AFTER})?")
_COMPARATORS = dict(data.BEFORE) | dict(data.AFTER)


def number_value(text: str) -> float | None:
    """The value of a number as written: ``33万`` -> 330000, ``1.5`` -> 1.5, ``三`` -> 3;
    None for a number too large for a float (JSON has no infinity)."""
    text = unicodedata.normalize("NFKC", text).replace(",", "").replace("．", ".")
    for word, factor in sorted(data.MULTIPLIERS.items(), key=lambda kv: -len(kv[0])):
        if text.endswith(word) and text[: -len(word)][-1:].isdigit():
            base = number_value(text[: -len(word)])
            return None if base is None else _tidy(base * factor)
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
        return _tidy(float(text))
    value = chinese_to_int(text)
    if value is None:
        return None
    try:
        return _tidy(float(value))
    except OverflowError:
        return None


def _tidy(value: float) -> float | None:
    """Round away binary noise (1.2 * 1e8) so equal quantities compare equal; None for
    an infinite value."""
    return round(value, 6) if math.isfinite(value) else None


#: Integral floats below this are exact: they are written as integers.
_EXACT = 2.0 ** 53


def _plain(value: float | None) -> float | int | None:
    """An int when the value is integral and exact, so JSON shows 330000, not 330000.0
    (a larger float stays a float: its trailing digits are not in the text)."""
    if value is not None and abs(value) < _EXACT and value == int(value):
        return int(value)
    return value


@lru_cache(maxsize=256)
def _boundaries(sentence: str) -> frozenset[int]:
    """Word boundaries of ``sentence`` as jieba segments it (offsets)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    cuts = {0, len(sentence)}
    for _, start, end in jieba.tokenize(sentence):
        cuts.update((start, end))
    return frozenset(cuts)


def _masked_spans(text: str, masks: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans no quantity may overlap: the given ones, years, dates and deadlines."""
    spans = list(masks)
    spans += [m.span() for m in data.YEAR.finditer(text)]
    spans += [m.span() for m in data.DEADLINE.finditer(text)]
    spans += [m.span() for m in data.FREQUENCY.finditer(text)]
    return sorted(spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(lo < end and start < hi for lo, hi in spans)


@lru_cache(maxsize=8)
def _mark_positions(text: str, marks: str) -> list[int]:
    """The offsets of ``text`` whose character is one of ``marks``, in order."""
    return [m.start() for m in re.finditer(f"[{re.escape(marks)}]", text)]


def _bounds(text: str, offset: int, marks: str) -> tuple[int, int]:
    """The start and end of the stretch around ``offset`` delimited by ``marks``: just
    after the last mark before ``offset`` (or 0), and at the first mark from ``offset`` on
    (or the end of the text)."""
    positions = _mark_positions(text, marks)
    index = bisect.bisect_left(positions, offset)
    lo = positions[index - 1] + 1 if index else 0
    hi = positions[index] if index < len(positions) else len(text)
    return lo, hi


def find_targets(text: str, locate: NodeLocator,
                 masks: Iterable[tuple[int, int]] = ()) -> list[Target]:
    """Every quantity of ``text`` outside ``masks`` as a ``Target``, in text order."""
    masked = _masked_spans(text, masks)
    found = [m for m in QUANTITY.finditer(text) if _accept(text, m, masked)]
    return [_target(text, m, found, locate) for m in found]


def _accept(text: str, match: re.Match[str], masked: list[tuple[int, int]]) -> bool:
    """Whether ``match`` is a quantity and not a year, ordinal, label or quoted name."""
    start, end = match.span()
    number_start = match.start("pct") - 3 if match.group("pct") else match.start("lo")
    if _overlaps(masked, number_start, end):
        return False
    if number_start > 0 and text[number_start - 1] in "第0123456789０１２３４５６７８９.．":
        return False
    first = match.group("pct") or match.group("lo")
    if number_value(first) is None:
        return False
    if text[match.end():match.end() + 1] in tuple(data.NOT_AFTER_UNIT):
        return False
    if first[0] in data.CN_NUMERALS and not match.group("pct"):
        lo, hi = _bounds(text, start, data.SENTENCE_END)
        cuts = _boundaries(text[lo:hi])
        unit_end = match.end("unit")
        if number_start - lo not in cuts or unit_end - lo not in cuts:
            return False
    return start < end


def _target(text: str, match: re.Match[str], found: list[re.Match[str]],
            locate: NodeLocator) -> Target:
    """The ``Target`` of an accepted quantity ``match`` (``found``: all of them)."""
    start, end = match.span()
    unit = "%" if match.group("pct") else match.group("unit")
    unit = "%" if unit == "％" else unit
    low = number_value(match.group("pct") or match.group("lo"))
    high = number_value(match.group("hi")) if match.group("hi") else None
    comparator = (_COMPARATORS.get(match.group("after") or "")
                  or _COMPARATORS.get(match.group("before") or "") or "=")
    value_range = None
    if high is not None and low is not None:
        comparator, value_range = "range", (_plain(low), _plain(high))
        low = None
    clause_lo, clause_hi = _bounds(text, start, data.CLAUSE_END)
    sentence_lo, _ = _bounds(text, start, data.SENTENCE_END)
    later = [m.start() for m in found if clause_lo <= m.start() < clause_hi and m.start() > end]
    earlier = [m.end() for m in found if clause_lo <= m.end() <= start]
    return Target(
        text=text[start:end], value=_plain(low), unit=unit,
        object=_object(text, start, end, max([clause_lo, *earlier]), clause_hi,
                       later[0] if later else None),
        comparator=comparator, node_id=locate(start), range=value_range,
        deadline=_deadline(text[sentence_lo:start]),
        frequency=_last(data.FREQUENCY, text[clause_lo:start]),
        scope=_scope(text[clause_lo:start]),
        aspirational=any(w in text[sentence_lo:start] for w in data.ASPIRATIONAL),
        span=(start, end))


def _object(text: str, start: int, end: int, clause_lo: int, clause_hi: int,
            next_quantity: int | None) -> str:
    """What is counted: the words after the quantity up to the clause end (or up to the
    connector before the next quantity), else the words before it from ``clause_lo``
    (after any scope, frequency or deadline there)."""
    stop = clause_hi
    if next_quantity is not None:
        stop = next_quantity
        between = text[end:next_quantity]
        for group in data.CONNECTORS:
            cut = max(between.rfind(c) for c in group)
            if cut >= 0:
                stop = end + cut
                break
    after = _trim(text[end:stop], data.AFTER_LEADING)
    if after:
        return after[: data.MAX_OBJECT]
    before = text[clause_lo:start]
    for pattern in (data.SCOPE, data.FREQUENCY, data.DEADLINE):
        found = list(pattern.finditer(before))
        if found:
            before = before[found[-1].end():]
    return _trim(before, data.OBJECT_LEADING)[-data.MAX_OBJECT:]


def _trim(words: str, leading: tuple[str, ...] = ()) -> str:
    """``words`` without the ``leading`` words at its start and ``OBJECT_TRAILING`` at
    its end, repeatedly, and without surrounding spaces (possibly empty)."""
    words = words.strip(data.OBJECT_STRIP)
    changed = True
    while changed and words:
        changed = False
        for word in leading:
            if words.startswith(word):
                words, changed = words[len(word):].strip(data.OBJECT_STRIP), True
        for word in data.OBJECT_TRAILING:
            if words.endswith(word):
                words, changed = words[: -len(word)].strip(data.OBJECT_STRIP), True
    return words


def _deadline(prefix: str) -> str | None:
    """The last deadline named in the sentence before a quantity: ``2025`` or ``十四五``."""
    last = None
    for match in data.DEADLINE.finditer(prefix):
        last = match.group("year") or match.group("year2") or match.group("period")
    return last


def _last(pattern: re.Pattern[str], text: str) -> str | None:
    """The last match of ``pattern`` in ``text``, or None."""
    matches = pattern.findall(text)
    return matches[-1] if matches else None


def _scope(prefix: str) -> list[str]:
    """The administrative levels named in the clause before a quantity (省、市、县级)."""
    levels: list[str] = []
    for match in data.SCOPE.finditer(prefix):
        levels = [ch for ch in match.group("levels") if ch in data.LEVELS]
    return levels
