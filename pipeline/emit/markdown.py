"""Markdown output: the document as people read it, headings with anchors."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.model import Document, Node


def anchor(node_id: str) -> str:
    """The HTML anchor name of an outline node: ``s2/m3`` -> ``s2-m3``."""
    return node_id.replace("/", "-")


def _node_lines(node: Node, depth: int) -> list[str]:
    """A heading with an anchor, the node's own paragraphs, then its children."""
    hashes = "#" * min(depth + 2, 6)
    lines = [f'{hashes} <a id="{anchor(node.id)}"></a>{node.label}{node.title}', ""]
    own_end = node.children[0].span[0] - node.span[0] if node.children else len(node.text)
    own = node.text[len(node.label):own_end]
    if own.startswith(node.title):
        own = own[len(node.title):].lstrip("。")
    for para in own.split("\n"):
        if para.strip():
            lines += [para.strip(), ""]
    for child in node.children:
        lines += _node_lines(child, depth + 1)
    return lines


def document_markdown(doc: Document) -> str:
    """The Markdown text of ``doc``: title, lede, outline, repairs flagged for review."""
    lines = [f"# {doc.title}", ""]
    if doc.metadata.is_summary:
        lines += ["*摘要 (summary)*", ""]
    for para in doc.metadata.lede.split("\n"):
        if para.strip():
            lines += [para, ""]
    for node in doc.outline:
        lines += _node_lines(node, 0)
    low = [r for r in doc.repairs if r.low_confidence]
    if low:
        lines += ["## Uncertain repairs", ""]
        lines += [f"- `{r.original}` -> {r.replacement} (confidence {r.confidence:.2f})"
                  for r in low]
        lines.append("")
    if doc.warnings:
        lines += ["## Warnings", ""] + [f"- {w}" for w in doc.warnings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
