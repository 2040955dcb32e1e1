"""Fit the repair's confidence table, ``pipeline/data/confidence.tsv``.

Run ``python scripts/fit_calibration.py [--seeds N] [--texts PATH ...]``. Texts: by
default the tuning paragraphs of ``tests/cases/tuning_texts.txt`` (written for this project,
never used to build the language model, sharing no sentence with the held-out texts the
honest figures in ``bench/repair_calibration.py`` are measured on), cut into sentences,
damaged by ``pipeline.corrupt`` as the real pages are (``bench/repair_calibration.DAMAGE``), one
page per seed. Each damaged sentence with a decoding gives a pair (raw confidence: the
lowest raw confidence of its ``gbk-shift`` repairs; right: no character of the sentence
came back wrong; a □ where text was lost is not wrong). Isotonic
regression (pool adjacent violators) turns the pairs into a non-decreasing step function;
each step's probability is the Wilson lower bound (one-sided 95 %) of its share right,
with one success and one failure added (so no step is certain, a step seen few times
claims little, and a confidence of 0.9 or more is one the runs make sure of); a step
claims 0.9 or more only when that bound reaches 0.99 (``HIGH``, ``PROMISE``).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from repair_calibration import outcomes, texts  # noqa: E402

from pipeline.repair import calibration  # noqa: E402

TEXTS = [ROOT / "tests" / "cases" / "tuning_texts.txt"]
OUTPUT = ROOT / "pipeline" / "data" / "confidence.tsv"
#: One-sided 95 % (the normal quantile) for a step's lower bound.
Z = 1.645
#: The promise of a high confidence: a step claims ``HIGH`` or more only when its lower
#: bound reaches ``PROMISE`` (repairs at 0.9 or more are right 99 % of the time); a step
#: short of it is capped just under ``HIGH``.
HIGH = 0.9
PROMISE = 0.99


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


def lower_bound(right: int, count: int, z: float = Z) -> float:
    """The Wilson score lower bound of the share right (one-sided, ``z``): the
    probability a step stands for is one the runs make sure of, so that a step seen
    few times, or one a little short of a threshold, does not claim it."""
    share = right / count
    centre = share + z * z / (2 * count)
    spread = z * math.sqrt(share * (1 - share) / count + z * z / (4 * count * count))
    return (centre - spread) / (1 + z * z / count)


def claim(bound: float) -> float:
    """The probability a step with lower bound ``bound`` claims: ``bound``, except that
    a bound short of ``PROMISE`` stays under ``HIGH`` (by 0.001: confidences are
    reported to 3 decimals)."""
    return bound if bound >= PROMISE else min(bound, HIGH - 1e-3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=2000)
    parser.add_argument("--texts", type=Path, nargs="+", default=TEXTS,
                        help="paragraph files to fit on (default: the tuning file)")
    args = parser.parse_args(argv)
    calibration.ENABLED = False
    sentences = [s for path in args.texts for s in texts(path)]
    print(f"texts: {', '.join(map(str, args.texts))} "
          f"({sum(len(s) for s in sentences)} characters)", file=sys.stderr)
    found = outcomes(range(args.seeds), sentences)
    pairs = [(o.decoded, o.wrong == 0) for o in found if o.decoded is not None]
    lines = ["# raw posterior lower bound\tcalibrated probability "
             f"(scripts/fit_calibration.py, {len(pairs)} simulated damaged sentences)"]
    floor = 0.0
    for low, right, count in isotonic(pairs):
        # one success and one failure added: no step is certain either way
        floor = max(floor, lower_bound(right + 1, count + 2))  # the order holds
        lines.append(f"{0.0 if not lines[1:] else low:.4f}\t{claim(floor):.4f}")
    OUTPUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{OUTPUT}: {len(lines) - 1} steps from {len(pairs)} runs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
