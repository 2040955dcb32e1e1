"""Chinese mojibake families other than GBK misalignment, found on spans of a block.

A page often has a clean header and a garbled body, so nothing here treats the block as
one string. Each family is a (shown-as, really) pair of encodings:

- ``gbk-latin1``: GBK bytes shown by a Latin-1/Windows-1252 decoder (``·¿µØ²ú`` = 房地产);
- ``utf8-latin1``: UTF-8 bytes shown by a Latin-1/Windows-1252 decoder (``æ”¿ç­–`` = 政策);
- ``utf8-gbk``: UTF-8 bytes shown by a GBK decoder (``鐢ㄦ埛`` = 用户).

Candidate runs are found by character class (``bytemaps``); the bytes behind a run are
re-decoded with the real encoding into segments (``segments``), and a segment is accepted
only when its decoding is plausible Chinese and clearly better than what was shown
(``plausible.plausible_repair``). Bytes a lossy decoder replaced are never guessed: a
UTF-8 character whose last byte a GBK decoder turned into ``?``/U+FFFD, or a character
with a byte a strict Windows-1252 decoder turned into U+FFFD, becomes ``□`` (kind
``lost``) with its likeliest readings as candidates.

``find_family_changes`` also runs the other span finders (HTML tags and entities, lost
text) and returns non-overlapping changes in text order.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from functools import lru_cache

from pipeline.model import Candidate
from pipeline.repair import entities, lost
from pipeline.repair.bytemaps import GBK, Incomplete, decode_unit
from pipeline.repair.changes import Change, apply_changes
from pipeline.repair.plausible import SYMBOL, char_cost, is_cjk, plausible_repair
from pipeline.repair.segments import (
    GBK_LATIN1,
    LOST_BYTE_MARKERS,
    UTF8_GBK,
    UTF8_LATIN1,
    Family,
    Segment,
    run_bytes,
    runs,
    segments,
    undefined_cp1252_bytes,
)

#: How many runners-up to record for a lost character.
LOST_CANDIDATES = 3
#: Confidence that a character was lost there (its identity is not guessed).
LOST_CONFIDENCE = 0.9


#: Continuation bytes of UTF-8: what a lost byte after a UTF-8 lead can have been.
UTF8_CONTINUATION = tuple(bytes([b]) for b in range(0x80, 0xC0))


def ranked_candidates(options: list[tuple[bytes, ...]], codec: str) -> list[Candidate]:
    """The likeliest characters the byte ``options`` (one tuple per position) can spell in
    ``codec``, most plausible first, each scored by its share of the top ones' weight."""
    found = set()
    for combo in itertools.product(*options):
        try:
            char = b"".join(combo).decode(codec)
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and char_cost(char) < SYMBOL:
            found.add(char)
    ranked = sorted(found, key=lambda c: (char_cost(c), c))[:LOST_CANDIDATES]
    weights = [math.exp(-char_cost(c)) for c in ranked]
    return [Candidate(c, round(w / sum(weights), 3)) for c, w in zip(ranked, weights,
                                                                      strict=True)]


@lru_cache(maxsize=4096)
def lost_candidates(known: bytes) -> tuple[Candidate, ...]:
    """The likeliest characters whose UTF-8 bytes start with ``known`` (a lead byte and
    perhaps continuation bytes; at most two bytes missing)."""
    lead = known[0]
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    missing = size - len(known)
    if not 0 < missing <= 2:
        return ()
    return tuple(ranked_candidates([(known,), *[UTF8_CONTINUATION] * missing], "utf-8"))


def _lost_changes(text: str, seg: Segment, family: Family) -> list[Change]:
    """Changes for a segment whose last character lost its final byte(s) to a marker.

    The recovered characters and the lost one become separate changes when the lost
    character's bytes start on a shown character; otherwise one ``lost`` change.
    """
    choices = lost_candidates(seg.known)
    note = (f"{family.kind}: the last byte of a UTF-8 character became "
            f"{text[seg.end - 1]!r}; known bytes {seg.known.hex(' ')}")
    head = "" if seg.split else seg.decoded
    changes = []
    if seg.split:
        changes.append(Change(seg.start, seg.start + seg.split, seg.decoded, family.kind,
                              family.confidence, [],
                              f"{family.kind}: {text[seg.start:seg.start + seg.split]!r}"))
    candidates = [Candidate(head + c.text, c.score) for c in choices]
    changes.append(Change(seg.start + seg.split, seg.end, head + "□", "lost",
                          LOST_CONFIDENCE, candidates, note))
    return changes


def _find_family_group(text: str, families: tuple[Family, ...]) -> list[Change]:
    """Changes for runs of ``families[0]``'s characters, trying each family in order."""
    changes: list[Change] = []
    for run_start, run_end in runs(text, families[0]):
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
    found_segments = segments(text, lo, hi, family)
    covered = {i for seg in found_segments for i in range(seg.start, seg.end)}
    leftover = {i for i in range(lo, hi) if text[i] >= "\x80" and i not in covered}
    found = []
    for seg in found_segments:
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
        undefined = tuple(bytes([b]) for b in undefined_cp1252_bytes())
        choices = ranked_candidates(
            [undefined if c == "\ufffd" else (family.to_bytes(c) or b"",)
             for c in shown[lo:hi]], "utf-8" if family.encoding == "utf-8" else GBK)
        if not choices:
            return []
        kept_shown += shown[lo:hi]
        kept += choices[0].text
        weak = weak or shown[lo:hi].count("\ufffd") * 2 >= hi - lo
        changes.append(Change(
            seg.start + lo, seg.start + hi, "□", "lost", LOST_CONFIDENCE, choices,
            f"{family.kind}: a byte Windows-1252 leaves undefined became U+FFFD"))
    lost_count = sum(c.kind == "lost" for c in changes)
    recovered = any(c.kind != "lost" and c.replacement >= "\x80" for c in changes)
    structural = family.encoding == "utf-8" and not weak  # UTF-8's structure is evidence
    if not (structural or recovered or lost_count >= 2) or not plausible_repair(
            kept_shown, kept):
        return []
    return changes


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
    whole = [(0, len(text))]
    for finder in FINDERS:
        for lo, hi in _gaps(whole, changes) if changes else whole:
            for change in finder(text[lo:hi]):
                change.start += lo
                change.end += lo
                changes.append(change)
    return sorted(changes, key=lambda c: c.start)
