"""Fit the repair's confidence table, ``pipeline/data/confidence.tsv``.

Run ``python scripts/fit_calibration.py [--seeds N]``. Texts: the policy paragraphs of
``tests/cases/policy_texts.txt`` and ``bench/texts/`` (never used to build the language
model; the honest figures in ``bench/repair_calibration.py`` use other texts), cut into
sentences, damaged
by ``pipeline.corrupt`` as the real pages are (``bench/repair_calibration.DAMAGE``), one
page per seed. Each damaged sentence with a decoding gives a pair (raw confidence: the
lowest raw confidence of its ``gbk-shift`` repairs; right: no character of the sentence
came back wrong; a □ where text was lost is not wrong). Isotonic
regression (pool adjacent violators) turns the pairs into a non-decreasing step function;
each step's probability is its share right with one success and one failure added (so a
step seen few times is not certain).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from repair_calibration import outcomes, texts  # noqa: E402

from pipeline.repair import calibration  # noqa: E402

TEXTS = [ROOT / "tests" / "cases" / "policy_texts.txt",
         *sorted((ROOT / "bench" / "texts").glob("*.txt"))]
OUTPUT = ROOT / "pipeline" / "data" / "confidence.tsv"


def isotonic(pairs: list[tuple[float, bool]]) -> list[tuple[float, int, int]]:
    """Pool adjacent violators over ``(raw, right)`` sorted by raw: blocks of
    ``(lowest raw, right, count)`` whose shares right do not decrease."""
    blocks: list[list] = []
    for raw, right in sorted(pairs):
        blocks.append([raw, int(right), 1])
        while len(blocks) > 1 and (blocks[-2][1] / blocks[-2][2]
                                   >= blocks[-1][1] / blocks[-1][2]):
            low, r, n = blocks.pop()
            blocks[-1][1] += r
            blocks[-1][2] += n
            del low
    return [(low, right, count) for low, right, count in blocks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=2000)
    args = parser.parse_args(argv)
    calibration.ENABLED = False
    sentences = [s for path in TEXTS for s in texts(path)]
    found = outcomes(range(args.seeds), sentences)
    pairs = [(o.decoded, o.wrong == 0) for o in found if o.decoded is not None]
    lines = ["# raw posterior lower bound\tcalibrated probability "
             f"(scripts/fit_calibration.py, {len(pairs)} simulated damaged sentences)"]
    floor = 0.0
    for low, right, count in isotonic(pairs):
        floor = max(floor, (right + 1) / (count + 2))  # smoothing must not break the order
        lines.append(f"{0.0 if not lines[1:] else low:.4f}\t{floor:.4f}")
    OUTPUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{OUTPUT}: {len(lines) - 1} steps from {len(pairs)} runs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
