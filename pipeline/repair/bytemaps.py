"""Byte-level views of text for the mojibake families: which bytes a character came from.

Everything here is generated from Python's codecs and the character-frequency table, not
typed by hand:

- ``single_byte_map``: a character shown by a Latin-1 or Windows-1252 decoder -> its byte.
- ``gbk_pair``: a character shown by a GBK (GB18030 two-byte) decoder -> its two bytes.
- ``utf8_as_gbk_chars``: the characters that appear when the UTF-8 bytes of common Chinese
  text are decoded as GBK (``鐢ㄦ埛`` for 用户): the signature of that family.
- ``decode_unit``: decode one character of a true encoding at a byte offset.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.repair.plausible import char_freq

#: GB18030 is what browsers and Windows (cp936) use for "GBK"; its two-byte part is GBK
#: plus the private-use mappings of the user-defined areas.
GBK = "gb18030"
#: Characters at least this frequent (per billion) count as "common" when generating the
#: UTF-8-as-GBK signature (about 7,000 characters).
COMMON_PER_BILLION = 1000
#: Punctuation and symbols common in Chinese text, by code point range.
CHINESE_PUNCTUATION_RANGES = ((0x3000, 0x303F), (0xFF01, 0xFF5E), (0x2010, 0x2027))


class Incomplete(Exception):
    """The bytes end in the middle of a character."""


@lru_cache(maxsize=1)
def single_byte_map() -> dict[str, int]:
    """Character -> byte for Latin-1 (0x00-0xFF, C1 controls included) and Windows-1252."""
    table = {chr(b): b for b in range(256)}
    for b in range(0x80, 0xA0):
        try:
            table.setdefault(bytes([b]).decode("cp1252"), b)
        except UnicodeDecodeError:
            continue
    return table


@lru_cache(maxsize=65536)
def gbk_pair(char: str) -> bytes | None:
    """The two GBK bytes a character decodes from, or None if it is not a GBK pair."""
    try:
        data = char.encode(GBK)
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 and data[0] >= 0x81 else None


def _common_text_units() -> list[bytes]:
    """UTF-8 bytes of common Chinese characters and punctuation."""
    table = char_freq()
    chars = [c for c, n in table.items() if n >= COMMON_PER_BILLION]
    for lo, hi in CHINESE_PUNCTUATION_RANGES:
        chars.extend(chr(code) for code in range(lo, hi + 1))
    return [c.encode("utf-8") for c in chars]


@lru_cache(maxsize=1)
def utf8_as_gbk_chars() -> frozenset[str]:
    """Characters a GBK decoder shows for the UTF-8 bytes of common Chinese text.

    A GBK decoder pairs bytes two by two, so a shown character is two adjacent bytes:
    inside one UTF-8 character, across two (last byte of one, first of the next), or the
    last byte of a character followed by an ASCII byte (a GBK trail in 0x40-0x7E).
    """
    units = _common_text_units()
    pairs: set[bytes] = set()
    firsts = {u[0] for u in units}
    lasts = {u[-1] for u in units}
    for unit in units:
        pairs.update(unit[i:i + 2] for i in range(len(unit) - 1))
    for last in lasts:
        pairs.update(bytes([last, first]) for first in firsts)
        pairs.update(bytes([last, trail]) for trail in range(0x40, 0x7F))
    shown = set()
    for pair in pairs:
        try:
            char = pair.decode(GBK)
        except UnicodeDecodeError:
            continue
        if len(char) == 1:
            shown.add(char)
    return frozenset(shown)


def decode_unit(data: bytes, i: int, encoding: str) -> tuple[str, int]:
    """Decode the character of ``encoding`` ("utf-8" or "gbk") starting at ``data[i]``.

    Returns (character, byte length). Raises ``Incomplete`` when ``data`` ends inside the
    character and ``ValueError`` when the bytes are not a character of ``encoding``.
    """
    lead = data[i]
    if lead < 0x80:
        return chr(lead), 1
    if encoding == "utf-8":
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else (
            4 if 0xF0 <= lead <= 0xF4 else 0)
        codec = "utf-8"
    else:
        size = 2 if 0x81 <= lead <= 0xFE else 0
        codec = GBK
    if not size:
        raise ValueError("not a lead byte")
    chunk = data[i:i + size]
    if len(chunk) < size:
        if any(not 0x80 <= b <= 0xBF for b in chunk[1:]):
            raise ValueError("bad continuation byte")
        raise Incomplete
    try:
        text = chunk.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from None
    if len(text) != 1:
        raise ValueError("not one character")
    return text, size
