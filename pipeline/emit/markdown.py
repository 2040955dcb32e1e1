"""Markdown output: the document as people read it, headings with anchors, then its
targets as a table and its references as a list, each linked to its provision.

Every text from the page goes through ``pipeline.emit.mdtext`` (``escape``, ``paragraph``,
``code_span``), so the Markdown is safe to render: nothing of the page becomes HTML or
Markdown syntax."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.emit.mdtext import code_span, escape, paragraph

if TYPE_CHECKING:
    from pipeline.model import Document, Node, Reference, Target


#: Label endings after which a title follows without a space (一、总体要求, （一）优化).
LABEL_ENDS = "、）)．.：:】"


def anchor(node_id: str) -> str:
    """The HTML anchor name of an outline node: ``s2/m3`` -> ``s2-m3``."""
    return node_id.replace("/", "-")


def where(node_id: str | None) -> str:
    """A link to an outline node (``[s2/m3](#s2-m3)``), or ``lede`` outside the outline."""
    return f"[{node_id}](#{anchor(node_id)})" if node_id else "lede"


def cell(text: str) -> str:
    """``text`` escaped for a Markdown table cell (pipes escaped, no line breaks)."""
    return escape(text).replace("\n", " ")


def _node_lines(node: Node, depth: int) -> list[str]:
    """A heading with an anchor, the node's own paragraphs, then its children.

    An untitled leaf (an item of an article) is a paragraph with an anchor instead.
    """
    own_end = node.children[0].span[0] - node.span[0] if node.children else len(node.text)
    own = node.text[len(node.label):own_end].strip()
    for heading in (f"【{node.title}】", f"[{node.title}]", node.title):
        if node.title and own.startswith(heading):
            own = own[len(heading):].lstrip("。 \u3000")
            break
    paras = [p.strip() for p in own.split("\n") if p.strip()]
    tag = f'<a id="{anchor(node.id)}"></a>'
    space = " " if node.label[-1] not in LABEL_ENDS else ""
    if not node.title and not node.children:
        first = escape(paras[0]) if paras else ""
        lines = [f"{tag}**{escape(node.label)}**{space}{first}".rstrip(), ""]
        return lines + [line for p in paras[1:] for line in (paragraph(p), "")]
    space = space if node.title else ""
    lines = [f"{'#' * min(depth + 2, 6)} {tag}{escape(node.label)}{space}{escape(node.title)}",
             ""]
    lines += [line for p in paras for line in (paragraph(p), "")]
    for child in node.children:
        lines += _node_lines(child, depth + 1)
    return lines


def _value(target: Target) -> str:
    """The value column: ``>= 330000``, ``0–6`` for a range."""
    if target.range is not None:
        return f"{target.range[0]}–{target.range[1]}"
    shown = "" if target.value is None else str(target.value)
    return shown if target.comparator == "=" else f"{target.comparator} {shown}"


def target_lines(targets: list[Target]) -> list[str]:
    """A table of the targets: value, unit, object, deadline, frequency (a column of its
    own: 每年 is how often, never a due date), where (and source text)."""
    if not targets:
        return []
    lines = ["## Targets", "",
             "| value | unit | object | deadline | frequency | where | text |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for t in targets:
        # The value column is the parser's own (a comparator of a fixed set, numbers).
        lines.append(f"| {_value(t)} | {cell(t.unit)} | {cell(t.object)} | "
                     f"{cell(t.deadline or '')} | {cell(t.frequency or '')} | "
                     f"{where(t.node_id)} | {cell(t.text)} |")
    return [*lines, ""]


def reference_lines(references: list[Reference]) -> list[str]:
    """A list of the references: title, number, kind, issuers, where."""
    if not references:
        return []
    lines = ["## References", ""]
    for r in references:
        parts = [f"《{escape(r.title)}》"]
        if r.doc_number:
            parts.append(escape(r.doc_number.text))
        parts.append(f"({r.kind}{', this document' if r.is_self else ''})")
        if r.issuers:
            parts.append("by " + "、".join(escape(i) for i in r.issuers))
        lines.append(f"- {' '.join(parts)}, {where(r.node_id)}")
    return [*lines, ""]


def document_markdown(doc: Document) -> str:
    """The Markdown text of ``doc``: title, lede, outline, targets, references, repairs
    flagged for review, warnings."""
    lines = [f"# {escape(doc.title)}", ""]
    if doc.metadata.is_summary:
        lines += ["*摘要 (summary)*", ""]
    if doc.metadata.doc_number:
        lines += [paragraph(doc.metadata.doc_number.text), ""]
    for para in doc.metadata.lede.split("\n"):
        if para.strip():
            lines += [paragraph(para), ""]
    for node in doc.outline:
        lines += _node_lines(node, 0)
    for para in doc.metadata.signature:
        lines += [paragraph(para), ""]
    lines += target_lines(doc.targets)
    lines += reference_lines(doc.references)
    low = [r for r in doc.repairs if r.low_confidence]
    if low:
        lines += ["## Uncertain repairs", ""]
        lines += [f"- {code_span(r.original)} -> {escape(r.replacement)} "
                  f"(confidence {r.confidence:.2f})"
                  for r in low]
        lines.append("")
    if doc.warnings:
        lines += ["## Warnings", ""] + [f"- {escape(w)}" for w in doc.warnings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
