"""Honest simulator figures and the reliability of the repair's confidence.

Run ``python bench/repair_calibration.py [--seeds N] [--texts PATH] [--json FILE]``.
Texts: by default the held-out paragraphs in ``tests/cases/heldout_texts.txt`` (written for
this project, never used to build the language model; the reported figures);
``--texts tests/cases/tuning_texts.txt`` runs the same bench on the tuning set. Damaged by
``pipeline.corrupt`` with what the real pages show (``REAL_PAGES``: every full-width form
folded, swallowed ASCII, vanished and lost lead bytes, annotations read on the Simplified
character, converted with OpenCC ``s2t`` rather than the naive converter the model
assumes) at the sample page's damage rate (about one out-of-step run per 250 characters).
Each seed damages every sentence anew; the sentences of one seed are repaired together as
one page, a sentence a block.

A sentence counts as damaged when its page text has a ``?`` or when it does not come back
exactly (a run with no ``?`` left standing is counted, not skipped).

Printed: the share of characters of the damaged sentences right, wrong (another
character, or one missing without a mark) and marked lost (□), and how many □ stand
where nothing was lost; and a reliability table
over damaged sentences: for each confidence band (the lowest confidence of a sentence's
repairs), how many and what share came out exactly right. ``scripts/fit_calibration.py``
fits the confidence table the same way on the tuning texts
(``tests/cases/tuning_texts.txt``).
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import convert  # noqa: E402
from pipeline.corrupt import REAL_PAGES, corrupt  # noqa: E402
from pipeline.repair import repair_blocks  # noqa: E402

TEXTS = ROOT / "tests" / "cases" / "heldout_texts.txt"
#: The sample page's damage: an annotation on half the converted characters, 2 % of
#: them one byte early (about one run per 250 characters, as on the sample page).
DAMAGE = {"annotate": 0.5, "misalign": 0.02, **REAL_PAGES}
BANDS = (0.0, 0.5, 0.8, 0.9, 0.99, 1.0001)
#: Repair kinds that decode damaged bytes (their confidence is the one calibrated).
DECODING = frozenset({"gbk-shift", "lost"})
LOST = "□"


@dataclass
class Outcome:
    """One damaged paragraph after repair."""

    confidence: float | None  # lowest confidence of its decoding repairs; None: none
    decoded: float | None  # the same over repairs that decode (not lost marks)
    right: bool
    chars: int
    wrong: int
    lost: int
    extra: int = 0  # lost marks where no character was lost


def texts(path: Path = TEXTS) -> list[str]:
    """The sentences of the paragraphs in ``path`` (each ends at 。): one block each, so
    that a block has one damaged run or none, mostly."""
    lines = [t for t in path.read_text("utf-8").splitlines() if t and not t.startswith("#")]
    return [s + "。" for line in lines for s in line.split("。") if s]


def count(original: str, cleaned: str) -> tuple[int, int, int]:
    """(wrong, lost, extra) characters of ``original`` in ``cleaned``: replaced by another
    character or missing without a mark; replaced by □; and □ marks beyond the
    characters missing where they stand (a mark where nothing was lost)."""
    wrong = lost = extra = 0
    matcher = difflib.SequenceMatcher(None, original, cleaned, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        marks = cleaned[b0:b1].count(LOST)
        gone = a1 - a0
        lost += min(marks, gone)
        wrong += max(0, gone - marks)
        extra += max(0, marks - gone)
    return wrong, lost, extra


def outcomes(seeds: range, paragraphs: list[str] | None = None) -> list[Outcome]:
    """Every damaged block of every seed, repaired and scored (``paragraphs``: the
    held-out sentences unless given)."""
    paragraphs = paragraphs or texts()
    found = []
    for seed in seeds:
        damaged = [corrupt(t, seed * 1000 + i, **DAMAGE) for i, t in enumerate(paragraphs)]
        for original, garbled, result in zip(paragraphs, damaged, repair_blocks(damaged),
                                             strict=True):
            cleaned = convert.convert_text(result.text)
            if "?" not in garbled and cleaned == original:
                continue  # undamaged, or damaged with no mark and restored (counted in all)
            confidences = [c.confidence for c in result.changes if c.kind in DECODING]
            wrong, lost, extra = count(original, cleaned)
            decoded = [c.confidence for c in result.changes if c.kind == "gbk-shift"]
            found.append(Outcome(min(confidences, default=None),
                                 min(decoded, default=None), cleaned == original,
                                 len(original), wrong, lost, extra))
    return found


def percent(part: int, whole: int, digits: int) -> float:
    """``part`` as a percentage of ``whole``, rounded; 0.0 when ``whole`` is 0 (no
    sentence was damaged)."""
    return round(100 * part / whole, digits) if whole else 0.0


def reliability(found: list[Outcome]) -> list[dict]:
    rows = []
    for lo, hi in itertools.pairwise(BANDS):
        inside = [o for o in found if o.confidence is not None and lo <= o.confidence < hi]
        right = sum(o.right for o in inside)
        rows.append({"band": f"{lo:.2f}-{min(hi, 1.0):.2f}", "count": len(inside),
                     "right": right,
                     "share_right": round(right / len(inside), 3) if inside else None})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--first", type=int, default=1000, help="first seed")
    parser.add_argument("--texts", type=Path, default=TEXTS,
                        help="paragraphs to damage (default: the held-out file)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    sentences = texts(args.texts)
    print(f"texts: {args.texts} ({sum(len(t) for t in sentences)} characters, "
          f"{len(sentences)} sentences)")
    found = outcomes(range(args.first, args.first + args.seeds), sentences)
    chars = sum(o.chars for o in found)
    wrong = sum(o.wrong for o in found)
    lost = sum(o.lost for o in found)
    extra = sum(o.extra for o in found)
    everything = args.seeds * sum(len(t) for t in sentences)
    figures = {"texts": str(args.texts), "sentences": len(found), "characters": chars,
               "all_characters": everything,
               "wrong_pct_of_all": percent(wrong, everything, 4),
               "lost_pct_of_all": percent(lost, everything, 4),
               "extra_marks_pct_of_all": percent(extra, everything, 4),
               "right_pct": percent(chars - wrong - lost, chars, 3),
               "wrong_pct": percent(wrong, chars, 3),
               "lost_pct": percent(lost, chars, 3),
               "unrepaired_sentences": sum(o.confidence is None for o in found),
               "reliability": reliability(found)}
    print(f"simulated damage ({len(found)} damaged sentences, "
          f"{chars} characters): right {figures['right_pct']}%, wrong "
          f"{figures['wrong_pct']}%, marked lost {figures['lost_pct']}%; of all {everything} "
          f"characters: wrong {figures['wrong_pct_of_all']}%, marked lost "
          f"{figures['lost_pct_of_all']}%; extra □ where nothing was lost "
          f"{figures['extra_marks_pct_of_all']}%")
    print("reliability (lowest confidence of a sentence's repairs): band count right")
    for row in figures["reliability"]:
        share = "-" if row["share_right"] is None else f"{row['share_right'] * 100:.0f}%"
        print(f"  {row['band']}  {row['count']:5d}  {share}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
