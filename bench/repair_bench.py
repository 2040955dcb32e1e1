"""Repair benchmark: prints timings for the sample page and for clean pages of its size.

Run ``python bench/repair_bench.py``. Figures (wall clock, best of N warm runs, and CPU
time): one-off model load; the repair stage on the sample page and on clean pages of
the same size (Simplified, and Traditional with annotations); the whole flow; MB/s; and
the simulator's recovery rate on the policy texts in tests/cases.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import convert, extract, ingest, process  # noqa: E402
from pipeline.corrupt import corrupt, garble, naive_traditional  # noqa: E402
from pipeline.repair import repair_blocks  # noqa: E402

SAMPLE = ROOT / "raw" / "guangdong-fertility-support-2023.txt"
TEXTS = ROOT / "tests" / "cases" / "policy_texts.txt"
RUNS = 15


def best_of(func, runs: int = RUNS) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``runs`` calls (after one warm-up)."""
    func()
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def blocks_of(data: bytes) -> list[str]:
    decoded = ingest.decode(data, "bench")
    return [b.text for b in extract.extract(decoded.text, decoded.source.format).blocks]


def load_time() -> float:
    """Seconds to load the language model in a fresh interpreter (imports excluded)."""
    code = ("import time, pipeline.repair.lm as lm; t = time.perf_counter(); lm.load(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return float(out.stdout)


def cold_time() -> float:
    """Seconds for the repair stage on the first page in a fresh interpreter (model load
    and caches included, imports excluded)."""
    code = ("import time, sys; sys.path.insert(0, 'bench'); from repair_bench import SAMPLE, "
            "blocks_of; from pipeline.repair import repair_blocks; "
            "blocks = blocks_of(SAMPLE.read_bytes()); t = time.perf_counter(); "
            "repair_blocks(blocks); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return float(out.stdout)


def report(name: str, size: int, wall: float, cpu: float) -> None:
    print(f"{name:<44} {wall * 1000:8.1f} ms  (cpu {cpu * 1000:6.1f} ms)  "
          f"{size / wall / 1e6:6.2f} MB/s")


def recovery(seeds: int = 10, misalign: float = 0.1) -> tuple[float, int]:
    """Share of characters the solver recovers from simulated damage, and runs seen."""
    texts = [t for t in TEXTS.read_text("utf-8").splitlines() if t and not t.startswith("#")]
    total = found = runs = 0
    for seed in range(seeds):
        damaged = [corrupt(t, seed * 100 + i, misalign=misalign) for i, t in enumerate(texts)]
        runs += sum(d.count("?") for d in damaged)
        for original, result in zip(texts, repair_blocks(damaged), strict=True):
            cleaned = convert.convert_text(result.text)
            matcher = difflib.SequenceMatcher(None, original, cleaned, autojunk=False)
            total += len(original)
            found += sum(b.size for b in matcher.get_matching_blocks())
    return found / total, runs


def main() -> None:
    data = SAMPLE.read_bytes()
    print(f"one-off model load: {load_time() * 1000:.0f} ms; repair of the first page in a "
          f"fresh process (load and caches included): {cold_time() * 1000:.0f} ms")
    sample = blocks_of(data)
    clean_simplified = (ROOT / "tests" / "cases" / "sample_expected.txt").read_text("utf-8")
    clean_blocks = clean_simplified.splitlines()
    annotated = [garble(naive_traditional(b), {i: False for i, _ in enumerate(b)})
                 for b in clean_blocks]
    size = len(data)
    report("repair, sample page (garbled)", size, *best_of(lambda: repair_blocks(sample)))
    report("repair, clean Simplified page, same size", size,
           *best_of(lambda: repair_blocks(clean_blocks)))
    report("repair, clean annotated Traditional page", size,
           *best_of(lambda: repair_blocks(annotated)))
    report("whole flow (process), sample page", size, *best_of(lambda: process(data), 5))
    rate, runs = recovery()
    print(f"simulator recovery (misalign 0.1, {runs} '?' runs): {rate * 100:.3f}% of characters")


if __name__ == "__main__":
    main()
