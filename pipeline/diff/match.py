"""Provision matching: pair old and new outline nodes by content, never by label.

Labels are not trusted (inserting （四） renumbers everything after it), so nodes of each
kind are paired by what they say: first an order-preserving alignment (equal texts anchor
it, the rest pair by similarity), then the leftovers pair out of order as moves. A pair
scoring under :data:`THRESHOLD` is not a pair: the old node is removed, the new one added.
Nodes are read from the documented JSON form (``Document.to_dict()``), so the diff
depends only on ``schema/document.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.diff.align import (
    Bits,
    Pair,
    Vocabulary,
    align,
    assign,
    bigrams,
    interleave,
    jaccard_bits,
)
from pipeline.diff.words import sentence_changes, squash

#: Two provisions at least this similar are one provision (possibly modified).
THRESHOLD = 0.45
#: The change kinds of a provision pair, in the order summaries list them.
CHANGES = ("unchanged", "renumbered", "modified", "moved", "added", "removed")


@dataclass(frozen=True)
class Provision:
    """One outline node as the diff sees it.

    ``index`` is its position in pre-order, ``parent`` its parent's index (None at the
    top); ``path`` the labels from the top down (``二、（三）``); ``own`` its own text
    (without label and without its children), ``full`` its whole text with every label
    removed, both whitespace-free.
    """

    node: dict[str, Any]
    index: int
    parent: int | None
    path: str
    own: str
    full: str

    @property
    def kind(self) -> str:
        """The node's kind (section, measure, article, ...)."""
        return self.node["kind"]

    def ref(self) -> dict[str, Any]:
        """The node as a diff entry names it: {id, label, number, title, path_label}."""
        node = self.node
        return {"id": node["id"], "label": node["label"], "number": node["number"],
                "title": node["title"], "path_label": self.path}


def provisions(outline: list[dict[str, Any]]) -> list[Provision]:
    """Every node of ``outline`` (a list of node dicts) in pre-order, as ``Provision``s."""
    out: list[Provision] = []

    def walk(nodes: list[dict[str, Any]], parent: int | None, path: str) -> None:
        for node in nodes:
            index = len(out)
            own, full = squash(own_display(node)), squash(strip_labels(node))
            here = path + node["label"]
            out.append(Provision(node, index, parent, here, own, full))
            walk(node["children"], index, here)

    walk(outline, None, "")
    return out


def own_display(node: dict[str, Any]) -> str:
    """The node's own text as printed (label removed, children cut off, ends trimmed)."""
    text = node["text"]
    if node["children"]:
        cut = node["children"][0]["span"][0] - node["span"][0]
        if 0 <= cut <= len(text):
            text = text[:cut]
    return _without_label(text, node["label"]).strip()


