"""Parse: cleaned text to the document's structure and facts.

One module per concern: ``outline`` (numbered provisions, schemes in ``levels``),
``metadata`` (title, number, lede, signature, dates, region), ``targets`` (quantities,
words in ``target_data``), ``references`` (《…》 citations, kinds in ``reference_kinds``),
``programmes`` (quoted names). This module only runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Metadata, Node, Programme, Reference, Target
from pipeline.parse import metadata as meta
from pipeline.parse.header import read_header
from pipeline.parse.history import latest, read_history
from pipeline.parse.locate import NodeLocator
from pipeline.parse.outline import parse_outline
from pipeline.parse.programmes import QUOTED, find_programmes
from pipeline.parse.references import NUMBER_AFTER, find_references
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
    first_node = text.rfind("\n", 0, outline[0].span[0]) + 1 if outline else body_end
    header = read_header(text, first_node, page_title)
    doc_number = header.doc_number
    title, is_summary = meta.split_title(header.title)
    lede = header.lede
    locate = NodeLocator(outline)
    references = find_references(text, title, locate, doc_number, header.spans)
    own = [r for r in references if r.is_self]
    info = header.info.fields if header.info else {}
    history = latest(read_history(lede.split("\n")))
    issuer = info.get("issuer") or None
    if issuer is None and closing and closing.lines[:-1]:
        issuer = "、".join(closing.lines[:-1])
    if issuer is None and history and history.issuer:
        issuer = history.issuer
    if issuer is None and own and own[0].issuers:
        issuer = "、".join(own[0].issuers)
    if doc_number is None and own:
        doc_number = own[0].doc_number
    date = (header.info.date("written") if header.info else None) or (
        closing.date if closing else None) or (history.date if history else None)
    metadata = Metadata(
        issuer=issuer, doc_number=doc_number, date=date,
        effective_date=meta.effective_date(text, date),
        region=meta.region(title, issuer or "", lede), is_summary=is_summary, lede=lede,
        signature=closing.lines if closing else [], info=dict(info))
    masks = [(n.span[0], n.span[0] + len(n.label)) for n in locate.nodes]
    masks += [r.span for r in references]
    masks += [m.span() for r in references if (m := NUMBER_AFTER.match(text, r.span[1]))]
    masks += [m.span() for m in QUOTED.finditer(text)]
    masks += header.spans
    if closing:
        masks.append((closing.start, len(text)))
    return Parsed(title, metadata, outline, find_targets(text, locate, masks), references,
                  find_programmes(text, locate), warnings)

