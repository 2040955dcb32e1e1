"""Targets: quantitative commitments, from the exact source text to normalised fields.

A quantity is a number (Arabic, optionally with 万/亿/万亿, or Chinese) followed by a unit
or measure word from ``target_data.UNITS``, optionally a range (0―6岁, 6个月至12个月,
1万元以上3万元以下) and comparator words around it (negations read as the law reads
them: 不得低于 is ``>=``); or a share (百分之二十, 一半, 五分之一, 2/3, in percent); or a half
unit (半天). Chinese numerals count only where they stand as a word of their own: not
inside a word (统一个人: ``NUMERAL_WORDS``, ``UNIT_WORDS``), not as an indefinite article
(是一种理念, 走出一条道路) or a time frame (一个时期, 一个纳税年度). Years, dates,
ordinals (第三), labels, cited titles, document numbers and quoted names are masked
first. The deadline comes from the scope that sets it (``deadlines``); frequency, scope
and aspiration from the clause or sentence around the quantity; the object from the
clause's grammar (``_object``).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import Target
from pipeline.numerals import chinese_to_int
from pipeline.parse import levels
from pipeline.parse import target_data as data
from pipeline.parse.deadlines import Deadlines
from pipeline.parse.locate import NodeLocator

_UNITS = "|".join(re.escape(u) for u in sorted(data.UNITS, key=len, reverse=True))
_BEFORE = "|".join(re.escape(w) for w in sorted((w for w, _ in data.BEFORE), key=len,
                                                 reverse=True))
_AFTER = "|".join(sorted((w for w, _ in data.AFTER), key=len, reverse=True))
_NUM = rf"(?:{data.ARABIC}(?:\s?{data.MULTIPLIER_RUN})?|[{data.CN_NUMERALS}]+)"
_CN = f"[{data.CN_NUMERALS}]+"
#: A quantity: comparator, number (or share, or half unit), optional range end, unit,
#: comparator.
_BEFORE_FIRST = "".join(sorted({re.escape(w[0]) for w, _ in data.BEFORE}))
QUANTITY = re.compile(
    rf"(?:(?=[{_BEFORE_FIRST}])(?P<before>{_BEFORE})[^\s{data.CN_NUMERALS}0-9０-９，。；]{{0,{data.COMPARATOR_GAP}}}?)?"
    rf"(?=[0-9０-９{data.CN_NUMERALS}半])"
    rf"(?:百分之(?P<pct>{_NUM})"
    rf"|(?P<den>{_CN})分之(?P<num>{_CN})"
    r"|(?P<half>一半)"
    r"|(?P<sa>[0-9]{1,2})/(?P<sb>[0-9]{1,2})(?![0-9０-９/百千万亿])"
    r"|(?<![一二两三四五六七八九十上下前后])(?P<halfunit>半)(?P<halfname>天|年|个月|小时)"
    rf"|(?P<lo>{_NUM})(?:\s*[{data.RANGE_JOINERS}]\s*(?P<hi>{_NUM}))?\s*(?P<unit>{_UNITS})"
    rf"|(?P<bare>{data.ARABIC}\s?{data.MULTIPLIER_RUN}))"
    rf"(?P<after>{_AFTER})?")
_COMPARATORS = dict(data.BEFORE) | dict(data.AFTER)
#: A share of what stands before it: 的2/3, 的三分之二, 的50%, 的一半.
SHARE_OF = re.compile(
    rf"的(?:[0-9]{{1,2}}/[0-9]{{1,2}}|{_CN}分之|百分之|{data.ARABIC}\s*[%％]|一半)")
#: A comparator word at the end of a clause's words (人口超过): dropped to find the noun.
_BEFORE_AT_END = re.compile(rf"(?:{_BEFORE})$")
#: A thousands separator: a comma between digits.
THOUSANDS = re.compile(r"[0-9],[0-9]{3}")
#: A note in brackets, or a bracket left open or closed, at the end of an object.
TRAILING_NOTE = re.compile(r"(?:[（(][^（）()]*[）)]?|[）)])$")
#: A note in brackets anywhere: （5月4日）.
BRACKET_ANY = re.compile(r"[（(][^（）()]{0,30}[）)]")
#: A note in brackets right after a quantity: 1天（1月1日）.
BRACKET_NOTE = re.compile(r"^\s*[（(][^（）()]{0,30}[）)]")
#: A provision's label at the start of a clause (第五条　, （一）), not part of an object.
LABEL = levels.LABEL_AT_START


def number_value(text: str) -> float | None:
    """The value of a number as written: ``33万`` -> 330000, ``2万亿`` -> 2e12, ``1.5`` ->
    1.5, ``三`` -> 3; None for a number too large for a float (JSON has no infinity)."""
    text = unicodedata.normalize("NFKC", text).replace(",", "").replace("．", ".")
    text = "".join(text.split())
    run = re.search(r"[百千万亿]+$", text)
    if run and text[:run.start()][-1:].isdigit():
        base = number_value(text[:run.start()])
        factor = math.prod(data.MULTIPLIERS[ch] for ch in run.group())
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


class Masked:
    """Spans no quantity may overlap: the given ones, years, dates, deadlines and
    frequencies; ``overlaps`` answers in O(log n) (sorted starts, running maximum end)."""

    def __init__(self, text: str, masks: Iterable[tuple[int, int]]) -> None:
        spans = list(masks)
        spans += [m.span() for m in data.YEAR.finditer(text)]
        spans += [m.span() for m in data.DEADLINE.finditer(text)]
        spans += [m.span() for m in data.FREQUENCY.finditer(text)]
        spans.sort()
        self._starts = [lo for lo, _ in spans]
        self._reach = list(itertools.accumulate((hi for _, hi in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a masked span."""
        index = bisect.bisect_left(self._starts, end)
        return index > 0 and self._reach[index - 1] > start


