"""Provision matching: pair old and new outline nodes by content, never by label.

Labels are not trusted (inserting （四） renumbers everything after it), so nodes of each
kind are paired by what they say: first an order-preserving alignment (equal texts anchor
it, the rest pair by similarity), then the leftovers pair out of order as moves. A pair
scoring under :data:`THRESHOLD` is not a pair: the old node is removed, the new one added
— except that unpaired old and new nodes of one kind standing in the same place under
paired parents (between the same paired siblings) are one modified provision when they
are at least :data:`NEIGHBOUR_THRESHOLD` alike, or when they are items numbered alike on
both sides of the gap (a rewritten list item is modified, not removed plus added).

What changed is judged at the level where it happened. A provision's *own text* is its
text without its label and without its children (an article's lead sentence and the
paragraphs after its item lists); its *parts* are the text of its ``item`` descendants
(the article's 项), so an article whose item changed is modified as a whole
(``parts_changed``) while each changed item is reported once, under its own label, and a
chapter whose articles changed is not (an article is not part of a chapter's wording). An
added or removed provision's parts are in its entry (its sentences hold them), not
entries of their own.
A difference in punctuation or character width alone (``normal.bare``) is never a
rewording: the pair keeps its change (unchanged or renumbered) and is flagged
``punctuation_only``.

Items of an article's second or later paragraph (款) carry it in their path label
(第五条第二款（一）), so the two (一) lists of one article are told apart.
Nodes are read from the documented JSON form (``Document.to_dict()``), so the diff
depends only on ``schema/document.schema.json``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
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
from pipeline.diff.normal import bare
from pipeline.diff.words import sentence_changes, squash
from pipeline.numerals import int_to_chinese

#: Two provisions at least this similar are one provision (possibly modified).
THRESHOLD = 0.45
#: Two unpaired provisions in the same place under paired parents at least this similar
#: are one modified provision.
NEIGHBOUR_THRESHOLD = 0.2
#: The change kinds of a provision pair, in the order summaries list them.
CHANGES = ("unchanged", "renumbered", "modified", "moved", "added", "removed")
#: Node kinds whose text is part of the wording of the provision that holds them.
PART_KINDS = frozenset({"item"})
#: Node kinds whose later paragraphs (款) are counted in their items' path labels.
PARAGRAPH_KINDS = frozenset({"article"})


@dataclass(frozen=True)
class Provision:
    """One outline node as the diff sees it.

    ``index`` is its position in pre-order, ``parent`` its parent's index (None at the
    top); ``steps`` the labels from the top down, a paragraph step (第二款) before items of
    an article's second or later paragraph; ``path`` those steps joined (``第五条第二款（一）``);
    ``own`` its own text as printed (label and children cut out); ``full`` its whole text
    with every label removed, whitespace-free; ``parts`` the text of its parts (its
    ``PART_KINDS`` children, with their own parts), labels removed.
    """

    node: dict[str, Any]
    index: int
    parent: int | None
    steps: tuple[str, ...]
    own: str
    full: str
    parts: str

    @property
    def kind(self) -> str:
        """The node's kind (section, measure, article, ...)."""
        return self.node["kind"]

    @cached_property
    def own_bare(self) -> str:
        """``own`` in its wording alone (``normal.bare``)."""
        return bare(self.own)

    @cached_property
    def parts_bare(self) -> str:
        """``parts`` in its wording alone (``normal.bare``)."""
        return bare(self.parts)

    @property
    def path(self) -> str:
        """The label path as one string (``第二章第八条（三）``)."""
        return "".join(self.steps)

    def ref(self) -> dict[str, Any]:
        """The node as a diff entry names it: {id, label, number, title, path_label, path}."""
        node = self.node
        return {"id": node["id"], "label": node["label"], "number": node["number"],
                "title": node["title"], "path_label": self.path, "path": list(self.steps)}


def provisions(outline: list[dict[str, Any]]) -> list[Provision]:
    """Every node of ``outline`` (a list of node dicts) in pre-order, as ``Provision``s."""
    out: list[Provision] = []

    def walk(nodes: list[dict[str, Any]], parent: int | None, steps: tuple[str, ...],
             paragraphs: list[int] | None) -> None:
        for k, node in enumerate(nodes):
            index = len(out)
            here = steps
            if paragraphs is not None and paragraphs[k] > 1:
                here = (*steps, f"第{int_to_chinese(paragraphs[k])}款")
            here = (*here, node["label"])
            out.append(Provision(node, index, parent, here, own_display(node),
                                 squash(strip_labels(node)), squash(parts_text(node))))
            walk(node["children"], index, here,
                 paragraph_numbers(node) if node["kind"] in PARAGRAPH_KINDS else None)

    walk(outline, None, (), None)
    return out


