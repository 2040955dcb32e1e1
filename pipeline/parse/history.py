"""A regulation's history lines under its title: ``1993年12月23日 财政部令第6号发布``,
``2019年3月2日 《国务院关于修改部分行政法规的决定》第二次修订``.

The last line gives the text's date (the version printed) and its issuer: the body
before 关于 in the amending decision's title, else the words before the verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse.dates import DATE, iso_date

#: Verbs that close a history line.
VERBS = ("发布", "公布", "颁布", "批准", "修订", "修正", "通过", "施行")
_VERBS = "|".join(VERBS)
#: One history line: a date, who did it (or the decision that did), the verb.
LINE = re.compile(
    rf"^[（(]?\s*(?P<date>{DATE.pattern})\s*(?P<who>.*?)(?:第[一二三四五六七八九十]+次)?"
    rf"(?P<verb>{_VERBS})\s*[）)]?$")
#: The body that issued an amending decision: its title up to 关于.
DECISION = re.compile(r"《(?P<body>[\u4e00-\u9fff、]{2,20}?)关于")
#: A decree number in the ``who`` part: the body before 令.
DECREE_BODY = re.compile(r"(?:中华人民共和国)?(?P<body>[\u4e00-\u9fff]{2,12}?)令第")


@dataclass
class HistoryEntry:
    """One line of a regulation's history."""

    date: str | None
    issuer: str | None
    verb: str


def history_entry(line: str) -> HistoryEntry | None:
    """The entry of a history line, or None when ``line`` is not one."""
    match = LINE.match(line.strip(" \u3000"))
    if match is None:
        return None
    date = iso_date(DATE.search(match.group("date")))  # type: ignore[arg-type]
    who = match.group("who").strip(" \u3000")
    decision = DECISION.search(who)
    decree = DECREE_BODY.match(who)
    if decision:
        issuer = decision.group("body")
    elif decree:
        issuer = decree.group("body")
    elif "《" not in who and 2 <= len(who) <= 20:
        issuer = who
    else:
        issuer = None
    return HistoryEntry(date, issuer, match.group("verb"))


def read_history(lines: list[str]) -> list[HistoryEntry]:
    """The history entries among ``lines`` (the lede), in order."""
    return [e for e in (history_entry(line) for line in lines) if e is not None]


#: Verbs of publishing a text (by decree) that another body approved.
PUBLISH = ("发布", "公布", "颁布")


def latest(entries: list[HistoryEntry]) -> HistoryEntry | None:
    """The entry of the version printed: the latest dated one (the last on a tie). When
    that entry publishes a text another body approved (国务院批准, then 民政部令 发布), the
    approving body is the issuer: a regulation is the approver's."""
    dated = [e for e in entries if e.date]
    if not dated:
        return None
    last = max(reversed(dated), key=lambda e: e.date or "")
    approved = [e for e in dated if e.verb == "批准" and e.issuer]
    if last.verb in PUBLISH and approved:
        return HistoryEntry(last.date, approved[-1].issuer, last.verb)
    return last