@lru_cache(maxsize=8)
def _mark_positions(text: str, marks: str) -> list[int]:
    """The offsets of ``text`` whose character is one of ``marks``, in order (a comma
    between digits, 2,500, is a thousands separator, not a mark)."""
    return [m.start() for m in re.finditer(f"[{re.escape(marks)}]", text)
            if not (m.group() == "," and THOUSANDS.match(text, max(0, m.start() - 1)))]


def _bounds(text: str, offset: int, marks: str) -> tuple[int, int]:
    """The start and end of the stretch around ``offset`` delimited by ``marks``: just
    after the last mark before ``offset`` (or 0), and at the first mark from ``offset`` on
    (or the end of the text)."""
    positions = _mark_positions(text, marks)
    index = bisect.bisect_left(positions, offset)
    lo = positions[index - 1] + 1 if index else 0
    hi = positions[index] if index < len(positions) else len(text)
    return lo, hi


@dataclass
class Quantity:
    """An accepted quantity before it becomes a ``Target``: its span, value (or range
    ``low``-``high``), unit and comparator."""

    start: int
    end: int
    value: float | None
    unit: str
    comparator: str
    high: float | None = None
    before: str = ""
    after: str = ""


def find_targets(text: str, locate: NodeLocator,
                 masks: Iterable[tuple[int, int]] = ()) -> list[Target]:
    """Every quantity of ``text`` outside ``masks`` as a ``Target``, in text order."""
    masked = Masked(text, masks)
    found = [q for m in QUANTITY.finditer(text) if (q := _read(text, m, masked))]
    found = _coordinate(text, _join_ranges(text, found))
    deadlines = Deadlines(text)
    targets: list[Target] = []
    for index, quantity in enumerate(found):
        targets.append(_target(text, quantity, found, index, targets, locate, deadlines))
    return targets


def _number_start(match: re.Match[str]) -> int:
    """Where the number of a ``QUANTITY`` match starts (百分之 included)."""
    if match.group("pct"):
        return match.start("pct") - 3
    for group in ("den", "half", "sa", "halfunit", "bare"):
        if match.group(group):
            return match.start(group)
    return match.start("lo")


def _share(match: re.Match[str]) -> float | None:
    """The percent value of a share: 百分之二十, 五分之一, 一半, 2/3; None otherwise."""
    if match.group("pct"):
        return number_value(match.group("pct"))
    if match.group("half"):
        return 50.0
    if match.group("den"):
        den, num = chinese_to_int(match.group("den")), chinese_to_int(match.group("num"))
    elif match.group("sa"):
        num, den = int(match.group("sa")), int(match.group("sb"))
        if num >= den:
            return None
    else:
        return None
    if not den or num is None:
        return None
    return round(num / den * 100, data.PERCENT_DIGITS)


