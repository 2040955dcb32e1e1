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
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map("".join))
def test_documents_validate(text):
    doc = pipeline.process(text)
    validate(json.loads(doc.to_json()))
    doc.to_markdown()
