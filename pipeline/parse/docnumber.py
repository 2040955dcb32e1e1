"""Document numbers (发文字号): ``粤人社规〔2023〕1号`` -> issuer code, year, serial, and
decree numbers (令): ``国务院令第706号`` -> issuer code ``国务院令``, no year, serial.

The year bracket may be 〔〕 (the standard), [] or ［］, () or （）, or 【】, as pages
print it; the serial may be preceded by 第. A decree number's issuer is given without the
state's name before it (中华人民共和国国务院令第76号 is 国务院令第76号).
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


#: A decree number: the issuing body's 令, 第, serial, 号 (中华人民共和国 dropped).
DECREE = re.compile(
    r"(?:中华人民共和国)?(?P<code>[\u4e00-\u9fff]{1,12}?令)\s*第\s*(?P<serial>[0-9０-９]{1,5})\s*号")
#: Words a decree's issuer never starts with (the verb or preposition before it).
DECREE_LEAD = "年月日以经由据按依将、的"
#: The state's name, dropped from a decree's issuer.
STATE = "中华人民共和国"


def decree_number(match: re.Match[str]) -> DocNumber:
    """The ``DocNumber`` of a match of ``DECREE`` (year None): 国务院令第706号."""
    code = match.group("code").rsplit(STATE, 1)[-1].lstrip(DECREE_LEAD)
    serial = int(unicodedata.normalize("NFKC", match.group("serial")))
    return DocNumber(f"{code}第{serial}号", code, None, serial)


def find_decree_numbers(text: str) -> list[tuple[int, int, DocNumber]]:
    """(start, end, number) of each decree number in ``text``."""
    if "令" not in text:
        return []
    out = []
    for match in DECREE.finditer(text):
        number = decree_number(match)
        out.append((match.end() - len(number.text), match.end(), number))
    return out


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
