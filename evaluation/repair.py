"""Scoring repairs of damaged pages against hand-decoded runs, and clean control pages.

A truth run is a row ``(id, page, garbled, expected)``: ``garbled`` as it stands in the
page, ``expected`` the correct Simplified text, ``|`` separating pieces that must each
appear when part of the stretch is unknown. The rules (``realdata/README.md``):

- *restored*: every piece appears in the cleaned text (NFKC, spaces removed);
- *wrong*: not restored, and a repair put other characters where the truth has its text
  (or dropped some of it without a mark);
- *garbled*: not restored, and the run's characters are still there (no repair touched
  it, or garbage the truth does not have stands where it was repaired);
- *lost*: not restored, and the repair marked □ where the truth has text.

The run is placed on the page by its garbled text in the source paragraphs; the repairs
whose page span overlaps it are the run's repairs. Annotation and entity removals do not
change characters of the text, so they do not count as repairing the run.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from evaluation.text import han_chars, norm

#: Repair kinds that only remove page furniture inside the text (not character repairs).
NON_REPAIR_KINDS = frozenset({"annotation", "entity", "tag"})
#: The mark the pipeline leaves where text was lost.
LOST_MARK = "□"
#: How many characters of context ``produced`` shows on each side of the run's repairs.
CONTEXT = 3


@dataclass(frozen=True)
class TruthRun:
    """One hand-decoded run of a damaged page."""

    id: str
    page: str
    garbled: str
    expected: str

    @property
    def pieces(self) -> list[str]:
        """The normalised pieces that must each appear in the cleaned text."""
        return [p for p in (norm(x) for x in self.expected.split("|")) if p]


@dataclass
class RunResult:
    """How the pipeline did on one run.

    ``status`` is ``restored``, ``wrong``, ``lost`` or ``garbled``; ``confidence`` the
    lowest confidence among the run's character repairs (None when there were none);
    ``produced`` the cleaned text around the run's repairs (what a reader sees there).
    """

    id: str
    page: str
    status: str
    expected: str
    page_text: str
    produced: str = ""
    confidence: float | None = None
    missing: list[str] = field(default_factory=list)


def run_spans(garbled: str, source_paragraphs: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Every ``[start, end)`` page span where ``garbled`` stands in the source paragraphs."""
    spans = []
    for para in source_paragraphs:
        if para.get("start") is None:
            continue
        text = para["text"]
        pos = text.find(garbled)
        while pos >= 0:
            spans.append((para["start"] + pos, para["start"] + pos + len(garbled)))
            pos = text.find(garbled, pos + 1)
    return spans


def run_repairs(spans: list[tuple[int, int]], repairs: list[dict[str, Any]]) -> list[dict]:
    """The character repairs (not annotation or entity removals) overlapping any span."""
    return [r for r in repairs if r["kind"] not in NON_REPAIR_KINDS
            and any(r["start"] < end and r["end"] > start for start, end in spans)]


def classify(run: TruthRun, window: str, to_simplified=str) -> str:
    """The status of a run that is not restored, from ``window``: the cleaned text from
    the run's first repair to at most two characters of the run past its last.

    ``wrong`` when the window holds Han characters that neither the truth nor the
    garbled run has (invented text); else ``garbled`` when characters of the garbled run
    that the truth does not have still stand there; else ``lost`` when it holds □; else
    ``wrong`` (text the truth has is missing without a mark).
    """
    garbled = han_chars(to_simplified(run.garbled))
    expected = han_chars(norm(run.expected))
    seen = han_chars(window)
    if seen - expected - garbled:
        return "wrong"
    if seen & (garbled - expected):
        return "garbled"
    if LOST_MARK in window:
        return "lost"
    return "wrong"


def tail_length(last: dict[str, Any], spans: list[tuple[int, int]],
                repairs: list[dict[str, Any]], cap: int = 2) -> int:
    """How many cleaned characters after the run's ``last`` repair still belong to the
    run (its page text left after that repair, less removed annotations), at most ``cap``."""
    end = max((e for s, e in spans if s < last["end"] <= e), default=last["end"])
    removed = sum(r["end"] - r["start"] for r in repairs
                  if r["kind"] in NON_REPAIR_KINDS and r["start"] >= last["end"]
                  and r["end"] <= end and not r["replacement"])
    return max(0, min(cap, end - last["end"] - removed))


