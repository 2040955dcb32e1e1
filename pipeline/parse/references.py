"""Citations: every 《…》 title, with nested 〈…〉/《…》 titles, the document number that
follows it, its kind, the bodies that issued it and whether it is the document itself;
decree numbers cited without a title (国务院令第76号).

An alias （以下简称《规划》） is not a citation of its own: later mentions of 《规划》 are
citations of the full title (``alias`` keeps the short form), and so are bare mentions of
a kind of document (《规划》, 《决定》) after a full title of that kind. A 印发/转发 notice's
attached document (关于印发《X》的通知 -> X) is the document itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.model import DocNumber, Reference
from pipeline.parse import reference_kinds as data
from pipeline.parse.docnumber import DECREE, decree_number, find_decree_numbers, parse_doc_number
from pipeline.parse.docnumber import PATTERN as DOC_NUMBER
from pipeline.parse.locate import NodeLocator

OPEN, CLOSE = "《〈", "》〉"
_DECREE_UNNAMED = re.sub(r"[(][?]P<[a-z]+>", "(?:", DECREE.pattern)
#: A document or decree number right after a title, bare or in brackets:
#: 》（粤人社规〔2023〕1号）, 》（国务院令第706号）.
NUMBER_AFTER = re.compile(
    rf"\s*[（(]?\s*(?P<number>{DOC_NUMBER.pattern}|{_DECREE_UNNAMED})\s*[）)]?")
#: Words that define an alias just before its 《…》: （以下简称《规划》）.
ALIAS_BEFORE = re.compile(r"(?:以下简称|以下称|下称|简称)\s*$")
#: A notice that issues or forwards another document: what it issues is the document.
ISSUING_TITLE = re.compile(
    r"(?:印发|转发|批转|发布|颁布|公布)(?P<inner>.+?)的?(?:通知|命令|决定)$")
#: Characters ignored when comparing a title with the document's own.
TITLE_NOISE = re.compile(r"[《》〈〉“”\"的\s]")
#: Clause boundaries when looking back for the issuing bodies.
CLAUSE_MARKS = "。；;，,：:！？!?\n《》“”"
#: A time in an issuer's clause (财政部1986年发布的《…》): not part of the name.
WHEN = re.compile(r"(?:于|在)?(?:(?:19|20)[0-9]{2}年)?(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?"
                  r"(?:近日|日前|近期|最近)?$")
#: What ``citations`` looks at: the title marks and line breaks.
_MARK_RE = re.compile(f"[{OPEN}{CLOSE}\n]")
#: The shortest title for which a match against the document's own title counts.
MIN_SELF_LENGTH = 6


def citations(text: str) -> list[tuple[int, int, str, list[str]]]:
    """(start, end, title, nested titles) of each outermost 《…》 in ``text``.

    Nesting is tracked over 《》 and 〈〉 together; an unclosed or stray mark is skipped.
    """
    out: list[tuple[int, int, str, list[str]]] = []
    stack: list[int] = []
    nested: list[str] = []
    for match in _MARK_RE.finditer(text):
        index, ch = match.start(), match.group()
        if ch in OPEN:
            if not stack and ch == "《":
                nested = []
            if stack or ch == "《":
                stack.append(index)
        elif ch in CLOSE and stack:
            start = stack.pop()
            if stack:
                nested.append(text[start + 1:index])
            else:
                out.append((start, index + 1, text[start + 1:index], nested))
        elif ch == "\n":
            stack = []
    return out


def kind_of(title: str) -> str:
    """The kind of document ``title`` names (``law``, ``notice``, …, else ``other``)."""
    core = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip())
    for suffix, kind in sorted(data.KINDS, key=lambda kv: -len(kv[0])):
        if core.endswith(suffix):
            return kind
    return "other"


def issuers_before(text: str, start: int) -> list[str]:
    """The issuing bodies named just before the citation at ``start`` (…联合印发的《)."""
    lo = start
    while lo > 0 and text[lo - 1] not in CLAUSE_MARKS:
        lo -= 1
    clause = text[lo:start]
    verbs = "|".join(sorted(data.ISSUE_VERBS, key=len, reverse=True))
    match = re.search(rf"(?P<who>.*?)(?:{verbs})(?:了|的)?$", clause)
    if match is None:
        return []
    who = match.group("who")
    leads = sorted(data.LEAD_VERBS, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for lead in leads:
            if who.startswith(lead):
                who, changed = who[len(lead):], True
    separator = ("|".join(data.ISSUER_SEPARATORS)
                 + f"|(?<=[{data.ORGANISATION_ENDINGS}])[{data.ISSUER_CONJUNCTIONS}]")
    names = []
    for name in re.split(separator, who):
        name = WHEN.sub("", name.strip()).lstrip(data.ISSUER_CONJUNCTIONS)
        for word in data.ISSUER_TRAILING:
            name = name.removesuffix(word)
        if len(name) >= 2 and name[-1] in data.ORGANISATION_ENDINGS:
            names.append(name)
    return names


def is_self(title: str, own_title: str) -> bool:
    """Whether ``title`` names the document itself: one title ends the other, or (for a
    印发/转发 notice) it names the document the notice issues."""
    a, b = title.strip(), own_title.strip()
    if not a or not b or min(len(a), len(b)) < MIN_SELF_LENGTH:
        return False
    if a.endswith(b) or b.endswith(a):
        return True
    inner = issued_document(b)
    if inner is None:
        return False
    core = TITLE_NOISE.sub("", a)
    return len(core) >= MIN_SELF_LENGTH and inner.endswith(core)


#: A title is read for the document it issues in its last this many characters (a real
#: title is far shorter; a page that is one long line would make the search quadratic).
MAX_TITLE_CHARS = 300


@lru_cache(maxsize=64)
def issued_document(own_title: str) -> str | None:
    """The title of the document a 印发/转发 notice's ``own_title`` issues, without
    quotation marks and 的 (``TITLE_NOISE``), or None; once per title."""
    issued = ISSUING_TITLE.search(own_title[-MAX_TITLE_CHARS:])
    return None if issued is None else TITLE_NOISE.sub("", issued.group("inner"))


def is_bare_kind(title: str) -> bool:
    """Whether ``title`` is only a kind of document (《规划》, 《决定》, 《实施方案》)."""
    return len(title) <= 4 and kind_of(title) != "other" and any(
        title.endswith(suffix) for suffix, _ in data.KINDS)


def find_references(text: str, own_title: str, locate: NodeLocator,
                    own_number: DocNumber | None = None,
                    header: tuple[tuple[int, int], ...] | list[tuple[int, int]] = (),
                    ) -> list[Reference]:
    """Every citation in ``text`` in order, with its fields filled as far as stated;
    aliases and bare kind words resolved to the full title cited before them; decree
    numbers cited alone, outside the ``header`` spans (the page's info table and own
    number lines; ``own_number`` elsewhere is marked ``is_self``)."""
    out: list[Reference] = []
    aliases: dict[str, Reference] = {}
    spans: list[tuple[int, int]] = list(header)
    for start, end, title, nested in citations(text):
        if not title.strip():
            continue
        after = NUMBER_AFTER.match(text, end)
        number = _number_in(text, after.start("number"), after.end("number")) if after else None
        if after:
            spans.append((start, after.end()))
        if ALIAS_BEFORE.search(text, max(0, start - 6), start) and out:
            aliases[title] = out[-1]
            continue
        full = aliases.get(title)
        if full is None and is_bare_kind(title):
            full = next((r for r in reversed(out) if r.title != title
                         and r.title.endswith(title)), None)
        if full is not None:
            out.append(Reference(
                title=full.title, node_id=locate(start), kind=full.kind, nested=full.nested,
                doc_number=full.doc_number, issuers=full.issuers, is_self=full.is_self,
                span=(start, end), alias=title))
            continue
        out.append(Reference(
            title=title, node_id=locate(start), kind=kind_of(title), nested=nested,
            doc_number=number, issuers=issuers_before(text, start),
            is_self=is_self(title, own_title), span=(start, end)))
    for start, end, decree in find_decree_numbers(text):
        if any(lo <= start < hi for lo, hi in spans):
            continue
        own = own_number is not None and own_number.text == decree.text
        out.append(Reference(title="", node_id=locate(start), kind="decree",
                             doc_number=decree, is_self=own, span=(start, end)))
    return sorted(out, key=lambda r: r.span)


def _number_in(text: str, start: int, end: int) -> DocNumber | None:
    """The document or decree number in ``text[start:end]``."""
    match = DOC_NUMBER.search(text, start, end)
    if match:
        return parse_doc_number(match)
    match = DECREE.search(text, start, end)
    return decree_number(match) if match else None
