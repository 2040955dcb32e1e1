"""Closing clauses: 本意见自2023年7月1日起施行, 有效期3年, 本办法由某部负责解释.

When such a clause stands as a paragraph of its own after the last provision, it is not
part of that provision: it becomes a root node of kind ``closing`` (no label) and the
provisions it followed end before it. A clause inside a numbered provision (第三十二条
本条例自…起施行) stays where it is.
"""

from __future__ import annotations

import re

from pipeline.model import Node, walk_nodes
from pipeline.parse import levels

#: A closing clause: the document's own name (本意见, 本办法, 本措施) and when it takes
#: effect, how long it lasts or who interprets it; or a term of validity alone.
CLAUSE = re.compile(
    r"^(?:本[\u4e00-\u9fff]{1,8}?(?:自|从|于|由|有效期|的?解释权|所称)"
    r"|(?:此|该)?(?:意见|办法|措施|通知|规定|方案|细则)?有效期(?:为|至)?"
    r"|(?:以上|上述)?(?:政策|措施)?(?:自|从)[0-9０-９〇一二三四五六七八九十]{4}年.{0,15}?起(?:施行|实施|执行))")
#: What the clause must say somewhere (it is about the document's force, not a rule).
FORCE = re.compile(r"施行|实施|执行|生效|有效期|解释|废止|失效")
#: Characters stripped from the start of a paragraph.
INDENT = " \u3000\u00a0\t"


def _is_heading(para: str) -> bool:
    para = para.lstrip(INDENT)
    return bool(levels.ATTACHMENTS.match(para) or levels.ATTACHMENT_HEADING.match(para)
                or levels.APPENDIX.match(para)
                or any(s.pattern.match(para) for s in levels.SCHEMES))


def split_closing(outline: list[Node], text: str, end: int) -> list[Node]:
    """``outline`` with the closing clauses after its last provision (before ``end``) as
    ``closing`` root nodes, the nodes they followed ended before them."""
    if not outline:
        return outline
    paras = []
    offset = 0
    for para in text[:end].split("\n"):
        paras.append((offset, para))
        offset += len(para) + 1
    provisions = [n.span[0] for n in walk_nodes(outline) if n.kind != "attachment"]
    if not provisions:
        return outline
    last_heading = max(provisions)
    clauses: list[tuple[int, int]] = []
    for start, para in paras:
        if start <= last_heading:
            continue
        body = para.strip(INDENT)
        if not body:
            continue
        if _is_heading(para):
            if clauses and levels.ATTACHMENTS.match(body) is None and not (
                    levels.ATTACHMENT_HEADING.match(body) or levels.APPENDIX.match(body)):
                clauses = []  # a provision follows: no closing yet
            break
        if clauses or (CLAUSE.match(body) and FORCE.search(body)):
            lead = start + len(para) - len(para.lstrip(INDENT))
            clauses.append((lead, lead + len(body)))
    if not clauses:
        return outline
    cut = clauses[0][0]
    for node in walk_nodes(outline):
        lo, hi = node.span
        if lo < cut < hi or (lo < cut and hi >= cut):
            new_end = len(text[:cut].rstrip())
            node.span = (lo, max(new_end, lo))
            node.text = text[lo:node.span[1]]
    lo, hi = clauses[0][0], clauses[-1][1]
    closing = Node("closing", "closing", "", 0, "", text[lo:hi], (lo, hi))
    index = next((i for i, n in enumerate(outline) if n.span[0] > lo), len(outline))
    return [*outline[:index], closing, *outline[index:]]
