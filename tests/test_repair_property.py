"""repair(corrupt(text)) gives the text back: the simulator and the solver agree."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.convert import convert_text
from pipeline.corrupt import corrupt, fold_punctuation, naive_traditional
from pipeline.flow import LOW_CONFIDENCE
from pipeline.repair import RepairResult, repair_blocks
from pipeline.repair.annotations import ANNOTATION_RE

CASES = Path(__file__).resolve().parent / "cases"
TEXTS = [line for line in (CASES / "policy_texts.txt").read_text("utf-8").splitlines()
         if line and not line.startswith("#")]


def recovered(original: str, cleaned: str) -> int:
    """Characters of ``original`` found, in order, in ``cleaned``."""
    matcher = difflib.SequenceMatcher(None, original, cleaned, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def clean_page(blocks: list[str]) -> list[str]:
    return [convert_text(result.text) for result in repair_blocks(blocks)]


def test_recovery_over_the_policy_texts_is_at_least_999_per_mille():
    total = found = runs = 0
    for seed in range(12):
        damaged = [corrupt(text, seed * 100 + i, misalign=0.2) for i, text in enumerate(TEXTS)]
        runs += sum(d.count("?") for d in damaged)
        for original, cleaned in zip(TEXTS, clean_page(damaged), strict=True):
            total += len(original)
            found += recovered(original, cleaned)
    assert runs > 30
    assert found / total >= 0.999


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(0, len(TEXTS) - 1), st.integers(0, 2**32 - 1),
       st.floats(0.02, 0.1), st.floats(0.3, 1.0))
def test_each_corrupted_paragraph_is_recovered(index, seed, misalign, annotate):
    original = TEXTS[index]
    damaged = corrupt(original, seed, annotate=annotate, misalign=misalign)
    assume("?" in damaged)  # the solver's path: a run read out of step
    cleaned = clean_page([damaged])[0]
    assert "?" not in cleaned.replace("？", "") or "?" in original
    # Per paragraph the bar is lower than the corpus-wide 99.9% above: an ambiguous lost
    # lead byte can cost a word in one paragraph (供热 read as 公若, a known weakness).
    assert recovered(original, cleaned) >= 0.97 * len(original)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, len(TEXTS) - 1), min_size=1, max_size=3, unique=True))
def test_clean_policy_text_comes_back_unchanged(indexes):
    blocks = [TEXTS[i] for i in indexes]
    assert [r.text for r in repair_blocks(blocks)] == blocks
    assert all(r.changes == [] for r in repair_blocks(blocks))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.integers(0, len(TEXTS) - 1), st.integers(0, 2**32 - 1))
def test_annotated_traditional_text_loses_only_its_annotations(index, seed):
    """In-step annotations on Traditional text: exactly the Traditional text comes back."""
    original = TEXTS[index]
    damaged = corrupt(original, seed, annotate=0.7, misalign=0.0)
    assert ANNOTATION_RE.search(damaged)
    expected = fold_punctuation(naive_traditional(original))
    assert repair_blocks([damaged])[0].text == expected


def flagged(result: RepairResult) -> list[tuple[int, int]]:
    """Spans of the repaired text that say they are unsure: lost marks and changes under
    the low-confidence threshold."""
    return [span for change, span in zip(result.changes, result.spans, strict=True)
            if change.kind == "lost" or change.confidence < LOW_CONFIDENCE]


def silent_losses(original: str, result: RepairResult) -> list[str]:
    """Stretches of ``original`` that the repair lost without saying so.

    The original is aligned with the repaired text (in Simplified, same length) by its
    longest matching blocks. A stretch of the original the alignment leaves unmatched
    and the repair gives fewer characters for is a loss; it is silent unless a ``□`` or
    a flagged span (``flagged``) touches the repaired stretch or either end of it.
    """
    cleaned = convert_text(result.text)
    unsure = flagged(result)
    matcher = difflib.SequenceMatcher(None, original, cleaned, autojunk=False)
    found = []
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        if j2 - j1 >= i2 - i1:
            continue
        marked = "□" in cleaned[max(0, j1 - 1):j2 + 1]
        if not marked and not any(lo <= j2 and hi >= j1 for lo, hi in unsure):
            found.append(original[i1:i2])
    return found


@pytest.mark.xfail(strict=True, reason="a lost lead byte next to a dropped unassigned pair "
                   "loses its character silently where the text reads as well without it "
                   "(see SILENT_NUMERAL in test_repair_gbk)")
@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.integers(0, len(TEXTS) - 1), st.integers(0, 2**32 - 1), st.floats(0.01, 0.05))
def test_lost_lead_bytes_never_lose_a_character_silently(index, seed, lose):
    """Every character of the original that the repair does not give back is marked lost
    (``□``) or lies in a change flagged low-confidence, never dropped silently."""
    original = TEXTS[index]
    damaged = corrupt(original, seed, misalign=0.0, lose=lose)
    assert silent_losses(original, repair_blocks([damaged])[0]) == []


def test_a_long_run_through_dropped_pairs_keeps_every_character():
    """Found by the property test above with another example order: 化提 was read 尼 and
    政府要 摘 while the beam merged hypotheses that differed in the character before last."""
    original = TEXTS[0]
    damaged = corrupt(original, 288, annotate=0.375, misalign=0.0625)
    assert "?yú)俗蓟⒁幏痘⒈憷岢鋈缦乱庖姟" in damaged
    assert recovered(original, clean_page([damaged])[0]) >= 0.97 * len(original)