def _pieces(node: dict[str, Any],
            keep: Callable[[dict[str, Any]], bool]) -> list[tuple[str, dict[str, Any] | None]]:
    """The node's text cut at its children: (own text, None) and (child's text, child)
    pieces in order, a child whose span does not lie inside the node's text left in
    place; children failing ``keep`` are dropped."""
    text, base = node["text"], node["span"][0]
    pieces: list[tuple[str, dict[str, Any] | None]] = []
    pos = 0
    for child in node["children"]:
        lo, hi = child["span"][0] - base, child["span"][1] - base
        if lo < pos or hi > len(text):
            continue
        pieces.append((text[pos:lo], None))
        if keep(child):
            pieces.append((text[lo:hi], child))
        pos = hi
    pieces.append((text[pos:], None))
    return pieces


def own_display(node: dict[str, Any]) -> str:
    """The node's own text as printed: label removed, children cut out, its paragraphs
    one per line, ends trimmed."""
    text = "".join(piece for piece, _ in _pieces(node, lambda _child: False))
    lines = [line.strip() for line in _without_label(text, node["label"]).split("\n")]
    return "\n".join(line for line in lines if line)


def paragraph_numbers(node: dict[str, Any]) -> list[int]:
    """For each child of ``node``, the paragraph (款) of the node's own text it follows:
    the number of own-text lines before it (at least 1)."""
    numbers, lines = [], 0
    for piece, child in _pieces(node, lambda _child: True):
        if child is None:
            lines += sum(1 for line in piece.split("\n") if line.strip())
        else:
            numbers.append(max(lines, 1))
    return numbers


def parts_text(node: dict[str, Any]) -> str:
    """The own text and parts of every ``PART_KINDS`` child of ``node``, in order, labels
    removed: with the node's own text, the wording a change of the node is judged on."""
    return "\n".join(own_display(child) + "\n" + parts_text(child)
                     for child in node["children"] if child["kind"] in PART_KINDS)


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
    found = neighbours(old, new, pairs, encoded)
    while found:  # a parent paired in place may have children to pair in place
        pairs += found
        found = neighbours(old, new, pairs, encoded)
    return sorted(pairs, key=lambda p: (p[1], p[0])), moves


def neighbours(old: list[Provision], new: list[Provision], pairs: list[Pair],
               encoded: Callable[[bool, Provision], tuple[Bits, Bits]]) -> list[Pair]:
    """Pairs of unpaired provisions of one kind standing in the same place: children of
    paired parents (or both at the top), between the same paired siblings. Items
    (``PART_KINDS``) of a gap numbered alike on both sides were rewritten in place and
    pair by position; otherwise they pair in order by the best alignment of those at least
    :data:`NEIGHBOUR_THRESHOLD` alike."""
    to_new = {i: j for i, j, _ in pairs}
    paired_new = set(to_new.values())
    children: dict[tuple[bool, int | None], list[Provision]] = {}
    for is_new, side in ((False, old), (True, new)):
        for p in side:
            children.setdefault((is_new, p.parent), []).append(p)
    parents = [(None, None)] + [(i, j) for i, j, _ in pairs]
    out: list[Pair] = []
    for i_parent, j_parent in parents:
        gaps: dict[tuple[Any, ...], tuple[list[Provision], list[Provision]]] = {}
        anchor: Any = None
        for p in children.get((False, i_parent), []):
            if p.index in to_new:
                anchor = to_new[p.index]
            else:
                gaps.setdefault((p.kind, anchor), ([], []))[0].append(p)
        anchor = None
        for p in children.get((True, j_parent), []):
            if p.index in paired_new:
                anchor = p.index
            else:
                gaps.setdefault((p.kind, anchor), ([], []))[1].append(p)
        for olds, news in gaps.values():
            if not olds or not news:
                continue

            def sim(i: int, j: int, olds: list[Provision] = olds,
                    news: list[Provision] = news) -> float:
                return similarity(encoded(False, olds[i]), encoded(True, news[j]))

            if olds[0].kind in PART_KINDS and (
                    [p.node["number"] for p in olds] == [p.node["number"] for p in news]):
                found = [(k, k, sim(k, k)) for k in range(len(olds))]  # rewritten in place
            else:
                found = align([p.full for p in olds], [p.full for p in news], sim,
                              NEIGHBOUR_THRESHOLD)
            out += [(olds[i].index, news[j].index, score) for i, j, score in found]
    return out


def changed_parent(a: Provision, b: Provision, to_new: dict[int, int],
                   to_old: dict[int, int]) -> bool:
    """True when a pair now stands under another parent that existed before: its old
    parent is paired with a node other than its new parent, or its new parent is paired
    with a node other than its old one. A provision whose old parent was removed, or
    whose new parent was added (a chapter inserted around articles), has not moved."""
    old_parent = to_new.get(a.parent) if a.parent is not None else None
    new_parent = to_old.get(b.parent) if b.parent is not None else None
    if a.parent is not None and old_parent is not None:
        return old_parent != b.parent and (b.parent is None or b.parent in to_old)
    return new_parent is not None and new_parent != a.parent