def _read(text: str, match: re.Match[str], masked: Masked) -> Quantity | None:
    """The ``Quantity`` of a ``QUANTITY`` match, or None when it is not one: a year,
    ordinal, label, quoted name, a numeral inside a word, an indefinite article."""
    start, end = match.span()
    if start >= end:
        return None
    number_start = _number_start(match)
    if masked.overlaps(number_start, end):
        return None
    if number_start > 0 and text[number_start - 1] in "第0123456789０１２３４５６７８９.．/":
        return None
    before = match.group("before") or ""
    after = match.group("after") or ""
    comparator = _COMPARATORS.get(after) or _COMPARATORS.get(before) or _verb_comparator(
        text, number_start)
    share = _share(match)
    if share is not None or match.group("pct") or match.group("half") or match.group("den"):
        if share is None:
            return None
        if comparator == "=":
            comparator = _share_comparator(text, number_start)
        return Quantity(start, end, share, "%", comparator, before=before, after=after)
    if match.group("sa"):
        return None
    if match.group("bare"):
        unit = _implied_unit(text, number_start)
        value = number_value(match.group("bare"))
        if unit is None or value is None or comparator == "=":
            return None
        return Quantity(start, end, value, unit, comparator, before=before, after=after)
    if match.group("halfunit"):
        return Quantity(start, end, 0.5, match.group("halfname"), comparator, before=before,
                        after=after)
    unit = match.group("unit")
    first = match.group("lo")
    value = number_value(first)
    if value is None:
        return None
    if text[end:end + 1] in tuple(data.NOT_AFTER_UNIT):
        return None
    if unit in data.NEEDS_COMPARATOR and comparator == "=":
        return None
    if first[0] in data.CN_NUMERALS and not first.strip(data.BARE_MULTIPLIERS):
        return None
    if _in_name(text, end, unit, comparator):
        return None
    if SHARE_OF.match(text, end):
        return None  # 原估算投资5亿元的2/3: the base of a share, not a target itself
    if first[0] in data.CN_NUMERALS and not _stands_alone(text, number_start,
                                                          match.end("unit"), comparator):
        return None
    high = number_value(match.group("hi")) if match.group("hi") else None
    return Quantity(start, end, value, data.UNIT_NAMES.get(unit, unit), comparator, high,
                    before, after)


#: A comparator word and the base of a share just before it: 不得超过成员总数的.
_SHARE_BASE = re.compile(
    rf"(?P<word>{_BEFORE})[^\s，。；,;0-9０-９]{{0,{data.SHARE_BASE}}}的$")


def _share_comparator(text: str, number_start: int) -> str:
    """The comparator of a share written after its base (不得超过成员总数的三分之一)."""
    match = _SHARE_BASE.search(text, max(0, number_start - data.SHARE_BASE - 8), number_start)
    return _COMPARATORS[match.group("word")] if match else "="


def _implied_unit(text: str, number_start: int) -> str | None:
    """The unit a number without one counts, from the noun it is compared with
    (户籍人口超过100万: 人), or None."""
    lo, _ = _bounds(text, number_start, data.CLAUSE_END)
    subject = _BEFORE_AT_END.sub("", text[lo:number_start])
    return next((unit for noun, unit in data.IMPLIED_UNITS if subject.endswith(noun)), None)


def _verb_comparator(text: str, number_start: int) -> str:
    """The comparator a verb just before the number sets (达到70%), else ``=``."""
    lead = text[max(0, number_start - 2 - data.COMPARATOR_GAP):number_start]
    for word, comparator in data.VERB_COMPARATORS:
        at = lead.rfind(word)
        if at >= 0 and not re.search(r"[，。；0-9０-９]", lead[at:]):
            return comparator
    return "="


def _stands_alone(text: str, number_start: int, unit_end: int, comparator: str) -> bool:
    """Whether a Chinese numeral and its measure word are a count of their own: not the
    end of a word before (统一个人), the measure word not the start of a word after (个人),
    and, without a comparator, not an indefinite article (是一种, 走出一条) nor a time
    frame (一个时期, 一个纳税年度)."""
    if text[max(0, number_start - 1):number_start + 1] in data.NUMERAL_WORDS:
        return False
    if text[unit_end - 1:unit_end + 1] in data.UNIT_WORDS:
        return False
    if comparator != "=":
        return True
    if text[unit_end:].startswith(data.PERIOD_AFTER):
        return False
    if text.startswith(data.VAGUE + data.SET_PHRASES, number_start):
        return False
    return not text[:number_start].endswith(data.INDEFINITE_BEFORE)


