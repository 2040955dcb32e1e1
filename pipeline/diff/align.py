"""Order-preserving alignment of two sequences: equal keys first, then by similarity.

The diff pairs provisions and sentences the same way: items whose keys are equal anchor
the alignment (difflib's matching blocks, so the longest runs of unchanged items win);
between two anchors the remaining items are paired by a maximum-weight order-preserving
alignment (an LCS where each pair weighs its similarity); what is left can still be
paired out of order (a move) by :func:`assign`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
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


def jaccard_bound(a: frozenset[str], b: frozenset[str]) -> float:
    """An upper bound of ``jaccard(a, b)`` from the sizes alone (cheap pre-filter)."""
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    return min(len(a), len(b)) / max(len(a), len(b))


def align(old_keys: Sequence[Hashable], new_keys: Sequence[Hashable],
          similarity: Similarity, threshold: float) -> list[Pair]:
    """Order-preserving pairs of ``old_keys`` and ``new_keys``, in order.

    Equal keys pair with similarity 1.0; in each region between equal runs, items pair
    when ``similarity(i, j) >= threshold``, maximising the summed similarity without
    crossing. Unpaired items are left out of the result.
    """
    matcher = SequenceMatcher(None, list(old_keys), list(new_keys), autojunk=False)
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend((i1 + k, j1 + k, 1.0) for k in range(i2 - i1))
        elif tag == "replace":
            pairs.extend(best_alignment(range(i1, i2), range(j1, j2), similarity, threshold))
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


def assign(old: Sequence[int], new: Sequence[int], similarity: Similarity,
           threshold: float) -> list[Pair]:
    """Pairs of ``old`` x ``new`` (indices) regardless of order: greedily the most similar
    first (ties by position), each item used once, only pairs at or above ``threshold``."""
    candidates = []
    for i in old:
        for j in new:
            sim = similarity(i, j)
            if sim >= threshold:
                candidates.append((-sim, i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[Pair] = []
    for neg, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, -neg))
    return sorted(pairs, key=lambda p: (p[1], p[0]))


def interleave(pairs: Sequence[tuple[int, int]], old_count: int,
               new_count: int) -> list[tuple[int | None, int | None]]:
    """All items as (old index or None, new index or None) in reading order of the new
    version; an unpaired old item follows the new position of the paired old item
    before it (so a removal shows where it stood)."""
    to_new = dict(pairs)
    to_old = {j: i for i, j in pairs}
    keyed: list[tuple[tuple[int, int, int], tuple[int | None, int | None]]] = [
        ((j, 0, 0), (to_old.get(j), j)) for j in range(new_count)]
    anchor = -1
    for i in range(old_count):
        if i in to_new:
            anchor = to_new[i]
        else:
            keyed.append(((anchor, 1, i), (i, None)))
    keyed.sort(key=lambda item: item[0])
    return [item for _, item in keyed]
