"""Convert: t2s, phrase fixes (checked against OpenCC), punctuation by context."""

from __future__ import annotations

import re
from importlib import resources

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.convert import chinese_punctuation, convert_text, phrase_fixes, to_simplified
from tests.casefiles import read_cases

PUNCTUATION_CASES = read_cases("convert_punctuation.tsv")
T2S = opencc.OpenCC("t2s")
PHRASE_ROWS = [line.split("\t") for line in resources.files("pipeline.data").joinpath(
    "phrase_fixes.tsv").read_text("utf-8").splitlines() if line and not line.startswith("#")]
FIX_ROWS = [r for r in PHRASE_ROWS if r[0] != r[1]]
KEEP_ROWS = [r for r in PHRASE_ROWS if r[0] == r[1]]


def test_t2s_and_phrase_fix():
    assert to_simplified("關于進一步著力補齊") == "关于进一步着力补齐"


@pytest.mark.parametrize(("text", "expected", "note"), PUNCTUATION_CASES,
                         ids=[r[2] for r in PUNCTUATION_CASES])
def test_convert_cases(text, expected, note):
    assert convert_text(text) == expected


def test_phrase_table_shape():
    assert len(FIX_ROWS) == len(phrase_fixes()) >= 60
    assert len(KEEP_ROWS) >= 15
    for wrong, right, reason in [*FIX_ROWS, *KEEP_ROWS]:
        assert len(wrong) == len(right)
        assert reason


@pytest.mark.parametrize(("wrong", "right", "reason"), FIX_ROWS, ids=[r[1] for r in FIX_ROWS])
def test_each_fix_is_a_real_opencc_miss(wrong, right, reason):
    """OpenCC t2s still gets the phrase wrong (a row that OpenCC fixes must go), and the
    wrong side is what t2s makes of the Traditional spelling."""
    assert T2S.convert(wrong) == wrong
    assert T2S.convert(right.replace("着", "著")) == wrong
    assert to_simplified(wrong) == right


@pytest.mark.parametrize(("phrase", "same", "reason"), KEEP_ROWS, ids=[r[0] for r in KEEP_ROWS])
def test_protected_phrases_are_right_in_t2s(phrase, same, reason):
    assert T2S.convert(phrase) == phrase
    assert to_simplified(phrase) == phrase


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("乾淨", "干净"), ("乾燥", "干燥"), ("餅乾", "饼干"), ("乾坤", "乾坤"), ("乾隆", "乾隆"),
    ("於是", "于是"), ("關於", "关于"), ("對於", "对于"), ("位於", "位于"), ("由於", "由于"),
    ("頭髮", "头发"), ("理髮", "理发"), ("發展", "发展"), ("白髮", "白发"),
    ("後來", "后来"), ("然後", "然后"), ("皇后", "皇后"), ("太后", "太后"),
    ("裡面", "里面"), ("這裡", "这里"), ("公裡", "公里"), ("鄰裡", "邻里"),
    ("製造", "制造"), ("範圍", "范围"), ("採取", "采取"), ("並且", "并且"),
    ("顯著", "显著"), ("著名", "著名"), ("著作", "著作"), ("土著", "土著"),
])
def test_opencc_handles(traditional, simplified):
    """Cases checked for the table that OpenCC already gets right: no row needed."""
    assert to_simplified(traditional) == simplified
    assert T2S.convert(traditional) == simplified


def test_fix_not_applied_across_protected_phrase():
    assert to_simplified("連接著名景點，隨著發展") == "连接著名景点，随着发展"


# --- properties ------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from([*",:;()?!.-，：；（）？！。、“”《》０１ＡＺ ", "著", "乾", "於"])
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
texts = st.lists(st.one_of(CJK, PUNCT, LATIN), max_size=40).map("".join)
latin_texts = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)


def test_chained_conversions_are_followed_to_the_end():
    # OpenCC t2s maps 薴 to 苧 and 苧 to 苎: one pass would leave a Traditional form
    assert convert_text("薴") == convert_text("苧") == "苎"


@settings(max_examples=200, deadline=None)
@given(texts)
def test_convert_keeps_length_and_is_idempotent(text):
    once = convert_text(text)
    assert len(once) == len(text)
    assert convert_text(once) == once


@settings(max_examples=200, deadline=None)
@given(latin_texts)
def test_latin_and_numeric_text_untouched(text):
    assert convert_text(text) == text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["1.5", "2023-01", "(a)", "GDP", "12:30", " ", "x", "5%"]),
                max_size=12).map("".join), st.sampled_from(["", "增长", "。"]))
def test_latin_and_numeric_context_keeps_ascii_in_chinese(latin, chinese):
    text = chinese + " " + latin + " " + chinese
    assert convert_text(text) == text


def test_chinese_punctuation_is_a_fixed_point():
    text = "x,:中(甲,乙)丙?"
    assert chinese_punctuation(chinese_punctuation(text)) == chinese_punctuation(text)


# --- linear time (issue 16): the one-pass rules give the old fixed point -----------------

_REF_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_REF_CONTEXT = "[\u3400-\u9fff\uf900-\ufaff“”‘’《》〈〉〔〕【】、，。：；（）？！]"
_REF_PUNCT_RE = re.compile(
    rf"[,:;?!](?:(?<={_REF_CONTEXT}[,:;?!])|(?={_REF_CONTEXT}))")


def _reference_punctuation(text: str) -> str:
    """The rules as they were first written: every rule again until nothing changes
    (quadratic on ``关于(((((...``); the reference for ``chinese_punctuation``."""
    from pipeline.convert import (
        _NUMERIC_ASCII,
        _NUMERIC_RE,
        _PAREN_PAIR_RE,
        _WIDE_ALNUM_RE,
        _lone_parentheses,
    )

    text = _WIDE_ALNUM_RE.sub(lambda m: chr(ord(m.group(0)) - 0xFEE0), text)
    text = _NUMERIC_RE.sub(lambda m: _NUMERIC_ASCII[m.group(0)], text)
    context = re.compile(_REF_CONTEXT)
    while True:
        new = _PAREN_PAIR_RE.sub(lambda m: f"（{m.group(1)}）", text)
        chars = list(new)
        for i in _lone_parentheses(new):
            if context.match(new[i - 1:i] or " ") or context.match(new[i + 1:i + 2]):
                chars[i] = "（" if chars[i] == "(" else "）"
        new = _REF_PUNCT_RE.sub(lambda m: _REF_FULL_WIDTH[m.group(0)], "".join(chars))
        if new == text:
            return text
        text = new


nested = st.lists(st.sampled_from(["(", ")", "中", "a", ",", "?", "\n", "（", "！", " ", "1"]),
                  max_size=60).map("".join)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.one_of(texts, nested))
def test_one_pass_punctuation_is_the_fixed_point_of_the_rules(text):
    assert chinese_punctuation(text) == _reference_punctuation(text)


def test_runs_of_punctuation_convert_whole():
    assert chinese_punctuation("关于" + "(" * 5 + "意见") == "关于" + "（" * 5 + "意见"
    assert chinese_punctuation("a" + "?" * 3 + "b") == "a???b"
    assert chinese_punctuation("((((中))))") == "（（（（中））））"
