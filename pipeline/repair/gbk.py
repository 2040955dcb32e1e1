"""GBK byte facts the solver and the corruption simulator share.

A GBK character is a lead byte 0x81-0xFE and a trail byte 0x40-0xFE (not 0x7F). Some
pairs are unassigned or private use: a decoder that meets them drops them.
"""

from __future__ import annotations

from functools import lru_cache

LEADS = range(0x81, 0xFF)
TRAILS = tuple(b for b in range(0x40, 0xFF) if b != 0x7F)
#: Full-width punctuation folded to ASCII on the page, and back.
FOLDED = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？"}
#: Every full-width form U+FF01-FF5E and its ASCII twin: some pages fold them all
#: (``！`` shows as ``!``, a full-width ``Ｆ`` as ``F``), also inside garbled runs.
FULLWIDTH = {chr(code): chr(code + 0xFEE0) for code in range(0x21, 0x7F)}
#: The byte 0x80, which starts no pair, as a Windows decoder (cp936) shows it alone;
#: other decoders show ``?``. Out of step it is the trail of 個 (82 80) and its like.
EURO = "\u20ac"


def is_lead(byte: int) -> bool:
    """True for a GBK lead byte."""
    return 0x81 <= byte <= 0xFE


def is_trail(byte: int) -> bool:
    """True for a byte that may follow a GBK lead byte."""
    return 0x40 <= byte <= 0xFE and byte != 0x7F


@lru_cache(maxsize=65536)
def decode_pair(pair: bytes) -> str | None:
    """The character a GBK byte pair stands for; None when unassigned or private use."""
    try:
        char = pair.decode("gbk")
    except UnicodeDecodeError:
        return None
    if len(char) != 1 or "\ue000" <= char <= "\uf8ff":
        return None
    return char


def char_of(lead: int, trail: int) -> str | None:
    """The character of bytes ``lead trail``; None when they are not an assigned pair."""
    if not (is_lead(lead) and is_trail(trail)):
        return None
    return decode_pair(bytes((lead, trail)))


@lru_cache(maxsize=65536)
def pair_of(char: str) -> tuple[int, int] | None:
    """The two GBK bytes of ``char`` (folded ASCII punctuation counts as full-width)."""
    char = FOLDED.get(char, char)
    try:
        data = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return (data[0], data[1]) if len(data) == 2 else None


@lru_cache(maxsize=128)
def folded_pair(char: str) -> tuple[int, int] | None:
    """The two GBK bytes of the full-width twin of the ASCII ``char`` (``!`` -> A3 A1),
    or None when ``char`` has none."""
    full = FULLWIDTH.get(char)
    return pair_of(full) if full else None


@lru_cache(maxsize=1)
def dropped_pairs() -> dict[int, frozenset[int]]:
    """For each byte, the bytes after it that make an unassigned pair (the decoder drops).

    Only bytes from 0x81 up count as trails here: a trail below 0x80 would show as ASCII.
    """
    table: dict[int, frozenset[int]] = {}
    for lead in LEADS:
        gone = frozenset(t for t in TRAILS if t >= 0x80 and char_of(lead, t) is None)
        if gone:
            table[lead] = gone
    return table
