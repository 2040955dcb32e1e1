"""Alignment primitives: order-preserving pairing, moves, reading order."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.diff.align import (
    Vocabulary,
    align,
    assign,
    best_alignment,
    bigrams,
    interleave,
    jaccard,
    jaccard_bits,
)


def test_bigrams_and_jaccard() -> None:
    assert bigrams("托育服务") == {"托育", "育服", "服务"}
    assert bigrams("托") == {"托"} and bigrams("") == frozenset()
    assert jaccard(bigrams("托育服务"), bigrams("托育机构")) == 1 / 5
    vocabulary = Vocabulary()
    a, b = vocabulary.encode(bigrams("托育服务")), vocabulary.encode(bigrams("托育机构"))
    assert jaccard_bits(a, b) == 1 / 5
    assert jaccard_bits(vocabulary.encode(frozenset()), vocabulary.encode(frozenset())) == 1.0


def test_best_alignment_prefers_the_heaviest_non_crossing_pairs() -> None:
    table = {(0, 0): 0.5, (0, 1): 0.9, (1, 0): 0.9, (1, 1): 0.5}
    assert best_alignment([0, 1], [0, 1], lambda i, j: table[(i, j)], 0.4) == [
        (0, 0, 0.5), (1, 1, 0.5)]  # 1.0 in all beats one crossing 0.9
    pairs = best_alignment([0, 1], [0, 1], lambda i, j: table[(i, j)], 0.6)
    assert pairs in ([(0, 1, 0.9)], [(1, 0, 0.9)])
    assert best_alignment([0, 1], [0, 1], lambda i, j: table[(i, j)], 0.95) == []


def test_align_anchors_equal_keys_then_pairs_by_similarity() -> None:
    old = ["a", "b", "c", "d"]
    new = ["a", "x", "b2", "d"]
    sim = {("b", "b2"): 0.8}
    pairs = align(old, new, lambda i, j: sim.get((old[i], new[j]), 0.0), 0.5)
    assert pairs == [(0, 0, 1.0), (1, 2, 0.8), (3, 3, 1.0)]


def test_hints_pair_equal_titles_first() -> None:
    old = ["t1 body", "t2 body"]
    new = ["t2 new", "t1 new"]
    pairs = align(old, new, lambda i, j: 0.6, 0.5, (["t1", "t2"], ["t2", "t1"]))
    assert len(pairs) == 1 and pairs[0][:2] in ((0, 1), (1, 0))


def test_assign_pairs_most_similar_first_regardless_of_order() -> None:
    sims = {(0, 1): 0.9, (1, 0): 0.7, (0, 0): 0.8}
    assert assign([0, 1], [0, 1], lambda i, j: sims.get((i, j), 0.0), 0.5) == [
        (1, 0, 0.7), (0, 1, 0.9)]


def test_assign_pairs_equal_keys_before_similarity() -> None:
    keys = (["x", "y"], ["y", "x"])
    assert assign([0, 1], [0, 1], lambda i, j: 0.9 if i == j else 0.0, 0.5, keys) == [
        (1, 0, 1.0), (0, 1, 1.0)]


def test_interleave_puts_removals_where_they_stood() -> None:
    # old: A B C D ; new: A X C D' ; B removed, X added.
    assert interleave([(0, 0), (2, 2), (3, 3)], 4, 4) == [
        (0, 0), (1, None), (None, 1), (2, 2), (3, 3)]
    assert interleave([], 1, 0) == [(0, None)]
    # old: A X B C ; new: B C A (A moved to the end, X removed): X stays at the top.
    assert interleave([(0, 2), (2, 0), (3, 1)], 4, 3, {(0, 2)}) == [
        (1, None), (2, 0), (3, 1), (0, 2)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from("abcdefg"), max_size=12),
       st.lists(st.sampled_from("abcdefg"), max_size=12),
       st.floats(0.1, 0.9))
def test_align_is_order_preserving_and_above_threshold(old: list[str], new: list[str],
                                                       threshold: float) -> None:
    def sim(i: int, j: int) -> float:
        return 1.0 if old[i] == new[j] else 0.3 * (abs(ord(old[i]) - ord(new[j])) == 1)

    pairs = align(old, new, sim, threshold)
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(pairs))
    assert all(score >= threshold for _, _, score in pairs)
    equal = sum(1 for i, j, _ in pairs if old[i] == new[j])
    assert equal >= sum(b.size for b in __import__("difflib").SequenceMatcher(
        None, old, new, autojunk=False).get_matching_blocks())
    order = interleave([(i, j) for i, j, _ in pairs], len(old), len(new))
    assert sorted(i for i, _ in order if i is not None) == list(range(len(old)))
    assert [j for _, j in order if j is not None] == list(range(len(new)))
