"""The benchmark corpus: pages made from the sample page and from ``bench/texts``.

Every page is a base text (the sample page cleaned by the pipeline, or one of the
policy-style texts in ``bench/texts``) given its own document number line, then damaged
by ``pipeline.corrupt.corrupt`` with the page's own seed, so no two pages are alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pipeline
from pipeline.corrupt import corrupt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "raw" / "guangdong-fertility-support-2023.txt"
TEXTS = HERE / "texts"
#: Of every this many pages, one half come from the sample page, the rest from the texts.
SAMPLE_SHARE = 2


@dataclass(frozen=True)
class Base:
    """A clean Simplified text that pages are made from."""

    name: str
    text: str


def bases() -> list[Base]:
    """The sample page (cleaned by the pipeline) and every ``bench/texts/*.txt``."""
    sample = pipeline.process(SAMPLE.read_bytes(), str(SAMPLE)).text
    texts = [Base(p.stem, p.read_text("utf-8").strip()) for p in sorted(TEXTS.glob("*.txt"))]
    return [Base("sample", sample), *texts]


def page_text(base: Base, number: int) -> str:
    """``base`` as page ``number``: a document number line after the title."""
    title, _, rest = base.text.partition("\n")
    line = f"文号：政办〔{2020 + number % 5}〕{number}号　发布日期：{2020 + number % 5}年" \
           f"{number % 12 + 1}月{number % 28 + 1}日"
    return f"{title}\n{line}\n{rest}\n"


def base_for(number: int, all_bases: list[Base]) -> Base:
    """Half the pages from the sample, the other half cycling through the written texts."""
    if number % SAMPLE_SHARE == 0 or len(all_bases) == 1:
        return all_bases[0]
    return all_bases[1 + (number // SAMPLE_SHARE) % (len(all_bases) - 1)]


def make_corpus(dest: Path, pages: int) -> dict[str, float]:
    """Write ``pages`` corrupted pages (UTF-8) into ``dest``; returns counts and sizes."""
    dest.mkdir(parents=True, exist_ok=True)
    all_bases = bases()
    total = 0
    for number in range(pages):
        base = base_for(number, all_bases)
        data = corrupt(page_text(base, number), seed=number).encode("utf-8")
        (dest / f"{number:05d}-{base.name}.txt").write_bytes(data)
        total += len(data)
    return {"pages": pages, "bytes": total, "mean_page_bytes": round(total / max(pages, 1))}
