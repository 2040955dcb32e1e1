"""Citations: every 《…》 title, with nested 〈…〉/《…》 titles, the document number that
follows it, its kind, the bodies that issued it and whether it is the document itself."""

from __future__ import annotations

import re

from pipeline.model import Reference
from pipeline.parse import reference_kinds as data
from pipeline.parse.docnumber import PATTERN as DOC_NUMBER
from pipeline.parse.docnumber import parse_doc_number
from pipeline.parse.locate import NodeLocator

OPEN, CLOSE = "《〈", "》〉"
#: A document number right after a title, bare or in brackets: 》（粤人社规〔2023〕1号）.
NUMBER_AFTER = re.compile(rf"\s*[（(]?\s*(?P<number>{DOC_NUMBER.pattern})\s*[）)]?")
#: Clause boundaries when looking back for the issuing bodies.
CLAUSE_MARKS = "。；;，,：:！？!?\n《》“”"
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
        name = name.strip()
        for word in data.ISSUER_TRAILING:
            name = name.removesuffix(word)
        if len(name) >= 2:
            names.append(name)
    return names


def is_self(title: str, own_title: str) -> bool:
    """Whether ``title`` names the document itself (one title ends the other)."""
    a, b = title.strip(), own_title.strip()
    if not a or not b or min(len(a), len(b)) < MIN_SELF_LENGTH:
        return False
    return a.endswith(b) or b.endswith(a)


def find_references(text: str, own_title: str, locate: NodeLocator) -> list[Reference]:
    """Every citation in ``text`` in order, with its fields filled as far as stated."""
    out = []
    for start, end, title, nested in citations(text):
        if not title.strip():
            continue
        after = NUMBER_AFTER.match(text, end)
        number = None
        if after:
            inner = DOC_NUMBER.search(text, after.start("number"), after.end("number"))
            number = parse_doc_number(inner) if inner else None
        out.append(Reference(
            title=title, node_id=locate(start), kind=kind_of(title), nested=nested,
            doc_number=number, issuers=issuers_before(text, start),
            is_self=is_self(title, own_title), span=(start, end)))
    return out
