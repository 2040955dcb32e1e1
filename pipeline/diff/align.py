"""Order-preserving alignment of two sequences: equal keys first, then by similarity.

The diff pairs provisions and sentences the same way: items whose keys are equal anchor
the alignment (difflib's matching blocks, so the longest runs of unchanged items win);
between two anchors the remaining items are paired by a maximum-weight order-preserving
alignment (an LCS where each pair weighs its similarity); what is left can still be
paired out of order (a move) by :func:`assign`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Sequence
from difflib import SequenceMatcher

#: (old index, new index, similarity) of one aligned pair.
Pair = tuple[int, int, float]
Similarity = Callable[[int, int], float]


def bigrams(text: str) -> frozenset[str]:
    """The set of adjacent character pairs of ``text`` (the text itself when shorter)."""
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets: 1.0 for two empty sets, else |a∩b| / |a∪b|."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


#: A set encoded as (bit set over a shared vocabulary, size): see :class:`Vocabulary`.
Bits = tuple[int, int]


class Vocabulary:
    """Numbers the strings it sees, so sets of them become bit sets (Python ints) whose
    intersections cost one ``&`` and a ``bit_count`` instead of a hash-set walk."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def encode(self, items: frozenset[str]) -> Bits:
        """``items`` as (bit set, size); every set compared must use the same vocabulary."""
        bits = 0
        for item in items:
            bits |= 1 << self.index.setdefault(item, len(self.index))
        return bits, len(items)


def jaccard_bits(a: Bits, b: Bits) -> float:
    """``jaccard`` of two sets encoded by one :class:`Vocabulary`."""
    if not a[1] and not b[1]:
        return 1.0
    common = (a[0] & b[0]).bit_count()
    return common / (a[1] + b[1] - common)


def align(old_keys: Sequence[Hashable], new_keys: Sequence[Hashable],
          similarity: Similarity, threshold: float,
          hints: tuple[Sequence[Hashable], Sequence[Hashable]] | None = None) -> list[Pair]:
    """Order-preserving pairs of ``old_keys`` and ``new_keys``, in order.

    Equal keys pair with similarity 1.0. In each region between equal runs, items with
    equal ``hints`` (secondary keys such as titles; None never matches) pair next when
    they are similar enough, and the rest pair by a maximum-weight non-crossing
    alignment of the pairs with ``similarity(i, j) >= threshold``. Unpaired items are
    left out of the result.
    """
    pairs: list[Pair] = []
    for i1, i2, j1, j2, anchors in _regions(old_keys, new_keys):
        pairs.extend((i, j, 1.0) for i, j in anchors)
        if i1 == i2 or j1 == j2:
            continue
        if hints is None:
            pairs.extend(best_alignment(range(i1, i2), range(j1, j2), similarity, threshold))
            continue
        pairs.extend(_hinted(range(i1, i2), range(j1, j2), similarity, threshold, hints))
    return sorted(pairs, key=lambda p: p[0])


