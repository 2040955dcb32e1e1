"""Chinese mojibake families other than GBK misalignment, found on spans of a block.

A page often has a clean header and a garbled body, so nothing here treats the block as
one string. Each family is a (shown-as, really) pair of encodings:

- ``gbk-latin1``: GBK bytes shown by a Latin-1/Windows-1252 decoder (``·¿µØ²ú`` = 房地产);
- ``utf8-latin1``: UTF-8 bytes shown by a Latin-1/Windows-1252 decoder (``æ”¿ç­–`` = 政策);
- ``utf8-gbk``: UTF-8 bytes shown by a GBK decoder (``鐢ㄦ埛`` = 用户).

Candidate runs are found by character class (``bytemaps``); the bytes behind a run are
re-decoded with the real encoding into segments, and a segment is accepted only when its
decoding is plausible Chinese and clearly better than what was shown
(``plausible.plausible_repair``). A UTF-8 character whose last byte the GBK decoder turned
into ``?`` or U+FFFD is marked lost (``□``) with its likeliest readings as candidates.

``find_family_changes`` also runs the other span finders (HTML tags and entities, lost
text) and returns non-overlapping changes in text order.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import Candidate
from pipeline.repair import entities, lost
from pipeline.repair.bytemaps import (
    GBK,
    Incomplete,
    decode_unit,
    gbk_pair,
    single_byte_map,
    utf8_as_gbk_chars,
)
from pipeline.repair.changes import Change, apply_changes
from pipeline.repair.plausible import SYMBOL, char_cost, char_freq, is_cjk, plausible_repair

#: Markers a decoder leaves for a byte it could not decode.
LOST_BYTE_MARKERS = "?\ufffd"
#: How many runners-up to record for a lost character.
LOST_CANDIDATES = 3
#: Confidence that a character was lost there (its identity is not guessed).
LOST_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Family:
    """A mojibake family: how shown characters map back to bytes, and the real encoding.

    ``lossy``: the shown-as decoder replaced bytes it could not pair by ``?``/U+FFFD.
    ``alternatives``: other bytes a shown character may stand for (tried when the first
    reading does not decode).
    """

    kind: str
    to_bytes: Callable[[str], bytes | None]
    encoding: str
    confidence: float
    lossy: bool = False
    alternatives: tuple[tuple[str, bytes], ...] = ()


@lru_cache(maxsize=1)
def undefined_cp1252_bytes() -> bytes:
    """The bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D): a strict
    decoder shows them as U+FFFD, so a U+FFFD in a Latin-1 run is one of them."""
    found = []
    for b in range(0x80, 0xA0):
        try:
            bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            found.append(b)
    return bytes(found)


def _single_byte(char: str) -> bytes | None:
    if char == "\ufffd":
        return undefined_cp1252_bytes()[:1]
    byte = single_byte_map().get(char)
    return None if byte is None else bytes([byte])


#: Windows code page 936 and the WHATWG GBK decoder show the lone byte 0x80 as the euro
#: sign, which is also the pair A2 E3.
GBK_SINGLE_BYTES = {"\u20ac": b"\x80"}
#: How many ambiguous characters of a run get their alternative readings tried.
MAX_ALTERNATIVES = 3


def _gbk_shown(char: str) -> bytes | None:
    if char in GBK_SINGLE_BYTES:
        return GBK_SINGLE_BYTES[char]
    if char < "\x80":
        return None if char in LOST_BYTE_MARKERS else char.encode("ascii")
    return gbk_pair(char) if char in utf8_as_gbk_chars() else None


UTF8_LATIN1 = Family("utf8-latin1", _single_byte, "utf-8", 0.98)
GBK_LATIN1 = Family("gbk-latin1", _single_byte, "gbk", 0.95)
UTF8_GBK = Family("utf8-gbk", _gbk_shown, "utf-8", 0.95, lossy=True,
                  alternatives=tuple((c, gbk_pair(c) or b"") for c in GBK_SINGLE_BYTES))


@lru_cache(maxsize=1)
def _to_latin1() -> dict[int, int]:
    """A ``str.translate`` table taking Windows-1252 characters to their Latin-1 bytes."""
    table = {ord(c): b for c, b in single_byte_map().items() if ord(c) != b}
    table[0xFFFD] = undefined_cp1252_bytes()[0]
    return table


def run_bytes(shown: str, family: Family) -> bytes:
    """The bytes behind a run of shown characters (all of which ``family`` maps)."""
    if family.lossy:
        return b"".join(family.to_bytes(c) or b"" for c in shown) if "\u20ac" in shown else (
            shown.encode(GBK))
    return shown.translate(_to_latin1()).encode("latin-1")


@dataclass(frozen=True)
class Segment:
    """``text[start:end]`` decodes to ``decoded``; if ``lost``, one more character is lost.

    For a lost character, ``known`` are its bytes that survived and ``split`` the number of
    shown characters before them (0 when the lost character shares one with ``decoded``).
    """

    start: int
    end: int
    decoded: str
    lost: bool = False
    known: bytes = b""
    split: int = 0


@lru_cache(maxsize=8)
def _run_re(family: Family) -> re.Pattern[str]:
    """A pattern for maximal runs of characters that ``family`` maps to bytes."""
    shown = GBK_SINGLE_BYTES.keys() | utf8_as_gbk_chars() if family.lossy else (
        single_byte_map().keys() | {"\ufffd"})
    ascii_ok = [chr(b) for b in range(0x80) if family.to_bytes(chr(b)) is not None]
    chars = sorted((set(shown) | set(ascii_ok)) - {"\n"})
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]+")


def _runs(text: str, family: Family) -> Iterator[tuple[int, int]]:
    """Maximal runs of characters ``family`` maps to bytes, with enough non-ASCII ones.

    A Latin-1 family needs two non-ASCII characters (one byte alone decodes to nothing
    in UTF-8, and to at most a rare GBK character with an ASCII trail, as in ``jìn``);
    a UTF-8-as-GBK run needs a character that can begin a UTF-8 character.
    """
    need = 1 if family.lossy else 2
    starters = _utf8_starters() if family.lossy else None
    for m in _run_re(family).finditer(text):
        run = m.group(0)
        if starters is not None and not starters.intersection(run):
            continue
        if sum(c >= "\x80" for c in run) >= need:
            yield m.start(), m.end()


@lru_cache(maxsize=1)
def _utf8_starters() -> frozenset[str]:
    """Characters of the UTF-8-as-GBK signature whose two bytes can begin a UTF-8
    multi-byte character: a run without one has nothing to decode."""
    found = set()
    for char in utf8_as_gbk_chars():
        pair = gbk_pair(char)
        if pair and 0xC2 <= pair[0] <= 0xF4 and 0x80 <= pair[1] <= 0xBF:
            found.add(char)
    return frozenset(found)


def _readings(text: str, family: Family) -> Iterator[list[bytes]]:
    """The byte readings of the shown characters ``text``: the first one, then the ones
    with alternatives for up to ``MAX_ALTERNATIVES`` ambiguous characters."""
    first = [family.to_bytes(c) or b"" for c in text]
    yield first
    alternatives = dict(family.alternatives)
    where = [i for i, c in enumerate(text) if c in alternatives][:MAX_ALTERNATIVES]
    for mask in range(1, 2 ** len(where)):
        reading = list(first)
        for bit, i in enumerate(where):
            if mask >> bit & 1:
                reading[i] = alternatives[text[i]]
        yield reading


def _segments(text: str, start: int, end: int, family: Family) -> list[Segment]:
    """Stretches of ``text[start:end]`` whose bytes decode in ``family.encoding``, under
    the byte reading that explains the most shown characters."""
    best: list[Segment] = []
    for reading in _readings(text[start:end], family):
        found = list(_segments_of(text, start, end, family, reading))
        if sum(s.end - s.start for s in found) > sum(s.end - s.start for s in best):
            best = found
    return best


def _segments_of(text: str, start: int, end: int, family: Family,
                 chunks: list[bytes]) -> Iterator[Segment]:
    """Stretches of ``text[start:end]`` whose bytes ``chunks`` decode in ``family.encoding``.

    A stretch starts at a non-ASCII character and ends right after the last multi-byte
    character decoded before the bytes stop making sense. When the run ends inside a
    character and a lost-byte marker follows, the stretch takes the marker in and its
    last character is lost.
    """
    data = b"".join(chunks)
    bounds = [0]
    for chunk in chunks:
        bounds.append(bounds[-1] + len(chunk))
    char_at = {b: i for i, b in enumerate(bounds)}
    leads = range(0xC2, 0xF5) if family.encoding == "utf-8" else range(0x81, 0xFF)
    i = 0
    while i < len(chunks):
        if chunks[i][0] not in leads:
            i += 1
            continue
        pos, best, decoded, best_text = bounds[i], None, [], ""
        while pos < len(data):
            try:
                char, size = decode_unit(data, pos, family.encoding)
            except Incomplete:
                if family.lossy and end < len(text) and text[end] in LOST_BYTE_MARKERS:
                    split = char_at[pos] - i if pos in char_at else 0
                    yield Segment(start + i, end + 1, "".join(decoded), True, data[pos:], split)
                    return
                break
            except ValueError:
                break
            pos += size
            decoded.append(char)
            # A stretch ends on a shown-character boundary, after a multi-byte character
            # or after an ASCII byte that was the trail of a shown character.
            if pos in char_at and (size > 1 or pos - size not in char_at):
                best, best_text = char_at[pos], "".join(decoded)
        if best is None:
            i += 1
            continue
        yield Segment(start + i, start + best, best_text)
        i = best


@lru_cache(maxsize=4096)
def lost_candidates(prefix: bytes) -> tuple[str, ...]:
    """The likeliest characters whose UTF-8 bytes start with ``prefix``, most common first."""
    found = []
    for char, count in char_freq().items():
        if char.encode("utf-8").startswith(prefix):
            found.append((count, char))
    return tuple(c for _, c in sorted(found, key=lambda p: (-p[0], p[1]))[:LOST_CANDIDATES])


def _lost_changes(text: str, seg: Segment, family: Family) -> list[Change]:
    """Changes for a segment whose last character lost its final byte(s) to a marker.

    The recovered characters and the lost one become separate changes when the lost
    character's bytes start on a shown character; otherwise one ``lost`` change.
    """
    choices = lost_candidates(seg.known)
    total = sum(char_freq()[c] for c in choices) or 1
    note = (f"{family.kind}: the last byte of a UTF-8 character became "
            f"{text[seg.end - 1]!r}; known bytes {seg.known.hex(' ')}")
    head = "" if seg.split else seg.decoded
    changes = []
    if seg.split:
        changes.append(Change(seg.start, seg.start + seg.split, seg.decoded, family.kind,
                              family.confidence, [],
                              f"{family.kind}: {text[seg.start:seg.start + seg.split]!r}"))
    candidates = [Candidate(head + c, round(char_freq()[c] / total, 3)) for c in choices]
    changes.append(Change(seg.start + seg.split, seg.end, head + "□", "lost",
                          LOST_CONFIDENCE, candidates, note))
    return changes


def _find_family_group(text: str, families: tuple[Family, ...]) -> list[Change]:
    """Changes for runs of ``families[0]``'s characters, trying each family in order."""
    changes: list[Change] = []
    for run_start, run_end in _runs(text, families[0]):
        whole = next((c for f in families
                      if (c := _whole_run(text, run_start, run_end, f)) is not None), None)
        if whole is not None:
            changes.extend(whole)
            continue
        gaps = [(run_start, run_end)]
        for family in families:
            found = []
            for lo, hi in gaps:
                found.extend(_accepted(text, lo, hi, family))
            changes.extend(found)
            gaps = _gaps(gaps, found)
    return sorted(changes, key=lambda c: c.start)