def score_run(run: TruthRun, doc: dict[str, Any], to_simplified=str) -> RunResult:
    """Score one truth run against the pipeline's document dict for its page.

    ``to_simplified`` converts the garbled text the way the pipeline does, so garbage
    left in place is recognised in the cleaned text."""
    clean = norm(doc["text"])
    missing = [p for p in run.pieces if p not in clean]
    spans = run_spans(run.garbled, doc.get("source_paragraphs") or [])
    repairs = run_repairs(spans, doc.get("repairs") or [])
    confidence = min((r["confidence"] for r in repairs), default=None)
    placed = [r for r in repairs if r.get("clean_start", -1) >= 0]
    produced = window = ""
    if placed:
        lo = min(r["clean_start"] for r in placed)
        last = max(placed, key=lambda r: r["clean_end"])
        hi = last["clean_end"]
        produced = doc["text"][max(0, lo - CONTEXT):hi + CONTEXT]
        window = doc["text"][lo:hi + tail_length(last, spans, doc.get("repairs") or [])]
    if not missing:
        status = "restored"
    elif not placed:
        status = "garbled"
    else:
        status = classify(run, window, to_simplified)
    return RunResult(run.id, run.page, status, run.expected, run.garbled, produced,
                     confidence, missing)


# --- clean control pages -------------------------------------------------------------

#: A pinyin annotation after a Han character, as the damaged family writes them: ``關(guān)``.
_ANNOTATION = re.compile(r"(?<=[\u3400-\u9fff])\([a-zü\u00e0-\u00fc\u0101-\u01dc]{1,7}\)")


def expected_clean(source: str, to_simplified) -> str:
    """What a control paragraph should become: entities decoded, annotations removed,
    converted by ``to_simplified``, normalised (punctuation width folds under NFKC)."""
    return norm(to_simplified(_ANNOTATION.sub("", html.unescape(source))))


def control_changes(doc: dict[str, Any], to_simplified) -> list[tuple[str, str]]:
    """Every change on a clean control page beyond furniture removal, conversion and
    punctuation: ``(page text, cleaned text)`` pieces that differ, paragraph by paragraph.

    ``to_simplified`` converts Traditional to Simplified (applied to both sides, so the
    pipeline's own phrase choices are not counted as changes).
    """
    out: list[tuple[str, str]] = []
    paragraphs = doc["text"].split("\n") if doc["text"] else []
    for source, cleaned in zip(doc.get("source_paragraphs") or [], paragraphs, strict=False):
        want = expected_clean(source["text"], to_simplified)
        got = norm(to_simplified(cleaned))
        if want == got:
            continue
        matcher = SequenceMatcher(None, want, got, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op != "equal":
                out.append((want[max(0, a0 - CONTEXT):a1 + CONTEXT],
                            got[max(0, b0 - CONTEXT):b1 + CONTEXT]))
    return out


def summarise_runs(results: list[RunResult]) -> dict[str, Any]:
    """Counts by status, the ids of runs not restored, and wrong runs at confidence ≥ 0.9."""
    counts = {s: sum(r.status == s for r in results)
              for s in ("restored", "wrong", "lost", "garbled")}
    return {
        "runs": len(results),
        **counts,
        "wrong_high_confidence": sorted(
            r.id for r in results
            if r.status == "wrong" and r.confidence is not None and r.confidence >= 0.9),
        "not_restored": {s: sorted((r.id for r in results if r.status == s), key=_id_key)
                         for s in ("wrong", "lost", "garbled")},
    }


def _id_key(run_id: str) -> tuple[str, int]:
    digits = "".join(ch for ch in run_id if ch.isdigit())
    return (run_id.rstrip("0123456789"), int(digits or 0))


def reliability(results: list[RunResult],
                bands: tuple[float, ...] = (0.0, 0.5, 0.8, 0.9, 0.99, 1.0001)
                ) -> list[dict[str, Any]]:
    """Calibration of the runs that were repaired: for each confidence band
    ``[lo, hi)``, how many runs and what share came out right."""
    rows = []
    for lo, hi in itertools.pairwise(bands):
        inside = [r for r in results
                  if r.confidence is not None and lo <= r.confidence < hi]
        right = sum(r.status == "restored" for r in inside)
        rows.append({"band": f"{lo:.2f}-{min(hi, 1.0):.2f}", "count": len(inside),
                     "right": right,
                     "share_right": round(right / len(inside), 3) if inside else None})
    return rows
