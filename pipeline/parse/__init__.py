"""Parse: cleaned text to the document's structure (title, lede, outline)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Metadata, Node
from pipeline.parse.outline import parse_outline


@dataclass
class Parsed:
    """What the parse stage found in a cleaned text."""

    title: str
    metadata: Metadata
    outline: list[Node]
    warnings: list[str] = field(default_factory=list)


def parse(text: str, page_title: str | None = None) -> Parsed:
    """Parse a cleaned text (one paragraph per line) into title, metadata and outline."""
    outline, warnings = parse_outline(text)
    paragraphs = text.split("\n") if text else []
    first_node_start = outline[0].span[0] if outline else len(text)
    head = [p for p in text[:first_node_start].split("\n") if p.strip()]
    title, is_summary = _title(head[0] if head else (page_title or ""))
    lede = "\n".join(head[1:]) if head else ""
    if not outline and len(paragraphs) > 1:
        lede = "\n".join(paragraphs[1:])
    return Parsed(title, Metadata(is_summary=is_summary, lede=lede), outline, warnings)


def _title(line: str) -> tuple[str, bool]:
    """The title from the first line, and whether the page calls itself a summary (摘要)."""
    title = line.strip().rstrip(":：")
    if title.endswith("摘要"):
        return title[: -len("摘要")].rstrip(" ：:"), True
    return title, False
