"""What the solver's speed-ups must not change: the language model's values to the bit,
rankings, and the steps a hypothesis lists (timings themselves are in ``bench/``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.repair import lm
from pipeline.repair.lm import BOS, PageModel, load, scorer
from pipeline.repair.shift import (
    ANY,
    SLOT,
    Hyp,
    Step,
    drop_table,
    hidden_any,
    hidden_slot,
    ranked,
)

CONTEXT_CHARS = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可"
                     "主发年动同工也能下过子说产种面而方后多定行学法所民得经，。、：？^ \u3000"
                     "[4A")


def formula(model: lm.LanguageModel, context: str, key: str) -> float:
    """P(key | context) written out as the model defines it, one lookup at a time."""
    prev = context[-1] if len(context) == 2 else context
    value = model.unigrams.get(key)
    uni = lm.FLOOR if value is None else 10 ** (value - model.total)
    ascii_key = key.isascii() and key.isprintable()
    if (ascii_key and value is None) or (key.isascii() and key.isdigit()):
        uni = max(uni, lm.ASCII)
    after_mark = lm.FINAL_AFTER_MARK / lm.FINAL_TYPICAL
    if prev == BOS:
        p = (model.indent if key in lm.SPACES
             else uni * after_mark if key in lm.PUNCTUATION else uni)
    elif key in lm.PUNCTUATION:
        p = uni * (after_mark if prev in lm.PUNCTUATION or prev in lm.SPACES
                   else min(1.0, model.final.get(prev, lm.FINAL_TYPICAL) / lm.FINAL_TYPICAL))
    else:
        pair, base = model.bigrams.get(prev + key), model.unigrams.get(prev)
        if pair is None or base is None:
            p = (1 - lm.BIGRAM_WEIGHT) * uni
        else:
            p = lm.BIGRAM_WEIGHT * min(1.0, 10 ** (pair / model.scale - base)) + (
                1 - lm.BIGRAM_WEIGHT) * uni
    if ascii_key and prev != BOS and prev.isascii() and prev.isprintable() and prev != " ":
        p = max(p, lm.ASCII_RUN)
    pair = model.bigrams.get(context) if len(context) == 2 else None
    if pair is None:
        return p
    tri = model.trigrams.get(context + key)
    if tri is None:  # a known pair, an unseen continuation: the bigram's share alone
        return (1 - lm.TRIGRAM_WEIGHT) * p
    return lm.TRIGRAM_WEIGHT * min(1.0, 10 ** ((tri - pair) / model.scale)) + (
        1 - lm.TRIGRAM_WEIGHT) * p


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(CONTEXT_CHARS), min_size=0, max_size=2))
def test_a_context_scorer_gives_the_formula_to_the_bit(context_chars):
    """One scorer per context (its look-ups made once) scores every candidate exactly as
    the formula does, punctuation, white space, Latin letters and unknown keys included."""
    model = load()
    context = "".join(context_chars)
    keys = [model.key(c) for c in (*hidden_any(model)[:150], "，", "。", " ", "\u3000", "A",
                                   "4", "]", "\ue000")]
    score = scorer(model, context)
    assert [score(k) for k in keys] == [formula(model, context, k) for k in keys]
    assert model.probs(context, keys) == [formula(model, context, k) for k in keys]


def test_a_scorer_is_one_object_kept_for_its_context():
    model = load()
    assert scorer(model, "工作") is scorer(model, "工作")
    assert isinstance(scorer(model, "工作").__self__, lm.Scorer)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(CONTEXT_CHARS), min_size=1, max_size=2),
       st.sampled_from(sorted(drop_table(load()))))
def test_a_hidden_slot_is_the_ranking_of_all_filtered(context_chars, trail):
    """Ranking only the characters a set of lead bytes allows gives the order of ranking
    all of them and keeping those (the ranking is stable)."""
    from pipeline.repair.gbk import pair_of

    model = load()
    context = "".join(model.key(c) for c in context_chars)
    for leads in (drop_table(model)[trail], ANY):
        whole = [c for c in ranked(model, context, hidden_any(model)) if pair_of(c)[0] in leads]
        assert hidden_slot(model, context, leads) == tuple(whole[:SLOT])


def test_page_logp_is_the_same_in_any_order_of_asking():
    """``PageModel.logp`` memoised per context gives what a fresh page model gives."""
    model = load()
    text = "人崗對接，人崗相適。關於實施意見的通知"
    asks = [(a, b, c) for a in ("", BOS, "人") for b in (BOS, "人", "崗", "，")
            for c in "崗對接，。關"]
    first = PageModel(model)
    first.learn(text)
    values = [first.logp(*ask) for ask in asks]
    for k, ask in enumerate(reversed(asks)):
        fresh = PageModel(model)
        fresh.learn(text)
        assert fresh.logp(*ask) == values[len(asks) - 1 - k]
        assert first.logp(*ask) == values[len(asks) - 1 - k]


def test_a_hypothesis_lists_its_steps_from_the_run_start():
    start = Hyp(0.0, 3, None, BOS, "", 0, "")
    steps = [Step(3, 4, "關", True), Step(4, 4, "於", True), Step(4, 5, "", False)]
    hyp = start
    for step in steps:
        hyp = Hyp(hyp.score, step.last, None, hyp.last, hyp.last2, 0, hyp.out + step.text,
                  step, hyp)
    assert start.steps == ()
    assert hyp.steps == tuple(steps)
    assert hyp.parent.steps == tuple(steps[:2])
