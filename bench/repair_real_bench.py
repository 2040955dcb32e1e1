"""Repair timings on real damaged pages: the pages of ``../shared/realdata/garbled``.

Run ``python bench/repair_real_bench.py [--data DIR]`` (in ``make bench``). It prints the
repair stage's cost a page over all the pages, in a fresh process (model load and
first-use rankings included: what a short run pays) and warm (every page seen once
already: what a long run pays per page), wall clock and CPU. The pages are third-party
text and stay outside the repository; without the folder it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from repair_bench import blocks_of  # noqa: E402

DATA = ROOT.parent / "shared" / "realdata" / "garbled"
RUNS = 5


def pages_of(folder: Path) -> list[list[str]]:
    """The blocks of every page ``NNN.txt`` in ``folder``, in name order."""
    return [blocks_of(path.read_bytes()) for path in sorted(folder.glob("[0-9]*.txt"))]


def fresh(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of repairing every page once in a fresh interpreter, from the
    first repair call (imports and page reading excluded)."""
    code = ("import json, sys, time; sys.path.insert(0, 'bench'); "
            "from repair_real_bench import pages_of; from pathlib import Path; "
            "from pipeline.repair import repair_blocks; "
            f"pages = pages_of(Path({str(folder)!r})); "
            "w, c = time.perf_counter(), time.process_time(); "
            "[repair_blocks(p) for p in pages]; "
            "print(json.dumps([time.perf_counter() - w, time.process_time() - c]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    wall, cpu = json.loads(out.stdout)
    return wall, cpu


def warm(pages: list[list[str]], runs: int = RUNS) -> tuple[float, float]:
    """Best wall and CPU seconds of repairing every page, each seen once before."""
    from pipeline.repair import repair_blocks
    for page in pages:
        repair_blocks(page)
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        for page in pages:
            repair_blocks(page)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA,
                        help="folder of damaged pages NNN.txt (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"repair on real pages: {args.data} is absent, nothing measured")
        return 0
    pages = pages_of(args.data)
    if not pages:
        print(f"repair on real pages: no NNN.txt page in {args.data}, nothing measured")
        return 0
    n = len(pages)
    for name, (wall, cpu) in (("fresh process, load included", fresh(args.data)),
                              (f"warm, best of {RUNS}", warm(pages))):
        print(f"repair, {n} real damaged pages, {name}: {wall / n * 1000:.2f} ms a page "
              f"(cpu {cpu / n * 1000:.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
