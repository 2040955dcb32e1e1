"""The forward corruption process: clean Simplified text in, a damaged page out.

This is the model of ``docs/corruption-model.md`` run forwards, for tests and benchmarks:

1. a naive character-by-character Simplified -> Traditional conversion (OpenCC ``s2t`` per
   character; a character that is already a common Traditional character, i.e. in
   Big5's frequent range, is kept: 于, 并, 后 stay);
2. the text is encoded as GBK;
3. pinyin annotations ``(pīn)`` (GBK bytes) are inserted after converted characters; with
   probability ``misalign`` an annotation lands one byte early, between the lead and
   the trail byte of its character, and then carries the reading of the two bytes
   before it (``[trail of the previous char][lead of this one]``), as the annotator saw
   them, when they are a character the conversion produces (the annotator only
   annotated those);
4. optionally the lead byte of a character is lost (replaced by ``?``) or vanishes,
   and quotes are written as HTML entities (``&rdquo;``);
5. the bytes are decoded by a GBK decoder that gets out of step (``decode_out_of_step``);
6. full-width ``，：；（）？`` (or every full-width form) are folded to ASCII, intact
   entities are unescaped.

What the real damaged pages show beyond the sample page is switched on by ``corrupt``'s
keywords (``REAL_PAGES`` holds them all): every full-width form folded (``！`` -> ``!``,
``Ｆ`` -> ``F``), a lone byte swallowing any ASCII byte below 0x40 (a digit, ``<``, a
folded comma), lead bytes that vanish, annotations read on the Simplified character, and
a Traditional conversion other than the naive one the language model assumes (OpenCC
``s2t`` or ``s2tw`` on the whole text). Some pages were decoded by Windows' cp936, which
shows the byte 0x80 as ``€`` where others show ``?`` (``euro``: the trail of 個, 82 80,
out of step).

``corrupt`` is deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from functools import lru_cache

import opencc
from pypinyin import Style, pinyin

from pipeline.repair.gbk import EURO, FOLDED, FULLWIDTH, decode_pair, is_lead, is_trail
from pipeline.repair.tokens import is_han

#: Full-width punctuation folded to ASCII after decoding.
FOLD = str.maketrans({full: ascii for ascii, full in FOLDED.items()})
#: Every full-width form folded to its ASCII twin.
FOLD_ALL = str.maketrans({full: ascii for ascii, full in FULLWIDTH.items()})
#: ASCII bytes a lone byte swallows when it decodes as ``?``: on the sample page ``(``
#: and ``&``; on other pages any printable byte below 0x40 (none is a valid trail byte).
SWALLOWED = b"(&"
SWALLOWED_ANY = bytes(range(0x20, 0x40))
#: ``corrupt`` keywords for damage as the real pages show it.
REAL_PAGES = {"fold_all": True, "swallow_any": True, "simplified_readings": True,
              "vanish": 0.0001, "lose": 0.001, "converter": "s2t"}
#: Quotes written as HTML entities, and the entities unescaped after decoding.
ENTITIES = {"“": "&ldquo;", "”": "&rdquo;"}
LOST_BYTE = 0x3F
#: Big5's frequently used characters: a character coded here is already Traditional.
BIG5_COMMON = (b"\xa4\x40", b"\xc6\x7e")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=8192)
def naive_char(char: str) -> str:
    """The Traditional form a naive per-character converter gives ``char``."""
    try:
        code = char.encode("big5")
    except UnicodeEncodeError:
        code = b""
    if len(code) == 2 and BIG5_COMMON[0] <= code <= BIG5_COMMON[1]:
        return char
    out = _s2t().convert(char)
    return out if len(out) == 1 else char


def naive_traditional(text: str) -> str:
    """Convert ``text`` character by character to Traditional, same length."""
    return "".join(naive_char(ch) for ch in text)


@lru_cache(maxsize=65536)
def is_converted(char: str) -> bool:
    """True for a Traditional character the naive conversion produces from another one."""
    simple = _t2s().convert(char)
    return simple != char and naive_char(simple) == char


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def reading(char: str) -> str | None:
    """The usual tone-marked pinyin of a Han ``char``, or None when it has none."""
    if not is_han(char):
        return None
    found = pinyin(char, style=Style.TONE, errors=lambda _: [None])
    value = found[0][0] if found and found[0] else None
    if not value or not value.isalpha():
        return None
    try:
        value.encode("gbk")
    except UnicodeEncodeError:
        return None
    return value


def decode_out_of_step(data: bytes, swallowed: bytes = SWALLOWED, euro: bool = False,
                       ) -> str:
    """Decode GBK bytes the way the damaged page was decoded.

    A lead byte and a valid trail byte make one character; an unassigned or private-use
    pair vanishes. A byte from 0x80 up that has no valid trail after it decodes as ``?``
    and swallows a following byte of ``swallowed``; with ``euro``, the byte 0x80 (no lead
    byte) decodes as ``€`` and swallows nothing, as Windows' cp936 decoder shows it.
    ASCII bytes are themselves.
    """
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        byte = data[i]
        if byte < 0x80:
            out.append(chr(byte))
            i += 1
        elif is_lead(byte) and i + 1 < n and is_trail(data[i + 1]):
            char = decode_pair(data[i:i + 2])
            if char is not None:
                out.append(char)
            i += 2
        elif euro and byte == 0x80:
            out.append(EURO)
            i += 1
        else:
            out.append("?")
            i += 2 if i + 1 < n and data[i + 1] in swallowed else 1
    return "".join(out)


def fold_punctuation(text: str, every: bool = False) -> str:
    """Full-width ``，：；（）？`` (``every``: every full-width form) folded to ASCII."""
    return text.translate(FOLD_ALL if every else FOLD)


def unescape_entities(text: str) -> str:
    """Intact quote entities back to characters (broken ones such as ``?rdquo;`` stay)."""
    for char, entity in ENTITIES.items():
        text = text.replace(entity, char)
    return text


def encode_char(char: str) -> bytes:
    """GBK bytes of ``char``; ``?`` when GBK has no code for it."""
    try:
        return char.encode("gbk")
    except UnicodeEncodeError:
        return b"?"


def annotate_bytes(text: str, annotations: Mapping[int, bool], *,
                   lost: frozenset[int] = frozenset(),
                   entities: frozenset[int] = frozenset(),
                   vanished: frozenset[int] = frozenset(), source: str = "") -> bytes:
    """GBK bytes of ``text`` with pinyin annotations inserted.

    ``annotations`` maps a character index to ``early``: False puts ``(reading)`` after
    the character; True puts it one byte early, inside the character, carrying the
    reading of the two bytes before that point (nothing is inserted when those two
    bytes are not a Han character with a reading). ``lost`` indexes characters whose
    lead byte becomes ``?``, ``vanished`` those whose lead byte disappears; ``entities``
    indexes quotes written as HTML entities. With ``source`` (the Simplified text, same
    length), a character's own annotation carries the reading of its Simplified form.
    """
    out = bytearray()
    for index, char in enumerate(text):
        if index in entities and char in ENTITIES:
            out += ENTITIES[char].encode("ascii")
            continue
        data = encode_char(char)
        early = annotations.get(index)
        if early is None:
            note = None
        elif early and len(data) == 2 and out:
            before = decode_pair(bytes(out[-1:]) + data[:1])
            note = reading(before) if before and is_converted(before) else None
        else:
            early = False
            note = reading(source[index] if source else char)
        if index in lost and len(data) == 2:
            data = bytes([LOST_BYTE]) + data[1:]
        elif index in vanished and len(data) == 2:
            data = data[1:]
        if note is None:
            out += data
        elif early:
            out += data[:1] + f"({note})".encode("gbk") + data[1:]
        else:
            out += data + f"({note})".encode("gbk")
    return bytes(out)


def garble(text: str, annotations: Mapping[int, bool], *,
           lost: frozenset[int] = frozenset(), entities: frozenset[int] = frozenset(),
           vanished: frozenset[int] = frozenset(), source: str = "",
           fold_all: bool = False, swallow_any: bool = False, euro: bool = False) -> str:
    """Traditional ``text`` through annotation, GBK, out-of-step decoding and folding
    (keywords as in ``annotate_bytes``, ``decode_out_of_step`` and ``corrupt``)."""
    data = annotate_bytes(text, annotations, lost=lost, entities=entities,
                          vanished=vanished, source=source)
    decoded = decode_out_of_step(data, SWALLOWED_ANY if swallow_any else SWALLOWED, euro)
    return unescape_entities(fold_punctuation(decoded, fold_all))


def to_traditional(text: str, converter: str = "naive") -> str:
    """``text`` in Traditional characters, same length: ``naive`` (character by
    character, as the language model assumes) or an OpenCC configuration on the whole
    text (``s2t``, ``s2tw``), character by character where that changes the length."""
    if converter == "naive":
        return naive_traditional(text)
    out = _opencc(converter).convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(c := _opencc(converter).convert(ch)) == 1 else ch for ch in text)


@lru_cache(maxsize=4)
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def corrupt(text: str, seed: int, *, annotate: float = 0.5, misalign: float = 0.02,
            lose: float = 0.0, entity: float = 0.0, vanish: float = 0.0,
            fold_all: bool = False, swallow_any: bool = False, euro: bool = False,
            simplified_readings: bool = False, converter: str = "naive") -> str:
    """Damage clean Simplified ``text`` the way the sample page was damaged.

    ``annotate``: probability that a character changed by the Traditional conversion gets
    an annotation; ``misalign``: probability that an annotation lands one byte early;
    ``lose``: probability that a character's lead byte is lost; ``entity``: probability
    that a curly quote is written as an HTML entity; ``vanish``: probability that a
    character's lead byte vanishes; ``fold_all``, ``swallow_any``, ``euro``,
    ``simplified_readings`` and ``converter``: see the module docstring. Same seed, same
    output.
    """
    rng = random.Random(seed)
    trad = to_traditional(text, converter)
    annotations: dict[int, bool] = {}
    lost: set[int] = set()
    entities: set[int] = set()
    vanished: set[int] = set()
    for index, (simple, char) in enumerate(zip(text, trad, strict=True)):
        if char != simple and rng.random() < annotate:
            annotations[index] = rng.random() < misalign
        if lose and rng.random() < lose:
            lost.add(index)
        if entity and char in ENTITIES and rng.random() < entity:
            entities.add(index)
        if vanish and rng.random() < vanish:
            vanished.add(index)
    return garble(trad, annotations, lost=frozenset(lost), entities=frozenset(entities),
                  vanished=frozenset(vanished), source=text if simplified_readings else "",
                  fold_all=fold_all, swallow_any=swallow_any, euro=euro)
