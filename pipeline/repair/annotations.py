"""Pinyin annotations: ``關(guān)`` is 關 followed by its reading; the reading is noise.

An annotation is removed only when its letters are a reading of the character before it
(pypinyin's heteronym readings, tone-marked or toneless, from ``data/readings.tsv``, which
``scripts/build_readings.py`` generates from pypinyin so that a run never loads pypinyin's
phrase dictionary), so real parentheticals such as ``(含技工院校)``, ``(一)`` or ``(GDP)``
are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import opencc

from pipeline.repair.changes import Change

#: Letters that occur in tone-marked pinyin.
PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
#: ``(reading)`` after a Han character (matched from the ``(``: the lookbehind comes after
#: it, so the engine scans for the ``(`` quickly).
ANNOTATION_RE = re.compile(
    rf"\((?<=(?P<char>[\u3400-\u9fff\uf900-\ufaff])\()(?P<reading>[{PINYIN_LETTERS}]{{1,7}})\)")


@lru_cache(maxsize=65536)
def readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for ``char`` and for its Simplified form (annotators
    read the Simplified character: 績 is read jì, as 绩, though pypinyin reads 績 jī
    only): tone-marked and toneless, heteronyms included, lower case."""
    found: set[str] = set()
    table = _reading_table()
    for form in dict.fromkeys((char, simplified(char))):
        row = table.get(form)
        if row:
            found.update(r.lower() for r in row.replace("\t", ",").split(",") if r)
    found.update(r.replace("v", "ü") for r in list(found))
    return frozenset(found)


@lru_cache(maxsize=65536)
def usual_readings(char: str) -> frozenset[str]:
    """The readings an annotator writes for ``char`` or its Simplified form: the first
    one pypinyin gives and those the character takes in pypinyin's phrases (not an
    archaic heteronym: 立 is lì, never wèi), tone-marked and toneless, lower case."""
    found: set[str] = set()
    table = _reading_table()
    for form in dict.fromkeys((char, simplified(char))):
        row = table.get(form)
        if row and row.count("\t") >= 2:
            found.update(r for r in row.split("\t")[2].split(",") if r)
    found.update([_toneless(r) for r in found])
    found.update([r.replace("v", "ü") for r in found])
    return frozenset(found)


def _toneless(reading: str) -> str:
    """``shù`` -> ``shu`` (``ü`` kept)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", reading)
                    if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", plain)


@lru_cache(maxsize=1)
def _reading_table() -> dict[str, str]:
    """Character -> its line of ``data/readings.tsv`` after the character (tone-marked
    readings, toneless readings and usual readings, tab-separated), split only when a
    character is asked about."""
    text = resources.files("pipeline.data").joinpath("readings.tsv").read_text("utf-8")
    return {line[0]: line[2:] for line in text.splitlines() if line and line[0] != "#"}


@lru_cache(maxsize=65536)
def simplified(char: str) -> str:
    """The Simplified form of a Traditional ``char`` (itself when OpenCC keeps it or
    gives more than one character)."""
    out = _t2s().convert(char)
    return out if len(out) == 1 else char


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise_reading(reading: str) -> str:
    """A reading in pypinyin's spelling: lower case, NFC (``ü`` kept)."""
    return unicodedata.normalize("NFC", reading.lower())


@lru_cache(maxsize=65536)
def is_reading(char: str, reading: str) -> bool:
    """True when ``reading`` is a pinyin reading of ``char``."""
    return normalise_reading(reading) in readings(char)


def find_annotations(text: str) -> list[Change]:
    """Changes that delete each validated ``字(pīn)`` annotation in ``text``."""
    changes = []
    for match in ANNOTATION_RE.finditer(text):
        char, reading = match.group("char", "reading")
        if is_reading(char, reading):
            changes.append(Change(match.start(), match.end(), "", "annotation",
                                  note=reading))
    return changes
