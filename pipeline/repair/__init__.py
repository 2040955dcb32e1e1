"""Repair: undo the damage of scraping (pinyin annotations, mojibake) in one block of text.

``repair_text`` is a pure function of the block's text. It returns the repaired text and
the list of changes it made, each with the span of its replacement in the repaired text,
so that the flow can trace every character back to the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.repair.annotations import find_annotations
from pipeline.repair.changes import Change, apply_changes
from pipeline.repair.families import find_family_changes


@dataclass
class RepairResult:
    """A repaired block: its text, the changes made, and where each change landed."""

    text: str
    changes: list[Change]
    spans: list[tuple[int, int]]


def overlaps(change: Change, others: list[Change]) -> bool:
    """True if ``change`` shares a character with any of ``others``."""
    return any(change.start < o.end and o.start < change.end for o in others)


def repair_text(text: str) -> RepairResult:
    """Repair one block of text; clean text comes back unchanged with no changes.

    Changes come in text order; annotations inside a span a family finder changed are
    left to that change.
    """
    changes = find_family_changes(text)
    changes += [c for c in find_annotations(text) if not overlaps(c, changes)]
    changes.sort(key=lambda c: c.start)
    fixed, spans = apply_changes(text, changes)
    return RepairResult(fixed, changes, spans)