def find_latin1_mojibake(text: str) -> list[Change]:
    """Changes undoing UTF-8 or GBK bytes shown as Latin-1/Windows-1252.

    A repaired span that is itself UTF-8 shown as Windows-1252 (text garbled twice,
    ``Ã¦â€Â¿`` -> ``æ”¿`` -> ``政``) is repaired again, once.
    """
    changes = _find_family_group(text, (UTF8_LATIN1, GBK_LATIN1))
    for change in changes:
        inner = _find_family_group(change.replacement, (UTF8_LATIN1,))
        if inner:
            change.replacement = apply_changes(change.replacement, inner)[0]
            change.note += " (garbled twice)"
    return changes


def find_gbk_view_mojibake(text: str) -> list[Change]:
    """Changes undoing UTF-8 bytes shown by a GBK decoder."""
    return _find_family_group(text, (UTF8_GBK,))


def _accepted(text: str, lo: int, hi: int, family: Family) -> list[Change]:
    """Segments of ``text[lo:hi]`` in ``family`` whose decoding passes the plausibility test.

    A segment is also refused when it touches a non-ASCII character of the run that no
    segment explains (real mojibake decodes whole; ``ÄÖÜ`` in German does not).
    """
    segments = _segments(text, lo, hi, family)
    covered = {i for seg in segments for i in range(seg.start, seg.end)}
    leftover = {i for i in range(lo, hi) if text[i] >= "\x80" and i not in covered}
    found = []
    for seg in segments:
        if seg.start - 1 not in leftover and seg.end not in leftover:
            found.extend(_judge(text, seg, family))
    return found


