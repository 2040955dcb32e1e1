"""Byte views of shown text for the mojibake families, and the stretches that decode.

A family says how each character a wrong decoder showed maps back to the bytes behind it
(``Family.to_bytes``) and which encoding those bytes really are. ``runs`` finds maximal
runs of such characters; ``segments`` finds the stretches of a run whose bytes decode in
the real encoding, including a last character whose final byte a lossy decoder turned
into a marker. Judging whether a decoding is plausible is ``families``' business.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.repair.bytemaps import (
    GBK,
    Incomplete,
    decode_unit,
    gbk_pair,
    single_byte_map,
    utf8_as_gbk_chars,
)

#: Markers a decoder leaves for a byte it could not decode.
LOST_BYTE_MARKERS = "?\ufffd"


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


def _char_class(chars: set[str]) -> str:
    """A regular-expression class matching exactly ``chars``."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=8)
def run_patterns(family: Family) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns for the maximal runs of characters that ``family`` maps to bytes which
    have enough non-ASCII ones to decode (see ``runs``): (the stretch every such run
    contains, the runs themselves).

    The first starts with a character class, which the regular-expression engine scans
    for quickly. In the second, a lookbehind anchors each match at the start of a run and
    the quantifiers are possessive, so a run that does not qualify is scanned once.
    """
    shown = GBK_SINGLE_BYTES.keys() | utf8_as_gbk_chars() if family.lossy else (
        single_byte_map().keys() | {"\ufffd"})
    ascii_ok = {chr(b) for b in range(0x80) if family.to_bytes(chr(b)) is not None}
    chars = (set(shown) | ascii_ok) - {"\n"}
    run = _char_class(chars)
    if family.lossy:  # a character that can begin a UTF-8 character
        needed = chars & _utf8_starters()
        core = _char_class(needed)
        body = f"{_char_class(chars - needed)}*+{core}{run}*+"
    else:  # two non-ASCII characters
        wide = _char_class({c for c in chars if c >= "\x80"})
        narrow = _char_class({c for c in chars if c < "\x80"})
        core = f"{wide}{narrow}*+{wide}"
        body = f"{narrow}*+{core}{run}*+"
    return re.compile(core), re.compile(f"(?<!{run}){body}")


def runs(text: str, family: Family) -> Iterator[tuple[int, int]]:
    """Maximal runs of characters ``family`` maps to bytes, with enough non-ASCII ones.

    A Latin-1 family needs two non-ASCII characters (one byte alone decodes to nothing
    in UTF-8, and to at most a rare GBK character with an ASCII trail, as in ``jìn``);
    a UTF-8-as-GBK run needs a character that can begin a UTF-8 character.
    """
    core, run = run_patterns(family)
    if core.search(text) is None:
        return
    for match in run.finditer(text):
        yield match.span()


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


def segments(text: str, start: int, end: int, family: Family) -> list[Segment]:
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
