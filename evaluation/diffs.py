"""Scoring a version diff against the truth's provision changes.

A truth change ``{old_label, new_label, change}`` is found when a reported provision has
the same change kind and the same old and new labels, a label matching when it equals the
provision's own label or ends its path label (NFKC, spaces removed; a missing side
matches only a missing side). Reported provisions that are not ``unchanged`` and match no
truth change count against precision.
"""

from __future__ import annotations

from typing import Any

from evaluation.text import norm


def label_matches(truth_label: str | None, side: dict[str, Any] | None) -> bool:
    """A truth label against one side of a reported provision."""
    if truth_label is None or side is None:
        return truth_label is None and side is None
    want = norm(truth_label)
    return want in (norm(side.get("label")), ) or norm(side.get("path_label")).endswith(want)


def change_matches(truth: dict[str, Any], reported: dict[str, Any]) -> bool:
    """Same change kind and both labels agree."""
    return (truth["change"] == reported["change"]
            and label_matches(truth.get("old_label"), reported.get("old"))
            and label_matches(truth.get("new_label"), reported.get("new")))


def score_diff(truth: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """Truth changes found and reported changes matching none, one-to-one."""
    reported = [p for p in report.get("provisions") or [] if p["change"] != "unchanged"]
    used: set[int] = set()
    misses = []
    for change in truth.get("changes") or []:
        hit = next((j for j, p in enumerate(reported)
                    if j not in used and change_matches(change, p)), None)
        if hit is None:
            misses.append(f"{change['change']} {change.get('old_label')} -> "
                          f"{change.get('new_label')}: {change.get('what', '')}")
        else:
            used.add(hit)
    extra = [describe(p) for j, p in enumerate(reported) if j not in used]
    return {"truth": len(truth.get("changes") or []), "reported": len(reported),
            "found": len(used), "not_changes": len(extra), "misses": misses, "extra": extra}


def describe(provision: dict[str, Any]) -> str:
    """One line for a reported provision change."""
    def path(side: dict[str, Any] | None) -> str:
        return side.get("path_label") or side.get("label") if side else "-"

    return f"{provision['change']} {path(provision.get('old'))} -> {path(provision.get('new'))}"
