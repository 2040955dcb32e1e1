"""The normalisation shared by every comparison of the evaluation."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"(1[89]|2[01])\d\d")


def norm(text: str | None) -> str:
    """``text`` after NFKC normalisation with all white space removed ("" for None)."""
    if not text:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def han_chars(text: str) -> set[str]:
    """The distinct Han characters of ``text``."""
    return {ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"}


def year_of(value: object) -> int | None:
    """The four-digit year in ``value`` (an int such as 2025, or text such as
    ``"2025年底"``), or None."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    match = _YEAR.search(str(value))
    return int(match.group()) if match else None
