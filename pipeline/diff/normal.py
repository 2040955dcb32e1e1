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
from functools import lru_cache

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


@lru_cache(maxsize=4096)
def _ignored(ch: str) -> bool:
    return unicodedata.category(ch).startswith(IGNORED_CATEGORIES)


def bare(text: str) -> str:
    """``fold(text)`` without punctuation, symbols and separators: the wording alone."""
    text = fold(text)
    last = len(text) - 1
    return "".join(
        ch for k, ch in enumerate(text)
        if ch in KEPT or not _ignored(ch)
        or (0 < k < last and text[k - 1].isdigit() and text[k + 1].isdigit()))


def punctuation_only(old: str, new: str) -> bool:
    """True when ``old`` and ``new`` differ (whitespace aside) but not in wording."""
    return squash(old) != squash(new) and bare(old) == bare(new)
