"""Scoring a parsed document against its hand-made truth: outline, targets, references,
metadata (the matching rules of ``realdata/README.md``).

Every function takes the truth dict (``truth/<stem>.json``) and the pipeline's document
dict (the shape of ``Document.to_dict()``) and returns plain counts plus the misses, so
``--verbose`` can show each one.
"""

from __future__ import annotations

import math
from typing import Any

from evaluation.text import han_chars, norm, year_of

# --- outline ---------------------------------------------------------------------------


def doc_nodes(outline: list[dict[str, Any]], depth: int = 1) -> list[dict[str, Any]]:
    """The document's labelled nodes in reading order, each ``{label, title, depth}``."""
    out: list[dict[str, Any]] = []
    for node in outline:
        out.append({"label": node["label"], "title": node.get("title") or "", "depth": depth})
        out.extend(doc_nodes(node.get("children") or [], depth + 1))
    return out


def titles_agree(truth: str | None, found: str) -> bool:
    """A truth title (when it has one) agrees with a found title: equal, or one a prefix of
    the other when both have 4 or more characters (NFKC, spaces removed)."""
    want, got = norm(truth), norm(found)
    if not want:
        return True
    if want == got:
        return True
    return len(want) >= 4 and len(got) >= 4 and (want.startswith(got) or got.startswith(want))


def node_matches(truth: dict[str, Any], found: dict[str, Any]) -> bool:
    """Same label (NFKC, spaces removed) and agreeing titles."""
    return norm(truth["label"]) == norm(found["label"]) and titles_agree(
        truth.get("title"), found["title"])


