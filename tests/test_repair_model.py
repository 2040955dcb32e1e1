"""The compact language model: what the solver relies on is in it."""

from __future__ import annotations

from itertools import pairwise

import pytest

from pipeline.repair.lm import BOS, PageModel, load


def test_gbk_table_and_keys():
    model = load()
    assert model.char(0x8C, 0x8D) == "實"
    assert model.char(0xA1, 0xA3) == "。"
    assert model.char(0xAE, 0xC1) is None  # private use: a decoder drops it
    assert model.key("實") == "实" and model.key(",") == "，"
    assert model.keys("實施,") == "实施，"


def test_readings_index_knows_tone_marked_and_toneless_readings():
    model = load()
    assert "數" in model.by_reading["shù"] and "數" in model.by_reading["shu"]
    assert "驅" in model.by_reading["qū"]
    # the readings of the Simplified forms an annotator read: 績 as 绩, 瞭 as 了
    assert "績" in model.by_reading["jì"] and "瞭" in model.by_reading["le"]
    assert "〇" in model.by_reading["líng"]  # beyond the annotation table's ranges


def test_script_sets():
    model = load()
    assert "关" in model.simplified_only and "于" not in model.simplified_only
    assert "關" not in model.variants and "關" not in model.simplified_only


def test_ngrams_prefer_words():
    page = PageModel(load())
    assert page.logp("", "社", "保") > page.logp("", "社", "棵")
    assert page.logp("社", "保", "卡") > page.logp("", "保", "卡")
    assert page.logp("", BOS, "\u3000") > page.logp("", BOS, "啊")


def test_page_text_shifts_the_model():
    page = PageModel(load())
    before = page.logp("", "人", "崗")
    page.learn("人崗對接，人崗相適。" * 5)
    assert page.logp("", "人", "崗") > before
    assert page.is_traditional()
    assert page.logp_end("。") > page.logp_end("崗")


def test_page_counts_are_those_of_the_keys_learnt():
    """The counts a page model derives from its characters are the direct counts of the
    keys of the text learnt, with ``BOS`` before each block start."""
    model = load()
    page = PageModel(model)
    parts = [("人崗對接，人崗相適。", True, True), ("^關於^^实施", True, False),
             ("關關于，", False, True), ("", True, True)]
    for text, start, end in parts:
        page.learn(text, start=start, end=end)
    contexts = [(BOS if start else "") + model.keys(text) for text, start, _ in parts if text]
    keys = {k for context in contexts for k in context}
    for key in keys:
        assert page.count(key) == sum(model.keys(t).count(key) for t, _, _ in parts)
        assert page.pairs_from(key) == sum(c[:-1].count(key) for c in contexts)
        for after in keys:
            assert page.pair_count(key, after) == sum(
                1 for c in contexts for pair in pairwise(c) if pair == (key, after))


def test_ascii_is_never_rarer_than_the_ascii_prior_and_goes_on_in_ascii():
    """The dictionary counts a few ASCII characters (A股, 4S店) far below running text:
    every digit, and every printable ASCII key the dictionary lacks, is at least
    ``ASCII``; after one, another is at least ``ASCII_RUN`` likely (numbers, words, a
    citation's ``[4]``). A capital the dictionary has keeps its count: a lone capital
    between Han characters is far likelier a trail byte shown as itself."""
    from pipeline.repair import lm
    model = lm.load()
    assert model.unigram("4") == model.unigram("3") == model.unigram("a") == lm.ASCII
    assert model.unigram("V") < lm.ASCII / 100
    assert model.prob("[", "4") == lm.ASCII_RUN
    assert model.prob("4", "]") == lm.ASCII_RUN
    assert model.prob("力", "[") < lm.ASCII


def test_a_mark_right_after_a_mark_a_space_or_a_block_start_is_rare():
    """Punctuation follows the end of a word: after ，, a space or nothing, 。 is far
    rarer than after a character that ends words (``，。`` was as likely as ``业。``)."""
    from pipeline.repair import lm
    model = lm.load()
    after_word = model.prob("业", "。")
    for prev in ("，", " ", "\u3000", lm.BOS):
        assert model.prob(prev, "。") < after_word / 10
    assert model.prob(lm.BOS, "各") == model.unigram("各")


def test_the_trigram_mixture_is_normalised():
    """After a pair of keys the model knows, a continuation it has a triple for mixes the
    triple's estimate with the bigram's; one it lacks keeps only the bigram's share, so a
    reading that leaves a character out pays for the triples never seen (``，比增`` against
    ``同比增``). After an unknown pair the bigram estimate stands alone."""
    from pipeline.repair import lm
    model = lm.load()
    assert model.bigrams.get("，比") is not None and model.trigrams.get("，比增") is None
    assert model.prob3("，", "比", "增") == (1 - lm.TRIGRAM_WEIGHT) * model.prob("比", "增")
    tri, pair = model.trigrams.get("同比增"), model.bigrams.get("同比")
    assert tri is not None and pair is not None
    assert model.prob3("同", "比", "增") == pytest.approx(
        lm.TRIGRAM_WEIGHT * min(1.0, 10 ** ((tri - pair) / model.scale))
        + (1 - lm.TRIGRAM_WEIGHT) * model.prob("比", "增"))
    assert model.prob3("同", "比", "增") > 10 * model.prob3("，", "比", "增")
    assert model.bigrams.get("龠鑫") is None
    assert model.prob3("龠", "鑫", "增") == model.prob("鑫", "增")
