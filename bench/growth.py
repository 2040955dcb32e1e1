"""Cost growth of the pathological families (issue 16): time per character of
``pipeline.process`` at 10k, 100k and 1M characters for each family in
``bench/families.py``. Linear stages give a flat row. Run: ``python bench/growth.py
[SIZES...]`` (part of ``make bench``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.families import FAMILIES
from pipeline.errors import InputError
from pipeline.flow import process

SIZES = (10_000, 100_000, 1_000_000)


def per_char(family: str, size: int) -> tuple[float, str]:
    """Seconds per character of one ``process`` of the family's page, and its outcome."""
    page = FAMILIES[family](size)
    start = time.perf_counter()
    try:
        process(page, f"{family}.txt")
        outcome = "ok"
    except InputError as err:
        outcome = err.reason
    return (time.perf_counter() - start) / len(page), outcome


#: Sizes up to this are timed twice and the faster run kept (they take milliseconds, so
#: one scheduling hiccup on a shared machine would show as growth).
REPEAT_BELOW = 100_000


def main(argv: list[str]) -> int:
    sizes = tuple(int(a) for a in argv) or SIZES
    process("关于意见\n（一）措施。\n", "warm-up.txt")  # models and dictionaries load here
    for family in FAMILIES:  # what a family's first page loads (a dictionary) is not growth
        per_char(family, 1000)
    print("pathological families: microseconds per character of pipeline.process")
    print(f"{'family':<18}" + "".join(f"{size:>12,}" for size in sizes) + "   max/min")
    for family in FAMILIES:
        row = [min(per_char(family, size)[0] for _ in range(2 if size <= REPEAT_BELOW else 1))
               * 1e6 for size in sizes]
        print(f"{family:<18}" + "".join(f"{us:>12.2f}" for us in row)
              + f"   {max(row) / max(min(row), 1e-9):>6.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
