"""Text that is gone for good, marked ``□`` (U+25A1) instead of being guessed.

- U+FFFD: a decoder's replacement character, one per undecodable character;
- ``锟斤拷``: two U+FFFD written as UTF-8 (EF BF BD EF BF BD) and read as GBK;
- ``烫烫烫`` / ``屯屯屯``: uninitialised memory from MSVC debug builds (bytes 0xCC / 0xCD
  read as GBK); the length of the lost text is not knowable, so one ``□`` per run.

The marker strings are generated from those byte patterns, not typed in.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pipeline.repair.bytemaps import GBK
from pipeline.repair.changes import Change

LOST = "□"
#: Uninitialised-memory fills of MSVC debug builds: stack (0xCC) and heap (0xCD).
FILL_BYTES = (0xCC, 0xCD)
#: A fill run must be at least this many characters long to count as lost text.
MIN_FILL_RUN = 3
#: U+FFFD as UTF-8: the bytes ``锟斤拷`` comes from.
REPLACEMENT_UTF8 = "\ufffd".encode()


@lru_cache(maxsize=1)
def _fffd_as_gbk() -> str:
    """Two U+FFFD in UTF-8 read as GBK: ``锟斤拷``, the cycle every run of them repeats."""
    return (REPLACEMENT_UTF8 * 2).decode(GBK)


@lru_cache(maxsize=1)
def _fill_chars() -> str:
    """Each fill byte doubled, read as GBK: ``烫``, ``屯``."""
    return "".join(bytes([b, b]).decode(GBK) for b in FILL_BYTES)


@lru_cache(maxsize=1)
def marker_re() -> re.Pattern[str]:
    """Runs of ``锟斤拷`` (at least one full pair) or of one fill character."""
    cycle = _fffd_as_gbk()
    first, second, third = cycle
    fill = "|".join(f"(?:{re.escape(c)}){{{MIN_FILL_RUN},}}" for c in _fill_chars())
    return re.compile(
        rf"(?P<fffd>{first}{second}{third}(?:{first}{second}{third})*(?:{first}{second}?)?)"
        rf"|(?P<fill>{fill})")


def find_lost_markers(text: str) -> list[Change]:
    """``lost`` changes for ``锟斤拷`` runs and uninitialised-memory runs in ``text``."""
    if not any(char in text for char in _fffd_as_gbk()[0] + _fill_chars()):
        return []  # no character a marker starts with
    changes = []
    for m in marker_re().finditer(text):
        if m.group("fffd"):
            count = math.ceil(len(m.group(0)) * 2 / len(REPLACEMENT_UTF8))
            changes.append(Change(m.start(), m.end(), LOST * count, "lost", 0.9, [],
                                  f"{count} U+FFFD written as UTF-8 and read as GBK"))
        else:
            changes.append(Change(m.start(), m.end(), LOST, "lost", 0.5, [],
                                  "uninitialised memory (MSVC fill bytes) read as GBK; "
                                  "the length of the lost text is unknown"))
    return changes


def find_replacement_chars(text: str) -> list[Change]:
    """A ``lost`` change per run of U+FFFD: one ``□`` for each replacement character."""
    if "\ufffd" not in text:
        return []
    return [Change(m.start(), m.end(), LOST * len(m.group(0)), "lost", 0.9, [],
                   "replacement character: the decoder could not read these bytes")
            for m in re.finditer("\ufffd+", text)]