def _in_name(text: str, end: int, unit: str, comparator: str) -> bool:
    """Whether the quantity ending at ``end`` is part of a name that follows it
    (三年百万青年见习计划, 一对夫妻可以生育三个子女政策): a name word comes within a few
    characters, with no 的 or punctuation before it, and the quantity's unit is not a
    measure word counting the named things (建设100个示范工程 counts 工程; 政策 is never
    counted so)."""
    if comparator != "=":
        return False
    _, hi = _bounds(text, end, data.CLAUSE_END)
    rest = text[end:min(hi, end + data.MAX_NAME)]
    found = [(rest.find(w), w) for w in data.NAME_ENDINGS if w in rest]
    if not found:
        return False
    at, word = min(found)
    if "的" in rest[:at]:
        return False
    return word == "政策" or unit not in data.CLASSIFIERS


def _join_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """Quantities with the same unit written as one range made one: 6个月至12个月,
    1万元以上3万元以下, 5—10年."""
    out: list[Quantity] = []
    for quantity in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.high is None and quantity.high is None
                and prev.unit == quantity.unit and prev.value is not None
                and quantity.value is not None and prev.value < quantity.value
                and not quantity.before and prev.comparator in ("=", ">=")
                and quantity.comparator in ("=", "<=") and prev.after in ("", "以上", "及以上")):
            gap = text[prev.end:quantity.start].strip()
            joined = (len(gap) == 1 and gap in data.RANGE_JOINERS and not prev.after) or (
                gap == "" and prev.after and quantity.after in ("以下", "及以下"))
            if joined:
                out[-1] = Quantity(prev.start, quantity.end, prev.value, prev.unit, "range",
                                   quantity.value, prev.before, quantity.after)
                continue
        out.append(quantity)
    return out


def _coordinate(text: str, found: list[Quantity]) -> list[Quantity]:
    """A quantity joined to the one before by 和/及/、 shares its comparator when it has
    none (分别达到65%和55%)."""
    for prev, quantity in itertools.pairwise(found):
        gap = text[prev.end:quantity.start]
        if (gap in data.COORDINATORS and quantity.comparator == "="
                and prev.comparator not in ("=", "range") and not prev.after):
            quantity.comparator = prev.comparator
    return found


def _target(text: str, quantity: Quantity, found: list[Quantity], index: int,
            made: list[Target], locate: NodeLocator, deadlines: Deadlines) -> Target:
    """The ``Target`` of ``found[index]`` (``made``: the targets of those before it)."""
    start, end = quantity.start, quantity.end
    low, high = quantity.value, quantity.high
    comparator, value_range = quantity.comparator, None
    if high is not None and low is not None:
        comparator, value_range = "range", (_plain(low), _plain(high))
        low = None
    clause_lo, clause_hi = _bounds(text, start, data.CLAUSE_END)
    sentence_lo, _ = _bounds(text, start, data.SENTENCE_END)
    later = [q.start for q in found if clause_lo <= q.start < clause_hi and q.start > end]
    earlier = [q.end for q in found if clause_lo <= q.end <= start]
    prev = found[index - 1] if index else None
    coordinated = (prev is not None and made
                   and text[prev.end:start] in data.COORDINATORS)
    if quantity.unit in data.TIME_UNITS and quantity.after in data.LIMIT_WORDS:
        obj = _time_limit_object(text, start, end)
    else:
        obj = _object(text, start, end, max([clause_lo, *earlier]), clause_hi,
                      later[0] if later else None, quantity.unit, [q.start for q in found])
    if coordinated and made[-1].object and (not obj or quantity.unit not in data.CLASSIFIERS):
        obj = made[-1].object
    else:
        obj = _with_item_topic(text, sentence_lo, clause_lo, obj)
    return Target(
        text=text[start:end], value=_plain(low), unit=quantity.unit, object=obj,
        comparator=comparator, node_id=locate(start), range=value_range,
        deadline=deadlines(start),
        frequency=_last(data.FREQUENCY, text[clause_lo:start]),
        scope=_scope(text[clause_lo:start]),
        aspirational=any(w in text[sentence_lo:start] for w in data.ASPIRATIONAL),
        span=(start, end))


