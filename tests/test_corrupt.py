"""The corruption simulator reproduces the worked examples of the corruption model."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.corrupt import (
    corrupt,
    decode_out_of_step,
    fold_punctuation,
    garble,
    naive_traditional,
)

# (Traditional text, {char index: annotation lands early}, lost lead bytes, entities, page)
WORKED = [
    ("有序實施一對夫妻", {2: True, 5: False}, (), (), "有序?qū)嵤┮粚?duì)夫妻"),
    ("燃氣執行", {1: True, 2: False}, (), (), "燃?xì)鈭?zhí)行"),
    ("　（四）提高嬰幼兒家庭照護能力", {12: False}, (0,), (),
     "?。ㄋ模┨岣邒胗變杭彝フ兆o(hù)能力"),
    ("　（三）強化", {4: False}, (0,), (), "?。ㄈ?qiáng)化"),
    ("　（十六）加強勞動", {6: False}, (0,), (), "?。ㄊ┘訌?qiáng)勞動"),
    ("服務。縱深", {}, (2,), (), "服務??v深"),
    ("推廣“媽媽崗”等", {5: True}, (), (6,), "推廣“媽媽?shí)?rdquo;等"),
    ("推廣“媽媽崗”等", {}, (), (2, 6), "推廣“媽媽崗”等"),
]


@pytest.mark.parametrize(("trad", "annotations", "lost", "entities", "page"), WORKED)
def test_worked_examples(trad, annotations, lost, entities, page):
    assert garble(trad, annotations, lost=frozenset(lost), entities=frozenset(entities)) == page


def test_naive_traditional_keeps_traditional_characters():
    assert naive_traditional("关于进一步并后范采制") == "關于進一步并后范采制"
    assert naive_traditional("优化气候ABC，123") == "優化氣候ABC，123"


def test_decoder_rules_byte_by_byte():
    # lone lead byte before "(" swallows it; before other ASCII it does not
    assert decode_out_of_step(b"\x8c(qu)") == "?qu)"
    assert decode_out_of_step(b"\x8c2") == "?2"
    assert decode_out_of_step(b"\x8c&rdquo;") == "?rdquo;"
    # unassigned / private-use pairs vanish; a trail byte 0x40-0x7E after a lone lead pairs
    assert decode_out_of_step(b"\xfd\xa3\xa9\x8f\xd6\xd0") == "中"
    assert decode_out_of_step(b"\xd7\x6f") == "護"
    assert decode_out_of_step(b"\xff\x41") == "?A"
    assert fold_punctuation("，：；（）？。、") == ",:;()?。、"


def test_corrupt_is_deterministic_and_seed_dependent():
    text = "稳妥有序实施一对夫妻可以生育三个子女政策及配套支持措施，不断深化优生优育。" * 3
    assert corrupt(text, 7) == corrupt(text, 7)
    outputs = {corrupt(text, seed, misalign=0.3) for seed in range(5)}
    assert len(outputs) > 1


def test_corrupt_without_annotations_is_naive_traditional_folded():
    text = "完善托育、财政、税收等方面（含技工院校）的生育支持措施？是。"
    assert corrupt(text, 1, annotate=0.0) == fold_punctuation(naive_traditional(text))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("关于进一步完善和落实积极生育支持措施，。（）ABC 12"),
               max_size=40), st.integers(0, 1000))
def test_corrupt_without_misalignment_keeps_every_character(text, seed):
    """With annotations in step and nothing lost, removing annotations gives the text back."""
    out = corrupt(text, seed, misalign=0.0)
    assert re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", out) == fold_punctuation(
        naive_traditional(text))
