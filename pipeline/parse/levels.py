"""The numbering schemes of Chinese official documents, as data.

Each ``Scheme`` says how a heading of one numbering style is recognised at the start of a
paragraph, what kind of provision it opens and how its title is read. The outline parser
(``outline.py``) does not rank schemes by a fixed table: the first scheme met is the
outermost level and a scheme seen for the first time nests under the open heading, the
way GB/T 9704-2012 orders 一、 > （一） > 1. > （1） in practice. Only the forms
第X部分 > 第X章 > 第X节 > 第X条 carry a ``rank``, because a 第X节 may first appear after
articles.

Every pattern has the named groups ``label`` (the label as printed), ``num`` (its number,
Arabic or Chinese) and ``rest`` (the text after the label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.numerals import NUMERAL_CHARS

#: Chinese numerals allowed in labels (digits and 十/百/千, no 万/亿).
_CN = "〇零一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰"
#: Arabic digits, ASCII and full-width.
_AR = "0-9０-９"
#: Space that may separate a legal label from its text (ASCII, full-width, no-break).
_SP = " \u3000\u00a0\t"
#: Opening and closing parentheses, ASCII and full-width.
_OPEN, _CLOSE = "（(", ")）"

assert set(_CN) <= set(NUMERAL_CHARS)


@dataclass(frozen=True)
class Scheme:
    """One numbering style.

    ``name`` identifies the scheme; ``kind`` is the node kind it opens (``item`` instead
    when it opens a list inside an article, unless it is a legal form); ``prefix`` starts
    the node's id segment; ``title`` is how the heading phrase is read (``line``: the
    whole rest of the paragraph up to the first 。; ``bracket``: a 【…】 heading only);
    ``rank`` orders the legal forms among themselves (None for the others);
    ``continuous`` means numbers run on through the whole document (articles).
    """

    name: str
    kind: str
    prefix: str
    pattern: re.Pattern[str]
    title: str = "line"
    rank: int | None = None
    continuous: bool = False


def _legal(word: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(?P<label>第(?P<num>[{_CN}{_AR}]+){word})(?:[{_SP}]+|$|(?=[【\[]))(?P<rest>.*)$")


#: All schemes; the first whose pattern matches a paragraph wins.
SCHEMES: tuple[Scheme, ...] = (
    Scheme("division", "chapter", "d", _legal("部分"), rank=0),
    Scheme("chapter", "chapter", "c", _legal("章"), rank=1),
    Scheme("part", "section", "p", _legal("节"), rank=2),
    Scheme("article", "article", "a", _legal("条"), title="bracket", rank=3,
           continuous=True),
    Scheme("cn-comma", "section", "s",
           re.compile(rf"^(?P<label>(?P<num>[{_CN}]+)[、.．])(?P<rest>.*)$")),
    Scheme("cn-paren", "measure", "m",
           re.compile(rf"^(?P<label>[{_OPEN}](?P<num>[{_CN}]+)[{_CLOSE}])(?P<rest>.*)$")),
    Scheme("ar-dot", "item", "i",
           re.compile(rf"^(?P<label>(?P<num>[{_AR}]{{1,3}})[.．、](?![{_AR}]))(?P<rest>.*)$")),
    Scheme("ar-paren", "item", "i",
           re.compile(rf"^(?P<label>[{_OPEN}](?P<num>[{_AR}]{{1,3}})[{_CLOSE}])(?P<rest>.*)$")),
    Scheme("ar-half-paren", "item", "i",
           re.compile(rf"^(?P<label>(?P<num>[{_AR}]{{1,3}})[{_CLOSE}])(?P<rest>.*)$")),
    Scheme("circled", "item", "i",
           re.compile(r"^(?P<label>(?P<num>[①-⑳]))(?P<rest>.*)$")),
)

def _label_only(pattern: re.Pattern[str]) -> str:
    """A scheme's pattern up to its label (no ``rest``, no anchor, no named groups)."""
    text = pattern.pattern.removeprefix("^").split("(?P<rest>")[0]
    return re.sub(r"\(\?P<[a-z]+>", "(?:", text)


#: Any scheme's label at the start of a text (第五条　, （一）, 1．), to strip it.
LABEL_AT_START = re.compile("^(?:" + "|".join(
    f"(?:{_label_only(scheme.pattern)})" for scheme in SCHEMES) + ")")

#: Schemes by name.
BY_NAME = {scheme.name: scheme for scheme in SCHEMES}

#: The attachment list that closes a document: 附件：1．… then 2．… on the next lines.
ATTACHMENTS = re.compile(r"^(?P<label>附件\s*[:：])\s*(?P<rest>.*)$")
#: An attachment heading standing alone: 附件1, 附件 2：标题.
ATTACHMENT_HEADING = re.compile(
    rf"^(?P<label>附[件表]\s*(?P<num>[{_AR}{_CN}]{{1,3}}))\s*[:：]?\s*(?P<rest>.*)$")
#: An appended table or text introduced by 附 or 附表 and its title on the same line:
#: 附：某某计划表, 附表：某某分工表.
APPENDIX = re.compile(r"^(?P<label>附表?)\s*[:：]\s*(?P<rest>\S.*)$")
#: A numbered entry of an attachment list.
ATTACHMENT_ENTRY = re.compile(
    rf"^(?P<label>(?P<num>[{_AR}]{{1,3}})[.．、]?)\s*(?P<rest>\S.*)$")

#: Heading after a legal label: 【标题】 or [标题].
BRACKET_TITLE = re.compile(r"^\s*[【\[](?P<title>[^】\]]{1,40})[】\]]")
#: Where a heading phrase ends.
TITLE_END = "。"
