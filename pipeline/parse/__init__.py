"""Parse: cleaned text to the document's structure and facts.

One module per concern: ``outline`` (numbered provisions, schemes in ``levels``),
``metadata`` (title, number, lede, signature, dates, region), ``targets`` (quantities,
words in ``target_data``), ``references`` (《…》 citations, kinds in ``reference_kinds``),
``programmes`` (quoted names). This module only runs them in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import Metadata, Node, Programme, Reference, Target
from pipeline.parse import metadata as meta
from pipeline.parse.closings import split_closing
from pipeline.parse.header import read_header, title_run
from pipeline.parse.history import latest, read_history
from pipeline.parse.locate import NodeLocator
from pipeline.parse.numbering import continuous_numbering
from pipeline.parse.outline import parse_outline
from pipeline.parse.programmes import QUOTED, find_programmes
from pipeline.parse.references import NUMBER_AFTER, find_references, is_self
from pipeline.parse.targets import find_targets


@dataclass
class Parsed:
    """What the parse stage found in a cleaned text."""

    title: str
    metadata: Metadata
    outline: list[Node]
    targets: list[Target] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse(text: str, page_title: str | None = None) -> Parsed:
    """Parse a cleaned text (one paragraph per line); ``page_title`` is the page's own
    title, used when the text has none. Never raises on any text."""
    closing = meta.find_closing(text)
    body_end = closing.start if closing else len(text)
    outline, warnings = parse_outline(text, body_end)
    outline = split_closing(outline, text, body_end)
    warnings = continuous_numbering(outline, warnings)
    first_node = text.rfind("\n", 0, outline[0].span[0]) + 1 if outline else body_end
    header = read_header(text, first_node, page_title)
    doc_number = header.doc_number
    provisions = [n.span[0] for n in outline if n.kind != "attachment"]
    first_provision = (text.rfind("\n", 0, provisions[0]) + 1) if provisions else body_end
    signed = meta.find_signatures(text, max(first_node, first_provision))
    notice_signature = signed[0] if signed else None
    attached = _attached_title(text, notice_signature, max(first_node, first_provision))
    own_title = header.title
    if attached and not header.title_lines and not (header.info and header.info.fields.get(
            "title")):
        own_title = attached  # a decree: 国务院令 / 第706号, its signature, then the title
    title, is_summary = meta.split_title(own_title)
    lede = header.lede
    locate = NodeLocator(outline)
    references = find_references(text, title, locate, doc_number, header.spans)
    if attached:
        for ref in references:
            ref.is_self = ref.is_self or is_self(ref.title, attached)
    own = [r for r in references if r.is_self]
    signature = notice_signature or closing
    info = header.info.fields if header.info else {}
    history = latest(read_history(lede.split("\n")))
    issuer = info.get("issuer") or None
    if issuer is None and doc_number and doc_number.year is None:
        issuer = doc_number.issuer_code.removesuffix("令")  # 国务院令: the decree's body
    if issuer is None and signature and signature.lines[:-1]:
        issuer = "、".join(signature.lines[:-1])
    if issuer is None and history and history.issuer:
        issuer = history.issuer
    if issuer is None and own and own[0].issuers:
        issuer = "、".join(own[0].issuers)
    if doc_number is None and own:
        doc_number = own[0].doc_number
    date = (header.info.date("written") if header.info else None) or (
        signature.date if signature else None) or (history.date if history else None)
    metadata = Metadata(
        issuer=issuer, doc_number=doc_number, date=date,
        effective_date=meta.effective_date(text, date),
        region=meta.region(title, issuer or "", lede), is_summary=is_summary, lede=lede,
        signature=signature.lines if signature else [], info=dict(info), attached=attached)
    masks = [(n.span[0], n.span[0] + len(n.label)) for n in locate.nodes]
    masks += [r.span for r in references]
    masks += [m.span() for r in references if (m := NUMBER_AFTER.match(text, r.span[1]))]
    masks += [m.span() for m in QUOTED.finditer(text)]
    masks += header.spans
    if closing:
        masks.append((closing.start, len(text)))
    masks += [(s.start, s.end) for s in signed]
    return Parsed(title, metadata, outline, find_targets(text, locate, masks), references,
                  find_programmes(text, locate), warnings)


#: A line that is a note in brackets (（此件公开发布）) or an attachment's bare label
#: (附件, 附件1：), never part of a title.
NOTE_LINE = re.compile(
    r"^(?:[（(][^（）()]*[）)]|附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?)$")


def _attached_title(text: str, signature: meta.Closing | None, end: int) -> str | None:
    """The title of the document a notice issues, printed after the notice's own
    signature (and before the first provision at ``end``), or None."""
    if signature is None:
        return None
    if signature.end >= end:
        return None
    lines = [p.strip(" \u3000") for p in text[signature.end:end].split("\n")
             if p.strip(" \u3000") and not NOTE_LINE.match(p.strip(" \u3000"))]
    run = title_run(lines, 0, strict=True)
    return "".join(lines[i] for i in run) if run else None
