"""Benchmark: the diff over real version pairs of Chinese regulations.

Reads the pairs listed in ``bench/lawpairs.tsv`` from a scratch folder (default
``/work/scratch/lawpairs``, filled by ``bench/lawpairs.py``; the texts are third-party
and never enter the repository). For each pair: time to process both versions, time of
``diff_documents`` (best of ``--repeat``), and the counts per change kind (articles and
items: added, removed, renumbered, modified, moved; punctuation-only; target changes).
Says so plainly and exits 0 when the folder is absent (CI has no network to the source).

    .venv/bin/python bench/diff_pairs_bench.py [--dir DIR] [--repeat R] [--markdown OUT]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pipeline
from bench.lawpairs import DEFAULT_DIR, sources
from pipeline.diff import diff_documents, diff_markdown
from pipeline.diff.words import words

#: Provision changes counted per pair, in column order.
COLUMNS = ("added", "removed", "renumbered", "modified", "moved")


def counts(report: dict, kind: str) -> list[int]:
    """The ``COLUMNS`` counts of ``kind`` provisions in ``report``."""
    row = report["summary"]["by_kind"].get(kind) or {}
    return [row.get(c, 0) for c in COLUMNS]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path, default=None,
                        help="also write each pair's Markdown report into this folder")
    args = parser.parse_args()
    pairs = [(name, args.dir / f"{name}_old.txt", args.dir / f"{name}_new.txt")
             for name, *_ in sources()]
    present = [p for p in pairs if p[1].exists() and p[2].exists()]
    if not present:
        print(f"diff pairs benchmark: skipped, no pairs in {args.dir} "
              "(fetch them with bench/lawpairs.py)")
        return 0
    words("预热")  # jieba's dictionary loads once per process
    if args.markdown:
        args.markdown.mkdir(parents=True, exist_ok=True)
    print(f"{len(present)} of {len(pairs)} pairs in {args.dir}")
    header = ("pair", "chars", "process s", "diff s", "articles +/-/renum/mod/moved",
              "items +/-/renum/mod/moved", "punct", "targets chg/+/-")
    print("  ".join(header))
    totals = {"articles": [0] * len(COLUMNS), "items": [0] * len(COLUMNS)}
    punct = targets_changed = 0
    diff_times, process_times = [], []
    for name, old_path, new_path in present:
        old_text, new_text = old_path.read_text("utf-8"), new_path.read_text("utf-8")
        started = time.perf_counter()
        old = pipeline.process(old_text, old_path.name).to_dict()
        new = pipeline.process(new_text, new_path.name).to_dict()
        process_times.append(time.perf_counter() - started)
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = diff_documents(old, new)
            best = min(best, time.perf_counter() - started)
        diff_times.append(best)
        articles, items = counts(report, "article"), counts(report, "item")
        totals["articles"] = [a + b for a, b in zip(totals["articles"], articles, strict=True)]
        totals["items"] = [a + b for a, b in zip(totals["items"], items, strict=True)]
        minor = sum(row["punctuation_only"] for row in report["summary"]["by_kind"].values())
        punct += minor
        t = report["summary"]["targets"]
        targets_changed += t["changed"]
        print(f"{name}  {len(old_text) + len(new_text):>7,}  {process_times[-1]:6.2f}  "
              f"{best:6.3f}  {'/'.join(map(str, articles)):>16}  "
              f"{'/'.join(map(str, items)):>14}  {minor:3}  "
              f"{t['changed']}/{t['added']}/{t['removed']}")
        if args.markdown:
            (args.markdown / f"{name}.md").write_text(diff_markdown(report), "utf-8")
    diff_times.sort()
    process_median = sorted(process_times)[len(process_times) // 2]
    print(f"diff_documents per pair: median {diff_times[len(diff_times) // 2]:.3f} s, "
          f"max {diff_times[-1]:.3f} s, total {sum(diff_times):.2f} s; "
          f"processing both versions: median {process_median:.2f} s")
    for kind, row in totals.items():
        print(f"{kind}: " + ", ".join(f"{n} {c}" for c, n in zip(COLUMNS, row, strict=True)))
    print(f"punctuation-only pairs: {punct}; target values changed: {targets_changed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
