"""Benchmark of the parse stage: prints documents and characters per second.

Run: ``.venv/bin/python bench/parse_bench.py [REPEAT]`` (default 20). Parses every
tests/cases/docs/*.txt REPEAT times, after one warm-up pass (reported separately; the
parse stage loads no word segmenter). Run it with ``PYTHONPATH=.`` from a worktree so it
imports that worktree's code.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.parse import parse

DOCS = sorted((Path(__file__).resolve().parent.parent / "tests" / "cases" / "docs").glob("*.txt"))


def main(repeat: int) -> None:
    texts = [p.read_text("utf-8") for p in DOCS]
    began = time.perf_counter()
    for text in texts:
        parse(text)
    warm = time.perf_counter() - began
    began = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            parse(text)
    spent = time.perf_counter() - began
    chars = sum(map(len, texts)) * repeat
    print(f"warm-up (first pass): {warm:.2f} s")
    print(f"{len(texts) * repeat} documents, {chars} characters in {spent:.3f} s: "
          f"{len(texts) * repeat / spent:.1f} docs/s, {chars / spent / 1000:.1f} k chars/s")
    big = "\n".join(texts) * 10
    began = time.perf_counter()
    parsed = parse(big)
    print(f"one {len(big)}-character text: {time.perf_counter() - began:.3f} s, "
          f"{len(parsed.targets)} targets, {len(parsed.references)} references")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