def strip_labels(node: dict[str, Any]) -> str:
    """The node's whole text with its own label and every descendant's label removed
    (a descendant's label is removed where its span says it starts)."""
    text, base = node["text"], node["span"][0]
    cuts: list[tuple[int, int]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        at = current["span"][0] - base
        if at >= 0 and text.startswith(current["label"], at):
            cuts.append((at, at + len(current["label"])))
        stack.extend(current["children"])
    pieces, pos = [], 0
    for lo, hi in sorted(cuts):
        if lo >= pos:
            pieces.append(text[pos:lo])
            pos = hi
    pieces.append(text[pos:])
    return "".join(pieces)


def _without_label(text: str, label: str) -> str:
    """``text`` without ``label`` at its start (leading whitespace ignored)."""
    stripped = text.lstrip()
    return stripped[len(label):] if label and stripped.startswith(label) else stripped


def similarity(a: tuple[Bits, Bits], b: tuple[Bits, Bits]) -> float:
    """How alike two provisions are (0-1), given their encoded (text, title) bigram sets:
    the Jaccard of their texts, or, when both have titles, the mean of title and text
    similarity if that is higher (so a rewritten provision keeping its heading is still
    the same provision)."""
    text = jaccard_bits(a[0], b[0])
    if a[1][1] and b[1][1]:
        return max(text, (jaccard_bits(a[1], b[1]) + text) / 2)
    return text


def match(old: list[Provision], new: list[Provision]) -> tuple[list[Pair], set[tuple[int, int]]]:
    """Pairs (old index, new index, similarity) of provisions of the same kind, and the
    set of pairs found only out of order (moves)."""
    pairs: list[Pair] = []
    moves: set[tuple[int, int]] = set()
    vocabulary = Vocabulary()
    cache: dict[tuple[bool, int], tuple[Bits, Bits]] = {}

    def encoded(is_new: bool, p: Provision) -> tuple[Bits, Bits]:
        """The provision's (text, title) bigram bit sets, computed when first compared
        (provisions anchored by equal texts never are)."""
        key = (is_new, p.index)
        if key not in cache:
            cache[key] = (vocabulary.encode(bigrams(p.full)),
                          vocabulary.encode(bigrams(squash(p.node["title"]))))
        return cache[key]
    for kind in sorted({p.kind for p in old} | {p.kind for p in new}):
        olds = [p for p in old if p.kind == kind]
        news = [p for p in new if p.kind == kind]

        def sim(i: int, j: int, olds: list[Provision] = olds,
                news: list[Provision] = news) -> float:
            return similarity(encoded(False, olds[i]), encoded(True, news[j]))

        titles = ([squash(p.node["title"]) or None for p in olds],
                  [squash(p.node["title"]) or None for p in news])
        ordered = align([p.full for p in olds], [p.full for p in news], sim, THRESHOLD, titles)
        used_old = {i for i, _, _ in ordered}
        used_new = {j for _, j, _ in ordered}
        moved = assign([i for i in range(len(olds)) if i not in used_old],
                       [j for j in range(len(news)) if j not in used_new], sim, THRESHOLD,
                       ([p.full for p in olds], [p.full for p in news]))
        for i, j, score in ordered + moved:
            pairs.append((olds[i].index, news[j].index, score))
        moves.update((olds[i].index, news[j].index) for i, j, _ in moved)
    return sorted(pairs, key=lambda p: (p[1], p[0])), moves


def classify(a: Provision, b: Provision, moved: bool) -> str:
    """The change of a pair: moved (out of order or under another parent), modified (own
    text differs), renumbered (number differs), else unchanged."""
    if moved:
        return "moved"
    if a.own != b.own:
        return "modified"
    if a.node["number"] != b.node["number"]:
        return "renumbered"
    return "unchanged"


def diff_provisions(old_outline: list[dict[str, Any]],
                    new_outline: list[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                                dict[str, str]]:
    """The provision changes between two outlines, in the new version's reading order,
    and the map of old node id -> new node id for every pair."""
    old, new = provisions(old_outline), provisions(new_outline)
    pairs, moves = match(old, new)
    to_new = {i: j for i, j, _ in pairs}
    scores = {(i, j): score for i, j, score in pairs}
    out = []
    for i, j in interleave([(i, j) for i, j, _ in pairs], len(old), len(new), moves):
        if i is None:
            out.append(_entry("added", new[j].kind, None, new[j], None))
        elif j is None:
            out.append(_entry("removed", old[i].kind, old[i], None, None))
        else:
            a, b = old[i], new[j]
            parent_moved = (a.parent is None) != (b.parent is None) or (
                a.parent is not None and to_new.get(a.parent) != b.parent)
            change = classify(a, b, (i, j) in moves or parent_moved)
            out.append(_entry(change, a.kind, a, b, scores[(i, j)]))
    id_map = {old[i].node["id"]: new[j].node["id"] for i, j, _ in pairs}
    return out, id_map


def _entry(change: str, kind: str, a: Provision | None, b: Provision | None,
           score: float | None) -> dict[str, Any]:
    """One provision entry of the diff report."""
    before = own_display(a.node) if a else ""
    after = own_display(b.node) if b else ""
    same = a is not None and b is not None and a.own == b.own
    return {
        "change": change,
        "kind": kind,
        "old": a.ref() if a else None,
        "new": b.ref() if b else None,
        "similarity": round(score, 3) if score is not None else None,
        "sentences": [] if same else sentence_changes(before, after),
    }