def _judge(text: str, seg: Segment, family: Family) -> list[Change]:
    """The changes for ``seg`` if its decoding is plausible, else none.

    A one-character decoding inside a Latin word (``aÄÖb``) is refused, and a lone ``?``
    (ordinary punctuation) marks a lost character only after a decoded one.
    """
    shown = text[seg.start:seg.end]
    if _inside_word(text, seg):
        return []
    if not family.lossy and "\ufffd" in shown:
        return _with_unknown_bytes(text, seg, family)
    if seg.lost:
        if (seg.decoded and plausible_repair(shown[:-1], seg.decoded)) or (
                not seg.decoded and shown.endswith("\ufffd")):
            return _lost_changes(text, seg, family)
        return []
    if family.lossy and _hemmed_in(text, seg):
        return []
    if plausible_repair(shown, seg.decoded):
        return [Change(seg.start, seg.end, seg.decoded, family.kind, family.confidence, [],
                       f"{family.kind}: {shown!r}")]
    return []


def _with_unknown_bytes(text: str, seg: Segment, family: Family) -> list[Change]:
    """Changes for a Latin-1-family segment with U+FFFD (an undefined Windows-1252 byte).

    Each shown character is one byte, so every decoded character covers whole shown
    characters. A decoded character with an unknown byte is lost (``□``); its candidates
    are the characters the undefined bytes could make there, most common first. The
    decoding, scored with each lost character's likeliest candidate (only for the score),
    must pass the plausibility test; in GBK it must also recover a character or find two
    lost ones (any byte pair is GBK, while UTF-8's structure is evidence by itself).
    """
    shown = text[seg.start:seg.end]
    data = run_bytes(shown, family)
    units: list[tuple[int, int, str]] = []
    pos = 0
    while pos < len(data):
        try:
            char, size = decode_unit(data, pos, family.encoding)
        except (Incomplete, ValueError):
            return []
        units.append((pos, pos + size, char))
        pos += size
    kept_shown, kept = "", ""  # what the plausibility test scores
    weak = False  # a lost character with as many unknown bytes as known ones
    changes: list[Change] = []
    for lo, hi, char in units:
        if "\ufffd" not in shown[lo:hi]:
            kept_shown += shown[lo:hi]
            kept += char
            if changes and changes[-1].kind == family.kind:
                changes[-1].end = seg.start + hi
                changes[-1].replacement += char
            elif char != shown[lo:hi]:
                changes.append(Change(seg.start + lo, seg.start + hi, char, family.kind,
                                      family.confidence, [], f"{family.kind}"))
            continue
        choices = _unknown_byte_candidates(shown[lo:hi], family)
        if not choices:
            return []
        kept_shown += shown[lo:hi]
        kept += choices[0]
        weak = weak or shown[lo:hi].count("\ufffd") * 2 >= hi - lo
        weights = [math.exp(-char_cost(c)) for c in choices]
        changes.append(Change(
            seg.start + lo, seg.start + hi, "□", "lost", LOST_CONFIDENCE,
            [Candidate(c, round(w / sum(weights), 3)) for c, w in zip(choices, weights,
                                                                      strict=True)],
            f"{family.kind}: a byte Windows-1252 leaves undefined became U+FFFD"))
    lost_count = sum(c.kind == "lost" for c in changes)
    recovered = any(c.kind != "lost" and c.replacement >= "\x80" for c in changes)
    structural = family.encoding == "utf-8" and not weak  # UTF-8's structure is evidence
    if not (structural or recovered or lost_count >= 2) or not plausible_repair(
            kept_shown, kept):
        return []
    return changes