def classify(a: Provision, b: Provision, moved: bool) -> str:
    """The change of a pair: moved (out of order or under another parent), modified (its
    wording or its parts' wording differs, punctuation and width aside), renumbered
    (number differs), else unchanged."""
    if moved:
        return "moved"
    if a.own_bare != b.own_bare or a.parts_bare != b.parts_bare:
        return "modified"
    if a.node["number"] != b.node["number"]:
        return "renumbered"
    return "unchanged"


def diff_provisions(old_outline: list[dict[str, Any]], new_outline: list[dict[str, Any]],
                    punctuation: bool = True) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The provision changes between two outlines, in the new version's reading order,
    and the map of old node id -> new node id for every pair.

    With ``punctuation`` False, a pair differing only in punctuation or width shows no
    sentences and is not flagged (as if equal).
    """
    old, new = provisions(old_outline), provisions(new_outline)
    pairs, moves = match(old, new)
    to_new = {i: j for i, j, _ in pairs}
    to_old = {j: i for i, j, _ in pairs}
    scores = {(i, j): score for i, j, score in pairs}
    out = []
    ends = subtree_ends(new)

    def after(i: int, j: int) -> int:
        """A removed node goes after its paired predecessor's whole subtree, unless it
        lies inside that predecessor (a removed first item of a kept article)."""
        return j if _descends(old, i, to_old[j]) else ends[j]

    for i, j in interleave([(i, j) for i, j, _ in pairs], len(old), len(new), moves, after):
        if i is None:
            if not _inside_unpaired(new[j], to_old):
                out.append(_entry("added", new[j].kind, None, new[j], None, punctuation))
        elif j is None:
            if not _inside_unpaired(old[i], to_new):
                out.append(_entry("removed", old[i].kind, old[i], None, None, punctuation))
        else:
            a, b = old[i], new[j]
            change = classify(a, b, (i, j) in moves or changed_parent(a, b, to_new, to_old))
            out.append(_entry(change, a.kind, a, b, scores[(i, j)], punctuation))
    id_map = {old[i].node["id"]: new[j].node["id"] for i, j, _ in pairs}
    return out, id_map


def subtree_ends(nodes: list[Provision]) -> list[int]:
    """For each provision (pre-order index), the index of the last node of its subtree."""
    ends = list(range(len(nodes)))
    for p in reversed(nodes):
        if p.parent is not None:
            ends[p.parent] = max(ends[p.parent], ends[p.index])
    return ends


def _descends(nodes: list[Provision], index: int, ancestor: int) -> bool:
    """True when ``nodes[index]`` lies under ``nodes[ancestor]``."""
    parent = nodes[index].parent
    while parent is not None:
        if parent == ancestor:
            return True
        parent = nodes[parent].parent
    return False


def _inside_unpaired(p: Provision, paired: dict[int, int]) -> bool:
    """True for a part (``PART_KINDS``) of a provision that is itself added or removed:
    it is reported in that provision's entry, not on its own."""
    return p.kind in PART_KINDS and p.parent is not None and p.parent not in paired


def label_paths(outline: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Node id -> label path (``Provision.steps``) for every node of ``outline``."""
    return {p.node["id"]: list(p.steps) for p in provisions(outline)}


def whole_display(node: dict[str, Any]) -> str:
    """The node's own text with its parts (``PART_KINDS`` children, labels kept) as
    printed, label removed, one paragraph per line: what an added or removed provision
    shows."""
    def keep(child: dict[str, Any]) -> bool:
        return child["kind"] in PART_KINDS

    text = "".join(piece for piece, _ in _pieces(node, keep))
    lines = [line.strip() for line in _without_label(text, node["label"]).split("\n")]
    return "\n".join(line for line in lines if line)


def _entry(change: str, kind: str, a: Provision | None, b: Provision | None,
           score: float | None, punctuation: bool) -> dict[str, Any]:
    """One provision entry of the diff report."""
    if a is None or b is None:  # added or removed: the whole provision, parts included
        before = whole_display(a.node) if a else ""
        after = whole_display(b.node) if b else ""
    else:
        before, after = a.own, b.own
    minor = a is not None and b is not None and squash(before) != squash(after) and (
        a.own_bare == b.own_bare)
    same = a is not None and b is not None and (
        squash(before) == squash(after) or (minor and not punctuation))
    parts = a is not None and b is not None and a.parts_bare != b.parts_bare
    return {
        "change": change,
        "kind": kind,
        "old": a.ref() if a else None,
        "new": b.ref() if b else None,
        "similarity": round(score, 3) if score is not None else None,
        "parts_changed": parts,
        "punctuation_only": minor and punctuation,
        "sentences": [] if same else sentence_changes(before, after),
    }
