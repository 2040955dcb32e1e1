"""Document-level facts: summary flag, signatures, dates and region (the header, with
title and number, is ``header.py``).

The closing block is found from the end: a date line (``2023年5月10日``) and the short
unpunctuated lines just above it (the issuing bodies), with nothing of a document after
it. Everything from there on is not part of the body, so the outline stops before it. A
印发 notice's own signature stands before the document it issues (``find_signatures``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse import levels, places
from pipeline.parse.dates import DATE, date_line, iso_date

#: A title that ends so is a summary of the document, not its text.
SUMMARY_SUFFIXES = ("摘要", "（摘要）", "(摘要)", "摘编", "要点")
#: How many non-empty paragraphs at the end may hold the closing date.
CLOSING_WINDOW = 6
#: At most this many signature lines above the date; each at most this long.
MAX_SIGNATURE_LINES, MAX_SIGNATURE_LEN = 4, 40
#: Headings that never follow a closing date (a document is there, not a trailer).
TRAILER_NEVER = ("division", "chapter", "part", "article", "cn-comma", "cn-paren")
#: An entity name left in the text (&nbsp;, &sp;): padding, not part of a name.
STRAY_ENTITY = re.compile(r"&[a-zA-Z]{1,8};?")
#: Characters a signature line never holds (it is a name, not a sentence).
SENTENCE_MARKS = re.compile(r"[。；;，,：:！？!?《》“”]")
#: Effective-date clauses: 自2024年1月1日起施行, 自印发之日起施行.
EFFECTIVE = re.compile(
    rf"自\s*(?:(?P<date>{DATE.pattern})|(?P<issue>印发|发布|公布|颁布)之日)\s*起\s*"
    r"(?:施行|实施|执行|生效)")

_PROVINCE = "|".join(sorted((n for pair in places.PROVINCES for n in pair), key=len,
                            reverse=True))
_CITY = "|".join(places.CITY_SUFFIXES)
#: A place: a province, optionally a city under it, or a city alone (anchored use only).
REGION = re.compile(rf"(?P<province>{_PROVINCE})(?P<city>[\u4e00-\u9fff]{{2,4}}?(?:{_CITY}))?")
CITY_AT_START = re.compile(rf"^(?P<city>[\u4e00-\u9fff]{{2,4}}?(?:{_CITY}))(?:人民政府|政府|"
                           r"关于|委员会|人大|党委|办公室|[\u4e00-\u9fff]{0,6}(?:局|委|厅|办)|"
                           r"促进|推进|加快|加强|进一步|印发|实施|全面|深化|支持)")


@dataclass
class Closing:
    """The closing block: signature lines (date line last), its date, where it starts
    and ends (the end of its date line)."""

    lines: list[str]
    date: str | None
    start: int
    end: int = -1


def split_title(line: str) -> tuple[str, bool]:
    """The title from its line, and whether the page calls itself a summary (摘要)."""
    title = line.strip(" \u3000").rstrip(":：")
    for suffix in SUMMARY_SUFFIXES:
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip(" ：:"), True
    return title, False


def _block_at(paras: list[tuple[int, str]], index: int) -> Closing | None:
    """The signature block whose date line is ``paras[index]`` (non-empty paragraphs with
    their offsets): the signature lines just above it; None when it is no date line or
    nothing but a date line (or the whole text above it is signature)."""
    start, para = paras[index]
    date = date_line(para)
    if date is None:
        return None
    first = index
    while (first > 0 and index - first < MAX_SIGNATURE_LINES
           and _is_signature(paras[first - 1][1])):
        first -= 1
    if first == 0:
        return None
    lines = [_signature_text(p) for _, p in paras[first:index + 1]]
    return Closing(lines, date, paras[first][0], start + len(para))


def find_closing(text: str) -> Closing | None:
    """The signature and date block at the end of ``text``, or None if there is none (or
    a document follows it: a 印发 notice's attached measures)."""
    non_empty = [(start, p) for start, p in _paragraphs(text) if p.strip()]
    for index in range(len(non_empty) - 1, max(len(non_empty) - CLOSING_WINDOW, 0) - 1, -1):
        if date_line(non_empty[index][1]) is None:
            continue
        block = _block_at(non_empty, index)
        if block is None or not all(_is_trailer(p) for _, p in non_empty[index + 1:]):
            return None
        return block
    return None


def find_signatures(text: str, end: int) -> list[Closing]:
    """Every signature block (signature lines, then a date line) in ``text[:end]``, in
    order: a 印发 notice's own signature stands before the document it issues."""
    paras = [(start, p) for start, p in _paragraphs(text[:end]) if p.strip()]
    blocks = (_block_at(paras, index) for index in range(len(paras)))
    return [b for b in blocks if b is not None and len(b.lines) > 1]


def _is_trailer(para: str) -> bool:
    """Whether ``para`` can follow the closing date: an attachment list, a table, a
    note, never a provision's heading or a sentence of a document."""
    line = para.strip(" \u3000")
    if any(levels.BY_NAME[name].pattern.match(line) for name in TRAILER_NEVER):
        return False
    return not (len(line) > MAX_SIGNATURE_LEN and line.endswith("。"))


def _signature_text(para: str) -> str:
    """A signature line without its padding: spaces and stray entity names (&nbsp;, a
    broken &sp;) that pages use to push it to the right."""
    return STRAY_ENTITY.sub("", para).strip(" \u3000\u00a0")


def _is_signature(para: str) -> bool:
    """Whether ``para`` can be a signature line (a short name without punctuation)."""
    line = _signature_text(para)
    if not 0 < len(line) <= MAX_SIGNATURE_LEN or SENTENCE_MARKS.search(line):
        return False
    numbered = levels.ATTACHMENT_ENTRY.match(line) or any(
        scheme.pattern.match(line) for scheme in levels.SCHEMES)
    return not numbered and date_line(line) is None


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Each paragraph of ``text`` with its start offset."""
    out, offset = [], 0
    for para in text.split("\n"):
        out.append((offset, para))
        offset += len(para) + 1
    return out


def effective_date(text: str, issue_date: str | None) -> str | None:
    """The date the document takes effect, when it says; 自印发之日 means ``issue_date``."""
    match = EFFECTIVE.search(text)
    if match is None:
        return None
    if match.group("date"):
        return iso_date(DATE.search(match.group("date")))  # type: ignore[arg-type]
    return issue_date


def region(*texts: str) -> str | None:
    """The region of the first text naming one: ``广东省``, ``广东省广州市`` or ``广州市``.

    Short province names are given in full (广东 -> 广东省); a city alone is taken only
    at the very start of a text (``广州市人民政府关于…``).
    """
    full = {short: name for name, short in places.PROVINCES}
    for text in texts:
        if not text:
            continue
        match = REGION.search(text)
        if match:
            province = full.get(match.group("province"), match.group("province"))
            return province + (match.group("city") or "")
        city = CITY_AT_START.match(text)
        if city:
            return city.group("city")
    return None
