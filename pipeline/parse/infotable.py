"""The page's info table (gov.cn style): 索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号,
发布日期, 主题词, as the extract stage leaves it: one line of ``key： value`` pairs, or
one pair a line, at the top of the text.

Such a table is the most reliable source of a page's metadata (the site fills it from its
records), so ``parse`` reads it before the title lines, signature and citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.parse.dates import DATE, iso_date

#: (field name, key as printed with its characters possibly spaced out); several keys
#: may fill one field (发文机关, 发布机构 and 公开主体 name the issuer).
KEYS: tuple[tuple[str, str], ...] = (
    ("index", "索引号"), ("subject", "主题分类"), ("issuer", "发文机关"),
    ("issuer", "发布机构"), ("issuer", "公开主体"), ("written", "成文日期"),
    ("title", "标题"), ("number", "发文字号"), ("number", "文号"), ("published", "发布日期"),
    ("published", "发布时间"), ("effective", "生效日期"), ("validity", "有效性"),
    ("public", "公开属性"), ("keywords", "主题词"),
)
#: How many lines at the top of the text may hold the table.
WINDOW = 16
_SPACE = "[ \u3000\u00a0\t]*"
#: A key followed by its colon (spaces allowed between the key's characters); group
#: ``k<i>`` is ``KEYS[i]``.
KEY = re.compile("|".join(
    rf"(?P<k{index}>{_SPACE.join(re.escape(ch) for ch in word)}){_SPACE}[:：]"
    for index, (_, word) in enumerate(KEYS)))


@dataclass
class InfoTable:
    """The fields of an info table (empty values left out) and the lines it spans."""

    fields: dict[str, str] = field(default_factory=dict)
    first_line: int = 0
    last_line: int = -1

    def date(self, name: str) -> str | None:
        """The ISO date of a date field (``written``, ``published``), or None."""
        match = DATE.search(self.fields.get(name, ""))
        return iso_date(match) if match else None


def key_pairs(line: str) -> list[tuple[str, str]]:
    """The (field name, value) pairs of one line, in order; [] when it does not start
    with a key."""
    keys = list(KEY.finditer(line))
    if not keys or line[:keys[0].start()].strip(" \u3000\u00a0\t"):
        return []
    out = []
    for index, match in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(line)
        name = KEYS[int((match.lastgroup or "k0")[1:])][0]
        out.append((name, line[match.end():end].strip(" \u3000\u00a0\t")))
    return out


def read_info_table(lines: list[str]) -> InfoTable | None:
    """The info table among the first ``WINDOW`` lines: the longest run of consecutive
    lines that start with a key, when it holds at least two keys; else None."""
    best: InfoTable | None = None
    index = 0
    limit = min(len(lines), WINDOW)
    while index < limit:
        pairs = key_pairs(lines[index])
        if not pairs:
            index += 1
            continue
        table = InfoTable(first_line=index)
        count = 0
        while index < len(lines):
            pairs = key_pairs(lines[index])
            if not pairs:
                break
            for name, value in pairs:
                count += 1
                if value and name not in table.fields:
                    table.fields[name] = value
            table.last_line = index
            index += 1
        if count >= 2 and (best is None or len(table.fields) > len(best.fields)):
            best = table
    return best
