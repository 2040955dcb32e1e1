"""Benchmark of the HTML review page: render time, size, and load time in Chromium.

    .venv/bin/python bench/review_page.py [--copies N] [--runs R]

Prints, for the sample page and for a document made of N copies of it (N times the
paragraphs and repairs): the median time to render the page from a ``Document``, the
page's size, and, when ``/usr/bin/chromium`` is there, the time from navigation start to
the end of the load event (Navigation Timing, after one warm-up load) and the time for one
*Next uncertain* step, measured in headless Chromium.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline.emit.html import document_html  # noqa: E402
from pipeline.model import Document  # noqa: E402

SAMPLE = ROOT / "raw" / "guangdong-fertility-support-2023.txt"


def copies(doc: Document, n: int) -> Document:
    """``doc`` with its paragraphs, page text and repairs repeated ``n`` times; every
    tenth repair flagged uncertain so stepping has work to do."""
    shift = len(doc.text) + 1
    repairs = []
    for k in range(n):
        for i, r in enumerate(doc.repairs):
            repairs.append(dataclasses.replace(
                r, clean_start=r.clean_start + k * shift, clean_end=r.clean_end + k * shift,
                block=r.block + k * len(doc.source_paragraphs),
                low_confidence=r.low_confidence or i % 10 == 0))
    return dataclasses.replace(
        doc, text="\n".join([doc.text] * n), repairs=repairs, outline=doc.outline,
        source_paragraphs=doc.source_paragraphs * n)


def render_time(doc: Document, runs: int) -> tuple[float, str]:
    """Median seconds to render ``doc``, and the page."""
    times, html = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        html = document_html(doc)
        times.append(time.perf_counter() - start)
    return statistics.median(times), html


def browser_times(pages: list[Path]) -> list[tuple[float, float]]:
    """(load seconds, one step seconds) for each page, in one headless Chromium."""
    from tests.test_review_browser import CHROMIUM, Browser

    if not CHROMIUM.exists():
        return []
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        browser = Browser(Path(tmp) / "profile")
        try:
            browser.open(pages[0].as_uri())  # warm up: first start, fonts
            for page in pages:
                browser.open(page.as_uri())
                loaded = browser.js("performance.getEntriesByType('navigation')[0]"
                                    ".loadEventEnd") / 1000
                step = browser.js("(() => { const t = performance.now();"
                                  " document.getElementById('low-next').click();"
                                  " document.body.offsetHeight;"
                                  " return (performance.now() - t) / 1000; })()")
                out.append((loaded, step))
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sample = pipeline.process(SAMPLE.read_bytes(), str(SAMPLE.relative_to(ROOT)))
    docs = {"sample": sample, f"sample x{args.copies}": copies(sample, args.copies)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, doc in docs.items():
            seconds, html = render_time(doc, args.runs)
            path = Path(tmp) / f"{len(paths)}.html"
            path.write_text(html, "utf-8")
            paths.append(path)
            rows.append([name, len(doc.paragraphs), len(doc.repairs),
                         f"{seconds * 1000:.0f} ms", f"{len(html.encode()) / 1024:.0f} KiB"])
        times = browser_times(paths)
    print("| document | paragraphs | repairs | render | size | chromium load | one step |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for i, row in enumerate(rows):
        load, step = (f"{times[i][0] * 1000:.0f} ms", f"{times[i][1] * 1000:.1f} ms") if times \
            else ("n/a", "n/a")
        print("| " + " | ".join(str(c) for c in [*row, load, step]) + " |")


if __name__ == "__main__":
    main()
