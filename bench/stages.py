"""Time spent in each stage, calling the stage functions in the order ``pipeline.flow`` does.

The stages are called as the flow calls them (ingest, extract, repair over the blocks,
convert per block, parse, then every writer of ``pipeline.build.WRITERS`` for emit); the
document the writers need comes from ``pipeline.process`` outside the timed sections.
The flow's own glue (building repair records) is not a stage and is not timed.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from pathlib import Path

from pipeline import convert, extract, ingest, parse, repair
from pipeline.build import WRITERS
from pipeline.flow import process

STAGES = ("ingest", "extract", "repair", "convert", "parse", "emit")


def time_page(data: bytes, name: str, totals: dict[str, float]) -> None:
    """Add the seconds each stage takes on one page to ``totals``."""
    clock = time.perf_counter
    t0 = clock()
    decoded = ingest.decode(data, name)
    t1 = clock()
    extraction = extract.extract(decoded.text, decoded.source.format, name)
    extract.require_content(extraction, name)
    t2 = clock()
    totals["ingest"] += t1 - t0
    totals["extract"] += t2 - t1
    t0 = clock()
    repaired = repair.repair_blocks([block.text for block in extraction.blocks])
    t1 = clock()
    paragraphs = [convert.convert_text(fixed.text) for fixed in repaired]
    t2 = clock()
    totals["repair"] += t1 - t0
    totals["convert"] += t2 - t1
    t0 = clock()
    title = convert.convert_text(extraction.title or "")
    t1 = clock()
    parse.parse("\n".join(paragraphs), title)
    t2 = clock()
    totals["convert"] += t1 - t0
    totals["parse"] += t2 - t1
    doc = process(data, name)
    t0 = clock()
    for writer in WRITERS.values():
        writer(doc)
    totals["emit"] += clock() - t0


def stage_split(pages: list[Path]) -> dict[str, dict[str, float]]:
    """Per stage: milliseconds per page and share of the total, over ``pages``."""
    for page in pages[:2]:  # warm up: dictionaries and converters load on first use
        time_page(page.read_bytes(), str(page), defaultdict(float))
    gc.collect()  # as a build's worker does after its first page (pipeline.build._settle)
    gc.freeze()
    totals: dict[str, float] = defaultdict(float)
    for page in pages:
        time_page(page.read_bytes(), str(page), totals)
    whole = sum(totals.values()) or 1.0
    return {stage: {"ms_per_page": round(1000 * totals[stage] / len(pages), 3),
                    "share": round(totals[stage] / whole, 4)} for stage in STAGES}
