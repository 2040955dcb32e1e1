"""Document numbers (发文字号): ``粤人社规〔2023〕1号`` -> issuer code, year, serial.

The year bracket may be 〔〕 (the standard), [] or ［］, () or （）, or 【】, as pages
print it; the serial may be preceded by 第.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.model import DocNumber

#: Opening and closing brackets accepted around the year, paired by position.
OPEN_BRACKETS = "〔[［(（【"
CLOSE_BRACKETS = "〕]］)）】"

#: A document number anywhere in a text: issuer code, bracketed year, serial, 号.
PATTERN = re.compile(
    rf"(?P<code>[\u4e00-\u9fffA-Za-z]{{1,12}}?)\s*[{re.escape(OPEN_BRACKETS)}]\s*"
    rf"(?P<year>(?:19|20)[0-9]{{2}})\s*[{re.escape(CLOSE_BRACKETS)}]\s*"
    rf"第?\s*(?P<serial>[0-9０-９]{{1,5}})\s*号")


def parse_doc_number(match: re.Match[str]) -> DocNumber:
    """The ``DocNumber`` of a match of ``PATTERN``."""
    serial = int(unicodedata.normalize("NFKC", match.group("serial")))
    return DocNumber(match.group(0), match.group("code"), int(match.group("year")), serial)


def find_doc_number(text: str) -> DocNumber | None:
    """The first document number in ``text``, or None."""
    match = PATTERN.search(text)
    return parse_doc_number(match) if match else None


def whole_doc_number(text: str) -> DocNumber | None:
    """The document number when ``text`` is nothing else (a line under the title)."""
    match = PATTERN.fullmatch(text.strip())
    return parse_doc_number(match) if match else None