def _unknown_byte_candidates(shown: str, family: Family) -> tuple[str, ...]:
    """The likeliest characters ``shown`` (with U+FFFD for undefined bytes) can be."""
    options = [[bytes([b]) for b in undefined_cp1252_bytes()] if c == "\ufffd"
               else [family.to_bytes(c) or b""] for c in shown]
    codec = "utf-8" if family.encoding == "utf-8" else GBK
    found = set()
    for combo in itertools.product(*options):
        try:
            char = b"".join(combo).decode(codec)
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and char_cost(char) < SYMBOL:
            found.add(char)
    ranked = sorted(found, key=lambda c: (char_cost(c), c))
    return tuple(ranked[:LOST_CANDIDATES])


def _whole_run(text: str, lo: int, hi: int, family: Family) -> list[Change] | None:
    """The changes for ``text[lo:hi]`` when its non-ASCII stretch decodes in one piece
    (the usual case on a page garbled throughout), possibly but for a last character
    whose final byte became a lost-byte marker; None when it does not."""
    wide = [i for i in range(lo, hi) if text[i] >= "\x80"]
    if not wide:
        return None
    first, last = wide[0], wide[-1] + 1
    shown = text[first:last]
    data = run_bytes(shown, family)
    try:
        decoded = data.decode("gbk" if family.encoding == "gbk" else "utf-8")
    except UnicodeDecodeError as exc:
        marked = last == hi < len(text) and text[hi] in LOST_BYTE_MARKERS
        if not (family.lossy and marked and exc.reason == "unexpected end of data"):
            return None
        offsets = list(itertools.accumulate(len(family.to_bytes(c) or b"") for c in shown))
        split = offsets.index(exc.start) + 1 if exc.start in offsets else 0
        seg = Segment(first, hi + 1, data[:exc.start].decode("utf-8"), True,
                      data[exc.start:], split)
        return _judge(text, seg, family) or None
    if decoded == shown:
        return None
    return _judge(text, Segment(first, last, decoded), family) or None


