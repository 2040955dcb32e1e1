"""Dates as printed in official documents, to ISO 8601.

``2023年5月10日`` and ``二〇二三年五月十日`` both become ``2023-05-10``.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.numerals import chinese_to_int

_NUM = "0-9０-９〇零一二三四五六七八九十"
#: A full date: year, month, day.
DATE = re.compile(rf"(?P<y>[{_NUM}]{{4}})\s*年\s*(?P<m>[{_NUM}]{{1,3}})\s*月\s*"
                  rf"(?P<d>[{_NUM}]{{1,3}})\s*[日号]")


def _value(text: str) -> int | None:
    ascii_text = unicodedata.normalize("NFKC", text)
    return int(ascii_text) if ascii_text.isdigit() else chinese_to_int(text)


def iso_date(match: re.Match[str]) -> str | None:
    """The ISO date of a ``DATE`` match, or None when it is not a calendar date."""
    year, month, day = (_value(match.group(g)) for g in "ymd")
    if year is None or month is None or day is None:
        return None
    if not (1900 <= year <= 2199 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_line(text: str) -> str | None:
    """The ISO date when ``text`` is a date and nothing else (a signature's date line)."""
    match = DATE.fullmatch(text.strip(" \u3000"))
    return iso_date(match) if match else None
