"""The diff report: every change between two document dicts, as one JSON-ready dict.

The report follows ``pipeline/schema/diff.schema.json``; it holds no timestamps and no
unordered collections, so the same two inputs always give byte-identical output.
"""

from __future__ import annotations

from typing import Any

from pipeline.diff.match import CHANGES, diff_provisions, label_paths
from pipeline.diff.references import diff_metadata, diff_references, diff_unplaced
from pipeline.diff.targets import diff_targets

#: Version of ``schema/diff.schema.json`` (semantic versioning).
DIFF_SCHEMA_VERSION = "2.0.0"


def side(doc: dict[str, Any]) -> dict[str, Any]:
    """What the report says about one version: {path, sha256, title}."""
    source = doc.get("source") or {}
    return {"path": source.get("path"), "sha256": source.get("sha256"),
            "title": doc.get("title")}


def by_kind(provisions: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Counts of provision entries by node kind (in order of first appearance) and by
    change (every change kind, zeros included), plus ``punctuation_only`` pairs."""
    out: dict[str, dict[str, int]] = {}
    for entry in provisions:
        counts = out.setdefault(entry["kind"], {c: 0 for c in (*CHANGES, "punctuation_only")})
        counts[entry["change"]] += 1
        counts["punctuation_only"] += entry["punctuation_only"]
    return out


def diff_documents(old: dict[str, Any], new: dict[str, Any],
                   punctuation: bool = True) -> dict[str, Any]:
    """The diff report of two document dicts (the form of ``Document.to_dict()``).

    ``punctuation`` False leaves out changes of punctuation or character width alone
    (by default they are shown, flagged ``punctuation_only``; never counted as changes).
    """
    provisions, node_map = diff_provisions(old["outline"], new["outline"], punctuation)
    paths = (label_paths(old["outline"]), label_paths(new["outline"]))
    targets = diff_targets(old.get("targets") or [], new.get("targets") or [], node_map,
                           paths)
    references = diff_references(old.get("references") or [], new.get("references") or [])
    metadata = diff_metadata(old, new) + diff_unplaced(old, new)
    summary = {
        "provisions": {c: sum(p["change"] == c for p in provisions) for c in CHANGES},
        "by_kind": by_kind(provisions),
        "targets": {c: sum(t["change"] == c for t in targets)
                    for c in ("added", "removed", "changed")},
        "references": {c: sum(r["change"] == c for r in references)
                       for c in ("added", "removed")},
        "metadata": len(metadata),
    }
    same = not metadata and not targets and not references and all(
        p["change"] == "unchanged" and not p["punctuation_only"] for p in provisions)
    return {"schema_version": DIFF_SCHEMA_VERSION, "old": side(old), "new": side(new),
            "same": same, "summary": summary, "metadata": metadata,
            "provisions": provisions, "targets": targets, "references": references}