def _hemmed_in(text: str, seg: Segment) -> bool:
    """True for a one-character decoding with ideographs right before and after it.

    Real UTF-8-as-GBK text is garbled throughout, so a lone garbled character sits next
    to other garbled characters, ASCII or a marker; two rare characters inside clean
    Traditional text (``鏈價`` in ``...鏈價...``) only look like one.
    """
    wide = [c for c in seg.decoded if c >= "\x80"]
    before = text[seg.start - 1:seg.start]
    after = text[seg.end:seg.end + 1]
    return len(wide) == 1 and bool(before) and bool(after) and is_cjk(before) and is_cjk(after)


def _inside_word(text: str, seg: Segment) -> bool:
    """True for a one-ideograph decoding with Latin letters right before and after it."""
    before = text[seg.start - 1:seg.start]
    after = text[seg.end:seg.end + 1]
    word = seg.decoded.strip()
    return len(word) == 1 and is_cjk(word) and before.isalpha() and after.isalpha() and (
        before.isascii() and after.isascii())


def _gaps(spans: list[tuple[int, int]], changes: list[Change]) -> list[tuple[int, int]]:
    """The parts of ``spans`` not covered by ``changes``."""
    out = []
    for lo, hi in spans:
        pos = lo
        for change in sorted(c for c in ((c.start, c.end) for c in changes) if lo <= c[0] < hi):
            if change[0] > pos:
                out.append((pos, change[0]))
            pos = max(pos, change[1])
        if pos < hi:
            out.append((pos, hi))
    return out


#: Finders in priority order: a later finder only sees text no earlier one changed.
FINDERS: tuple[Callable[[str], list[Change]], ...] = (
    entities.find_tags,
    entities.find_entities,
    lost.find_lost_markers,
    find_latin1_mojibake,
    find_gbk_view_mojibake,
    lost.find_replacement_chars,
)

_ANY = re.compile(r"[^\x00-\x7f]|[&<]|[a-z]+;")


def find_family_changes(text: str) -> list[Change]:
    """Every family change in ``text``: non-overlapping, in text order, on original offsets."""
    if not _ANY.search(text):
        return []
    changes: list[Change] = []
    for finder in FINDERS:
        for lo, hi in _gaps([(0, len(text))], changes):
            for change in finder(text[lo:hi]):
                change.start += lo
                change.end += lo
                changes.append(change)
    return sorted(changes, key=lambda c: c.start)