def _object(text: str, start: int, end: int, clause_lo: int, clause_hi: int,
            next_quantity: int | None, unit: str, starts: list[int]) -> str:
    """What is counted, by the clause's grammar around the number. A quantity followed by
    a noun phrase modifies it (建设50所学校, 2至3岁幼儿, 1万元以下的罚款): the words after
    it up to the clause end (or the connector before the next quantity) name it, a note in
    brackets right after the quantity (1天（1月1日）) aside. A quantity that ends its
    clause is the predicate of the clause's subject (机械化率达到70%): the words before
    it from ``clause_lo`` (after any label, scope, frequency or deadline) name it, with the
    clause before when the subject stands there alone (新年，放假1天). ``starts``: where
    every quantity starts (a clause holding one lends no subject)."""
    stop = clause_hi
    if next_quantity is not None:
        stop = next_quantity
        between = text[end:next_quantity]
        for group in data.CONNECTORS:
            cut = max(between.rfind(c) for c in group)
            if cut >= 0:
                stop = end + cut
                break
    after = BRACKET_NOTE.sub("", text[end:stop], count=1)
    if (after[:1] in "（(）)" or after.startswith(data.SUBJECT_LEADING_AFTER)
            or after.lstrip("的").startswith(data.FRAMES)):
        after = ""  # an aside the quantity opens or closes, or another condition
    after = TRAILING_NOTE.sub("", _trim(after, data.AFTER_LEADING))
    if unit in data.CLASSIFIERS and "的" in after:
        after = after[after.rindex("的") + 1:]  # the head noun: 一种通用的民族文字 counts 文字
    after = _trim(after, data.AFTER_LEADING)[: data.MAX_OBJECT]
    if after:
        return after
    before = _subject(text[clause_lo:start])
    if before in data.COORDINATORS:
        before = ""
    if (len(before) <= data.SHORT_SUBJECT and clause_lo > 0
            and text[clause_lo - 1] in "，,"):
        lo, _ = _bounds(text, clause_lo - 1, data.CLAUSE_END)
        subject = _subject(text[lo:clause_lo - 1])
        inside = bisect.bisect_left(starts, clause_lo) - bisect.bisect_left(starts, lo)
        if subject and not inside:
            before = subject + before
    return before[-data.MAX_OBJECT:]


def _with_item_topic(text: str, sentence_lo: int, clause_lo: int, obj: str) -> str:
    """``obj`` after the topic of a labelled item whose first clause names it: in
    （二）青年节（5月4日），14周岁以上的青年放假半天 the ages and times are 青年节's."""
    label = LABEL.match(text[sentence_lo:sentence_lo + data.MAX_OBJECT])
    if label is None or not label.end():
        return obj
    topic_lo = sentence_lo + label.end()
    _, first_end = _bounds(text, topic_lo, data.CLAUSE_END)
    if clause_lo <= first_end or text[first_end:first_end + 1] not in "，,":
        return obj
    topic = BRACKET_ANY.sub("", text[topic_lo:first_end]).strip()
    if (not topic or len(topic) > data.MAX_TOPIC or topic in obj or "的" in topic
            or label.group().startswith("第") or any(ch.isdigit() for ch in topic)):
        return obj  # an article's opening clause, a condition (…的), not a named topic
    return (topic + obj)[: data.MAX_OBJECT]


def _time_limit_object(text: str, start: int, end: int) -> str:
    """What a time limit (30日内) bounds: the sentence's actor (its words up to the first
    modal verb or comma: 收养登记机关…) and the action after the limit (进行审查), or the
    clause after it when the limit ends its clause."""
    sentence_lo, sentence_hi = _bounds(text, start, data.SENTENCE_END)
    head = LABEL.sub("", text[sentence_lo:start], count=1)
    cut = [i for i in (head.find("，"), head.find(",")) if i >= 0]
    modal = data.MODALS.search(head)
    if modal:
        cut.append(modal.start())
    actor = _trim(head[:min(cut)] if cut else "", data.OBJECT_LEADING)
    _, clause_hi = _bounds(text, end, data.CLAUSE_END)
    action = text[end:clause_hi]
    if not action.strip() and clause_hi < sentence_hi:
        _, next_hi = _bounds(text, clause_hi + 1, data.CLAUSE_END)
        action = text[clause_hi + 1:next_hi]
    return (actor + _trim(action, data.AFTER_LEADING))[: data.MAX_OBJECT]


def _subject(words: str) -> str:
    """The subject in the words of a clause before a quantity: without a label, and
    after any scope, frequency or deadline there."""
    words = LABEL.sub("", words, count=1)
    for pattern in (data.SCOPE, data.FREQUENCY, data.DEADLINE):
        found = list(pattern.finditer(words))
        if found:
            after = words[found[-1].end():]
            # 到2025年，… : the subject follows; 扣除标准为每月1500元: it stands before
            words = after if _trim(after) else words[:found[-1].start()]
    return _trim(words, data.SUBJECT_LEADING + data.OBJECT_LEADING)


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
