"""The flow: ingest -> extract -> repair -> convert (``clean``) -> parse (``process``).

This is the only module that knows the order of the stages; each stage is a plain
function of its input. Positions are carried through so every repair points both at the
decoded page (``start``/``end``) and at the cleaned text (``clean_start``/``clean_end``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import convert, extract, ingest, parse, repair
from pipeline.model import Document, Repair, SourceParagraph

#: Repairs with a confidence under this are flagged ``low_confidence``.
LOW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Cleaned:
    """A page through ingest, extract, repair and convert: everything but the parse."""

    decoded: ingest.Decoded
    extraction: extract.Extraction
    text: str
    repairs: list[Repair]
    warnings: list[str]


def process(data: bytes | str, name: str | None = None) -> Document:
    """Clean and parse one page given as bytes or str; ``name`` is its path, if any.

    Raises ``pipeline.errors.InputError`` for input that is not a usable page.
    """
    page = clean(data, name)
    decoded, extraction = page.decoded, page.extraction
    parsed = parse.parse(page.text, convert.convert_text(extraction.title or ""))
    tables = [b.rows for b in extraction.blocks if b.rows]
    return Document(
        source=decoded.source, title=parsed.title, text=page.text, outline=parsed.outline,
        metadata=parsed.metadata, targets=parsed.targets, references=parsed.references,
        programmes=parsed.programmes, repairs=page.repairs, dropped=extraction.dropped,
        tables=tables,
        warnings=decoded.warnings + extraction.warnings + page.warnings + parsed.warnings,
        source_paragraphs=[SourceParagraph(b.text, b.start, b.kind) for b in extraction.blocks])


def clean(data: bytes | str, name: str | None = None) -> Cleaned:
    """The cleaned text of one page and its repairs, without parsing its structure.

    What ``python -m pipeline clean`` prints; it never loads the parser's word segmenter.
    Raises ``pipeline.errors.InputError`` for input that is not a usable page.
    """
    decoded = ingest.decode(data, name)
    extraction = extract.extract(decoded.text, decoded.source.format, name)
    extract.require_content(extraction, name)
    paragraphs: list[str] = []
    repairs: list[Repair] = []
    offset = 0
    repaired = repair.repair_page([block.text for block in extraction.blocks])
    for index, (block, fixed) in enumerate(zip(extraction.blocks, repaired.blocks,
                                               strict=True)):
        simplified = convert.convert_text(fixed.text)
        base = block.start if block.start is not None else 0
        for change, (lo, hi) in zip(fixed.changes, fixed.spans, strict=True):
            repairs.append(Repair(
                kind=change.kind, original=block.text[change.start:change.end],
                replacement=simplified[lo:hi], start=base + change.start, end=base + change.end,
                block=index, clean_start=offset + lo, clean_end=offset + hi,
                confidence=change.confidence, low_confidence=change.confidence < LOW_CONFIDENCE,
                candidates=change.candidates, note=change.note))
        paragraphs.append(simplified)
        offset += len(simplified) + 1
    return Cleaned(decoded, extraction, "\n".join(paragraphs), repairs, repaired.warnings)