def _regions(old_keys: Sequence[Hashable], new_keys: Sequence[Hashable]
             ) -> list[tuple[int, int, int, int, list[tuple[int, int]]]]:
    """difflib's opcodes as (i1, i2, j1, j2, anchors): an unequal region with no
    anchors, or an empty region carrying the pairs of an equal run."""
    matcher = SequenceMatcher(None, list(old_keys), list(new_keys), autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append((i1, i1, j1, j1, [(i1 + k, j1 + k) for k in range(i2 - i1)]))
        else:
            out.append((i1, i2, j1, j2, []))
    return out


def _hinted(old: range, new: range, similarity: Similarity, threshold: float,
            hints: tuple[Sequence[Hashable], Sequence[Hashable]]) -> list[Pair]:
    """Within one region: pairs of equal hints that are similar enough, then the best
    alignment of what lies between them."""
    old_hints = [hints[0][i] if hints[0][i] is not None else ("old", i) for i in old]
    new_hints = [hints[1][j] if hints[1][j] is not None else ("new", j) for j in new]
    matcher = SequenceMatcher(None, old_hints, new_hints, autojunk=False)
    pairs: list[Pair] = []
    i_from, j_from = old.start, new.start
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            i, j = old.start + block.a + k, new.start + block.b + k
            sim = similarity(i, j)
            if sim < threshold or i < i_from or j < j_from:
                continue
            pairs.extend(best_alignment(range(i_from, i), range(j_from, j), similarity,
                                        threshold))
            pairs.append((i, j, sim))
            i_from, j_from = i + 1, j + 1
    pairs.extend(best_alignment(range(i_from, old.stop), range(j_from, new.stop), similarity,
                                threshold))
    return pairs


def best_alignment(old: Sequence[int], new: Sequence[int], similarity: Similarity,
                   threshold: float) -> list[Pair]:
    """The non-crossing pairs of ``old`` x ``new`` (indices) with the largest summed
    similarity, counting only pairs at or above ``threshold`` (dynamic programming)."""
    rows, cols = len(old), len(new)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    sims = [[0.0] * cols for _ in range(rows)]
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            best = max(score[r - 1][c], score[r][c - 1])
            sim = similarity(old[r - 1], new[c - 1])
            sims[r - 1][c - 1] = sim
            if sim >= threshold:
                best = max(best, score[r - 1][c - 1] + sim)
            score[r][c] = best
    pairs: list[Pair] = []
    r, c = rows, cols
    while r and c:
        sim = sims[r - 1][c - 1]
        if sim >= threshold and score[r][c] == score[r - 1][c - 1] + sim:
            pairs.append((old[r - 1], new[c - 1], sim))
            r, c = r - 1, c - 1
        elif score[r][c] == score[r - 1][c]:
            r -= 1
        else:
            c -= 1
    return pairs[::-1]


def assign(old: Sequence[int], new: Sequence[int], similarity: Similarity, threshold: float,
           keys: tuple[Sequence[Hashable], Sequence[Hashable]] | None = None) -> list[Pair]:
    """Pairs of ``old`` x ``new`` (indices) regardless of order, each item used once:
    first items with equal ``keys`` (in order, similarity 1.0), then greedily the most
    similar (ties by position), only pairs at or above ``threshold``."""
    pairs: list[Pair] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    if keys is not None:
        waiting: dict[Hashable, list[int]] = {}
        for j in new:
            waiting.setdefault(keys[1][j], []).append(j)
        for i in old:
            queue = waiting.get(keys[0][i])
            if queue:
                j = queue.pop(0)
                pairs.append((i, j, 1.0))
                used_old.add(i)
                used_new.add(j)
    candidates = []
    for i in old:
        if i in used_old:
            continue
        for j in new:
            if j not in used_new:
                sim = similarity(i, j)
                if sim >= threshold:
                    candidates.append((-sim, i, j))
    candidates.sort()
    for neg, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, -neg))
    return sorted(pairs, key=lambda p: (p[1], p[0]))


def interleave(pairs: Sequence[tuple[int, int]], old_count: int, new_count: int,
               moved: Collection[tuple[int, int]] = (),
               after: Callable[[int, int], int] | None = None
               ) -> list[tuple[int | None, int | None]]:
    """All items as (old index or None, new index or None) in reading order of the new
    version; an unpaired old item follows the new position of the paired old item
    before it (so a removal shows where it stood), not counting ``moved`` pairs, whose
    new position says nothing about the old neighbourhood. ``after(old, new)`` may move
    that position on (a removed article goes after its predecessor's items, not among
    them)."""
    to_new = dict(pairs)
    to_old = {j: i for i, j in pairs}
    keyed: list[tuple[tuple[int, int, int], tuple[int | None, int | None]]] = [
        ((j, 0, 0), (to_old.get(j), j)) for j in range(new_count)]
    anchor = -1
    for i in range(old_count):
        if i not in to_new:
            at = after(i, anchor) if after is not None and anchor >= 0 else anchor
            keyed.append(((at, 1, i), (i, None)))
        elif (i, to_new[i]) not in moved:
            anchor = to_new[i]
    keyed.sort(key=lambda item: item[0])
    return [item for _, item in keyed]
