"""The naive baseline: read, strip annotations with one regex, OpenCC t2s, write.

It is what a quick script would do, with none of the checks the pipeline makes; the
benchmark reports how much slower doing things properly is.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import opencc

#: Any parenthesised run of pinyin letters (with or without tone marks).
ANNOTATION = re.compile(r"\([a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüÜ]+\)")


def run_baseline(raw_dir: Path, out_dir: Path) -> dict[str, float]:
    """Clean every page of ``raw_dir`` the naive way into ``out_dir``; seconds and pages."""
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    converter = opencc.OpenCC("t2s")
    pages = 0
    for path in sorted(raw_dir.iterdir()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        (out_dir / path.name).write_text(converter.convert(ANNOTATION.sub("", text)), "utf-8")
        pages += 1
    return {"pages": pages, "seconds": time.perf_counter() - start}
