"""What counts as a change of wording: comparison forms of provision text.

Three forms of one text, from strict to loose:

* ``squash``: whitespace removed (any other difference is shown);
* ``fold``: also NFKC-folded, so half- and full-width brackets, digits and letters agree;
* ``bare``: folded with every punctuation mark removed (Unicode categories P*, S* for
  symbols such as ～, and Z*), so 。 -> ； or （ -> ( alone is no change of wording; marks
  that carry a quantity stay: ``KEPT`` (%), and any mark between two digits (1.5, 1,000,
  8:30, 1/3), so 1.5万 -> 15万 is a change.

Two texts whose ``squash`` forms differ but whose ``bare`` forms agree differ only in
punctuation or character width: the diff reports that as such, never as a rewording.
"""

from __future__ import annotations

import re
import unicodedata

#: Whitespace, ignored when comparing.
SPACE_RE = re.compile(r"\s+")

#: Unicode category prefixes dropped by ``bare``: punctuation, symbols, separators.
IGNORED_CATEGORIES = ("P", "S", "Z")
#: Marks that carry meaning in a quantity and are never ignored.
KEPT = frozenset("%‰‱°℃")


def squash(text: str) -> str:
    """``text`` without whitespace: the form compared by the diff."""
    return SPACE_RE.sub("", text)


def fold(text: str) -> str:
    """``text`` NFKC-normalised, whitespace removed."""
    return squash(unicodedata.normalize("NFKC", text))


class _Dropped(dict[int, int | None]):
    """``str.translate`` table, filled as characters are met: None (drop) for the
    ignored categories except ``KEPT``, the code itself otherwise."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        value = None if ch not in KEPT and unicodedata.category(ch).startswith(
            IGNORED_CATEGORIES) else code
        self[code] = value
        return value


_DROPPED = _Dropped()
#: A mark between two digits (1.5, 1,000, 8:30, 1/3): part of a number, kept.
_IN_NUMBER = re.compile(r"(?<=\d)[^\w\s](?=\d)")


def bare(text: str) -> str:
    """``fold(text)`` without punctuation, symbols and separators: the wording alone."""
    text = fold(text)
    pieces, pos = [], 0
    for mark in _IN_NUMBER.finditer(text):
        pieces += [text[pos:mark.start()].translate(_DROPPED), mark.group()]
        pos = mark.end()
    pieces.append(text[pos:].translate(_DROPPED))
    return "".join(pieces)


def punctuation_only(old: str, new: str) -> bool:
    """True when ``old`` and ``new`` differ (whitespace aside) but not in wording."""
    return squash(old) != squash(new) and bare(old) == bare(new)
