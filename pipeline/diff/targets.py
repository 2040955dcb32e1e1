"""Targets across versions: matched by provision, unit, place and object; changes by value.

A target is a dict of the documented JSON form (text, value, unit, object, comparator,
node_id, range, deadline, frequency, scope, aspirational, span). Old and new targets pair
when they stand in the same provision (the old provision mapped to its new counterpart)
in the same unit: equal values with alike objects first, then the rest in their order in
the provision, alike objects preferred (so 放假3天 -> 放假4天 in a reworded item is one
changed value, even when the wording around it, which the object is read from, changed
too). Targets left over pair by object and unit alone (a target that moved to another
provision). A pair whose normalised values differ is one ``changed``; the rest are
``added`` or ``removed``; an unchanged target is not listed. The source wording alone
(4次 vs 四次) is not a change.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.diff.align import align, bigrams, jaccard
from pipeline.diff.normal import fold

#: The fields that make a target's meaning; a difference in any is a change.
VALUE_FIELDS = ("value", "comparator", "range", "unit", "deadline", "frequency", "scope",
                "aspirational")
#: The fields of a target shown in a change (its span indexes one version only).
SHOWN_FIELDS = ("text", "object", "value", "unit", "comparator", "range", "deadline",
                "frequency", "scope", "aspirational", "node_id")


def shown(target: dict[str, Any], paths: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The target as a change shows it: its normalised fields, without the span, and
    ``path``, the label path of its provision (``paths``: node id -> labels; None in the
    lede or when unknown)."""
    out = {key: target.get(key) for key in SHOWN_FIELDS}
    out["path"] = (paths or {}).get(target.get("node_id") or "")
    return out


def provision_in_new(node_id: str | None, node_map: dict[str, str]) -> Any:
    """Where an old target's provision stands in the new version: the new id of its
    matched provision, None for the lede, or a marker matching no new id when the
    provision was removed."""
    if node_id is None:
        return None
    return node_map.get(node_id, ("removed", node_id))


def changed_fields(old: dict[str, Any], new: dict[str, Any], node_map: dict[str, str]) -> list[str]:
    """The fields in which two paired targets differ (``node_id`` when the old one's
    provision does not map to the new one's)."""
    fields = [key for key in VALUE_FIELDS if _norm(old.get(key)) != _norm(new.get(key))]
    if provision_in_new(old.get("node_id"), node_map) != new.get("node_id"):
        fields.append("node_id")
    return fields


def _norm(value: Any) -> Any:
    """A field value in comparable form (lists and tuples alike, ints and floats alike)."""
    if isinstance(value, (list, tuple)):
        return tuple(_norm(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _signature(target: dict[str, Any]) -> tuple[Any, ...]:
    """The normalised values of a target, for pairing equal ones first."""
    return tuple(_norm(target.get(key)) for key in VALUE_FIELDS)


def object_similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How alike two targets' objects are (character-bigram Jaccard, 0-1; 1 for two
    missing objects)."""
    return jaccard(bigrams(fold(a.get("object") or "")), bigrams(fold(b.get("object") or "")))


def likeness(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How much two targets of one provision and unit look like one target (0-3): equal
    value or range counts 1, equal comparator 0.5, equal other fields 0.5, plus the
    likeness of their objects."""
    same_value = _norm(a.get("value")) == _norm(b.get("value")) and (
        _norm(a.get("range")) == _norm(b.get("range")))
    same_comparator = a.get("comparator") == b.get("comparator")
    same_rest = all(_norm(a.get(key)) == _norm(b.get(key)) for key in VALUE_FIELDS
                    if key not in ("value", "range", "comparator"))
    return same_value + 0.5 * same_comparator + 0.5 * same_rest + object_similarity(a, b)


def pair_targets(old: list[dict[str, Any]], new: list[dict[str, Any]],
                 node_map: dict[str, str]) -> dict[int, int]:
    """Old target index -> new target index.

    First pass: same provision (mapped to the new version) and unit; within it equal
    values and objects pair first, then the rest by an order-preserving alignment that
    prefers equal values, equal comparators and alike objects (:func:`likeness`; every
    pair qualifies: place in the provision decides).
    Second pass, for what is left: same object and unit, equal values first, then in
    order.
    """
    pairs: dict[int, int] = {}
    for by_provision in (True, False):
        groups: dict[Any, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for i, target in enumerate(old):
            if i not in pairs:
                where = provision_in_new(target.get("node_id"), node_map)
                groups[_group(target, where, by_provision)][0].append(i)
        taken = set(pairs.values())
        for j, target in enumerate(new):
            if j not in taken:
                groups[_group(target, target.get("node_id"), by_provision)][1].append(j)
        for olds, news in groups.values():
            if not olds or not news:
                continue
            keys_old = [(_signature(old[i]), fold(old[i].get("object") or "")) for i in olds]
            keys_new = [(_signature(new[j]), fold(new[j].get("object") or "")) for j in news]
            if not by_provision:
                keys_old = [key for key, _ in keys_old]
                keys_new = [key for key, _ in keys_new]

            def sim(a: int, b: int, olds: list[int] = olds, news: list[int] = news) -> float:
                return 1.0 + likeness(old[olds[a]], new[news[b]])

            for a, b, _ in align(keys_old, keys_new, sim, 0.0):
                pairs[olds[a]] = news[b]
    return pairs


def _group(target: dict[str, Any], where: Any, by_provision: bool) -> tuple[Any, ...]:
    """The key a target pairs under: (provision, unit) in the first pass, (object, unit)
    in the second."""
    if by_provision:
        return "provision", where, _norm(target.get("unit"))
    return "object", _norm(target.get("object")), _norm(target.get("unit"))


def diff_targets(old: list[dict[str, Any]], new: list[dict[str, Any]],
                 node_map: dict[str, str],
                 paths: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
                 ) -> list[dict[str, Any]]:
    """The target changes from ``old`` to ``new``, each {change, fields, old, new}:
    changed pairs and added targets in the new version's order, removed ones after.

    ``node_map`` maps old node ids to the new ids of their matched provisions; ``paths``
    (old, new) map node ids to label paths, shown with each target.
    """
    old_paths, new_paths = paths or ({}, {})
    pairs = pair_targets(old, new, node_map)
    to_old = {j: i for i, j in pairs.items()}
    out = []
    for j, target in enumerate(new):
        if j not in to_old:
            out.append({"change": "added", "fields": [], "old": None,
                        "new": shown(target, new_paths)})
            continue
        before = old[to_old[j]]
        fields = changed_fields(before, target, node_map)
        if fields:
            out.append({"change": "changed", "fields": fields, "old": shown(before, old_paths),
                        "new": shown(target, new_paths)})
    out.extend({"change": "removed", "fields": [], "old": shown(t, old_paths), "new": None}
               for i, t in enumerate(old) if i not in pairs)
    return out
