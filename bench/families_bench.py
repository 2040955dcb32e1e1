"""Benchmark of the mojibake-family finders and the convert stage: prints figures.

Run: ``PYTHONPATH=. .venv/bin/python bench/families_bench.py [REPEAT]`` (default 20; the
garbling functions come from ``tests/garble.py``). Reports the
one-off load (character table, UTF-8-as-GBK signature, patterns), then milliseconds per
page warm and MB/s for: the sample page, a clean page of the same size, and that clean
page garbled by each family (GBK as Windows-1252, UTF-8 as Windows-1252, UTF-8 as GBK).
Last, false positives on clean text: jieba's dictionary words, twelve to a line, in
Simplified and in Traditional (OpenCC s2t), about two million characters.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jieba
import opencc

from pipeline.convert import convert_text
from pipeline.repair.changes import apply_changes
from pipeline.repair.families import find_family_changes
from tests import garble

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "guangdong-fertility-support-2023.txt"
WORDS = [w for line in (ROOT / "tests/cases/chinese_words.txt").read_text("utf-8").splitlines()
         if not line.startswith("#") for w in line.split()]


def clean_page(size: int) -> str:
    """A clean Simplified page of about ``size`` characters, deterministic."""
    parts, n, i = [], 0, 0
    while n < size:
        word = WORDS[(i * 7919) % len(WORDS)] + ("，" if i % 5 == 4 else "") + (
            "。\n" if i % 23 == 22 else "")
        parts.append(word)
        n += len(word)
        i += 1
    return "".join(parts)


def timed(func, text: str, repeat: int) -> tuple[float, float]:
    """(ms per call, MB/s of UTF-8 input) over ``repeat`` warm calls."""
    began = time.perf_counter()
    for _ in range(repeat):
        func(text)
    spent = (time.perf_counter() - began) / repeat
    return spent * 1000, len(text.encode("utf-8")) / spent / 1e6


def main(repeat: int) -> None:
    sample = SAMPLE.read_text("utf-8")
    began = time.perf_counter()
    find_family_changes("载入" + garble.utf8_as_gbk("用户") + garble.gbk_as_cp1252("政策"))
    print(f"one-off load: {(time.perf_counter() - began) * 1000:.0f} ms")
    clean = clean_page(len(sample))
    pages = {
        "sample page": sample,
        "clean page": clean,
        "GBK as cp1252": garble.gbk_as_cp1252(clean),
        "UTF-8 as cp1252": garble.utf8_as_cp1252(clean),
        "UTF-8 as GBK": garble.utf8_as_gbk(clean),
    }
    for name, text in pages.items():
        ms, mbs = timed(find_family_changes, text, repeat)
        fixed = apply_changes(text, find_family_changes(text))[0]
        same = sum(a == b for a, b in zip(fixed, clean, strict=False)) / len(clean)
        note = "" if name == "sample page" else f", {same:.2%} of characters as the clean page"
        print(f"families  {name:16} {len(text):6} chars: {ms:7.2f} ms, {mbs:6.2f} MB/s{note}")
    for name in ("sample page", "clean page"):
        ms, mbs = timed(convert_text, pages[name], repeat)
        print(f"convert   {name:16} {len(pages[name]):6} chars: {ms:7.2f} ms, {mbs:6.2f} MB/s")


def false_positives() -> None:
    """Print how many clean dictionary lines the finders would change."""
    path = Path(jieba.__file__).parent / "dict.txt"
    words = [line.split()[0] for line in path.read_text("utf-8").splitlines()]
    s2t = opencc.OpenCC("s2t")
    lines = ["".join(words[i:i + 12]) for i in range(0, len(words), 12)]
    lines += [s2t.convert(line) for line in lines]
    began = time.perf_counter()
    changed = [line for line in lines if find_family_changes(line)]
    spent = time.perf_counter() - began
    chars = sum(map(len, lines))
    print(f"clean dictionary text: {len(lines)} lines, {chars} chars, {len(changed)} changed "
          f"({len(changed) / len(lines):.4%}), {chars / spent / 1e6:.2f} M chars/s")
    for line in changed[:5]:
        print("   ", [line[c.start:c.end] for c in find_family_changes(line)])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    false_positives()