def align(truth: list[Any], found: list[Any], same) -> list[tuple[int, int]]:
    """The largest in-order matching of ``truth`` to ``found`` under ``same`` (longest
    common subsequence), as ``(truth index, found index)`` pairs."""
    n, m = len(truth), len(found)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            if same(truth[i], found[j]):
                row[j] = below[j + 1] + 1
            else:
                row[j] = max(below[j], row[j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if same(truth[i], found[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def score_outline(truth: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """Outline recall (over truth nodes), precision (over the document's labelled nodes)
    and depth right among matched nodes (relative to each side's shallowest node)."""
    want = truth.get("outline") or []
    got = doc_nodes(doc.get("outline") or [])
    pairs = align(want, got, node_matches)
    base_want = min((n["depth"] for n in want), default=1)
    base_got = min((n["depth"] for n in got), default=1)
    depth_right = sum(want[i]["depth"] - base_want == got[j]["depth"] - base_got
                      for i, j in pairs)
    matched_truth = {i for i, _ in pairs}
    matched_found = {j for _, j in pairs}
    return {
        "truth": len(want), "found": len(got), "matched": len(pairs), "depth_right": depth_right,
        "misses": [_node_text(want[i]) for i in range(len(want)) if i not in matched_truth],
        "extra": [_node_text(got[j]) for j in range(len(got)) if j not in matched_found],
    }


def _node_text(node: dict[str, Any]) -> str:
    return f"{node['label']}{node.get('title') or ''} (depth {node['depth']})"


# --- targets ---------------------------------------------------------------------------


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def target_bounds(target: dict[str, Any]) -> tuple[Any, Any, Any]:
    """``(value, low, high)`` of a truth or document target (a range has low and high)."""
    if "range" in target:  # the document's form
        rng = target.get("range")
        return (target.get("value"), *(rng if rng else (None, None)))
    return target.get("value"), target.get("low"), target.get("high")


def same_quantity(truth: dict[str, Any], found: dict[str, Any]) -> bool:
    """The same value (or the same range) and the same unit."""
    if norm(truth.get("unit")) != norm(found.get("unit")):
        return False
    t_value, t_low, t_high = target_bounds(truth)
    f_value, f_low, f_high = target_bounds(found)
    if t_low is not None or t_high is not None:
        return _close(t_low, f_low) and _close(t_high, f_high)
    return f_low is None and f_high is None and _close(t_value, f_value)


def object_right(truth_object: str | None, found_object: str | None) -> bool:
    """The truth phrase is inside the found object, the found object inside the truth
    phrase, or 60 % of the truth phrase's distinct Han characters are in the found one."""
    want, got = norm(truth_object), norm(found_object)
    if not want or not got:
        return not want
    if want in got or got in want:
        return True
    chars = han_chars(want)
    return bool(chars) and len(chars & han_chars(got)) >= 0.6 * len(chars)


def score_targets(truth: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """Targets recall and precision (same value or range and unit), and among the found:
    object, comparator and deadline right. Each truth target takes the unused document
    target of the same quantity whose object is right, else the first unused one."""
    want = truth.get("targets") or []
    got = doc.get("targets") or []
    used: set[int] = set()
    result = {"truth": len(want), "found": len(got), "matched": 0, "object_right": 0,
              "comparator_right": 0, "with_deadline": 0, "deadline_right": 0,
              "misses": [], "wrong_fields": [], "extra": []}
    for t in want:
        has_deadline = year_of(t.get("deadline")) is not None
        result["with_deadline"] += has_deadline
        options = [j for j, f in enumerate(got) if j not in used and same_quantity(t, f)]
        if not options:
            result["misses"].append(f"{t['text']} [{t.get('object')}]")
            continue
        best = next((j for j in options if object_right(t.get("object"), got[j]["object"])),
                    options[0])
        used.add(best)
        f = got[best]
        result["matched"] += 1
        checks = {
            "object": object_right(t.get("object"), f.get("object")),
            "comparator": t.get("comparator") == f.get("comparator"),
        }
        result["object_right"] += checks["object"]
        result["comparator_right"] += checks["comparator"]
        if has_deadline:
            checks["deadline"] = year_of(t.get("deadline")) == year_of(f.get("deadline"))
            result["deadline_right"] += checks["deadline"]
        elif year_of(f.get("deadline")) is not None:
            checks["deadline"] = False
        bad = [k for k, ok in checks.items() if not ok]
        if bad:
            result["wrong_fields"].append(
                f"{t['text']}: " + "; ".join(
                    f"{k} want {_field(t, k)!r} got {_field(f, k)!r}" for k in bad))
    result["extra"] = [f"{f['text']} [{f.get('object')}]" for j, f in enumerate(got)
                       if j not in used]
    return result


def _field(target: dict[str, Any], key: str) -> Any:
    return year_of(target.get(key)) if key == "deadline" else target.get(key)


# --- references ------------------------------------------------------------------------


def _ref_keys(ref: dict[str, Any]) -> set[str]:
    keys = set()
    title = norm(ref.get("title")).strip("《》")
    if title:
        keys.add("t:" + title)
    number = ref.get("doc_number")
    if isinstance(number, dict):
        number = number.get("text")
    if number:
        keys.add("n:" + norm(number))
    return keys


def score_references(truth: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """References recall (truth references found by title or document-number text) and
    precision (the document's references, ``is_self`` excluded, matching none of the
    truth's count against it)."""
    want = truth.get("references") or []
    got = [r for r in doc.get("references") or [] if not r.get("is_self")]
    got_keys = [_ref_keys(r) for r in got]
    want_keys = [_ref_keys(r) for r in want]
    found = [any(k & g for g in got_keys) for k in want_keys]
    right = [any(g & k for k in want_keys) for g in got_keys]
    return {
        "truth": len(want), "found": len(got), "recalled": sum(found), "right": sum(right),
        "misses": [_ref_text(r) for r, ok in zip(want, found, strict=True) if not ok],
        "extra": [_ref_text(r) for r, ok in zip(got, right, strict=True) if not ok],
    }


def _ref_text(ref: dict[str, Any]) -> str:
    number = ref.get("doc_number")
    if isinstance(number, dict):
        number = number.get("text")
    return f"《{ref.get('title') or ''}》" + (f" {number}" if number else "")


# --- metadata --------------------------------------------------------------------------

METADATA_FIELDS = ("title", "doc_number", "issuer", "date")


def doc_metadata(doc: dict[str, Any]) -> dict[str, str | None]:
    """The four scored metadata fields of a document dict."""
    meta = doc.get("metadata") or {}
    number = meta.get("doc_number")
    return {"title": doc.get("title"),
            "doc_number": number.get("text") if isinstance(number, dict) else number,
            "issuer": meta.get("issuer"), "date": meta.get("date")}


def score_metadata(truth: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """Each field right when equal to the truth with spaces removed (both empty counts)."""
    want = truth.get("metadata") or {}
    got = doc_metadata(doc)
    right = {k: norm(want.get(k)) == norm(got[k]) for k in METADATA_FIELDS}
    return {"right": right,
            "misses": [f"{k}: want {want.get(k)!r} got {got[k]!r}"
                       for k in METADATA_FIELDS if not right[k]]}
