"""Properties: parsing any text never raises, and the document always validates."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.emit.json import validate
from pipeline.parse import parse

#: Pieces that exercise every pattern: labels, numbers, units, brackets, dates.
FRAGMENTS = [
    "一、", "（一）", "(二)", "1.", "1．", "（1）", "2)", "①", "第一章", "第一节", "第一条　",
    "附件：", "附件1", "十八", "一百零五", "33万", "2500", "0―6", "岁", "个", "所", "以上",
    "不少于", "到2025年", "“十四五”", "每年", "一次", "力争", "省、市、县级", "《", "》", "〈",
    "〉", "〔2023〕", "粤人社规",
    "1号", "（", "）", "【", "】", "“", "”", "。", "，", "、", "\n", "\u3000", "2023年5月10日",
    "某省人民政府", "摘要", "自印发之日起施行", "和", "％", "百分之", "两", "第",
    # issue 14: info tables, decree numbers, shares, ranges, limits, negations, closings
    "索 引 号：", "标　　题：", "发文字号：", "成文日期：", "国务院令", "第706号", "三分之一",
    "一半", "2/3", "万亿", "以下", "至", "日内", "个工作日", "不得低于", "不能超过", "≥", "附：",
    "附表", "本意见", "有效期", "以下简称", "现将", "印发给你们", "半天",
]

texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_parse_never_raises_and_spans_hold(text):
    parsed = parse(text)
    stack = list(parsed.outline)
    while stack:
        node = stack.pop()
        assert text[node.span[0]:node.span[1]] == node.text
        assert 0 <= node.span[0] <= node.span[1] <= len(text)
        stack.extend(node.children)
    for target in parsed.targets:
        assert text[target.span[0]:target.span[1]] == target.text
    ids = []
    stack = list(parsed.outline)
    while stack:
        node = stack.pop()
        ids.append(node.id)
        stack.extend(node.children)
    assert len(ids) == len(set(ids))


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map("".join)
       .filter(str.strip))  # a blank page is refused (InputError) by contract
def test_documents_validate(text):
    doc = pipeline.process(text)
    validate(json.loads(doc.to_json()))
    doc.to_markdown()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=9999), st.sampled_from(["", "万", "亿", "万亿"]))
def test_chinese_numerals_with_big_units_read_back(value, big):
    """A label-style numeral (0-9999) followed by 万, 亿 or 万亿 reads as its value scaled."""
    from pipeline.numerals import chinese_to_int, int_to_chinese

    scale = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}[big]
    text = int_to_chinese(value) + big
    if value == 0 and big:
        return
    assert chinese_to_int(text) == value * scale
