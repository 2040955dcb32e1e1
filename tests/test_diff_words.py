"""Sentence split and jieba word-level inline diff."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.diff.words import inline_diff, sentence_changes, sentences


def ops(segments: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(s["op"], s["text"]) for s in segments]


def test_number_change_is_one_replacement() -> None:
    old, new = "到2025年全市普惠托位达到1.2万个。", "到2025年全市普惠托位达到1.5万个。"
    assert ops(inline_diff(old, new)) == [
        ("equal", "到2025年全市普惠托位达到"), ("delete", "1.2"), ("insert", "1.5"),
        ("equal", "万个。")]


def test_comparator_value_change() -> None:
    assert ops(inline_diff("每年开展不少于4次专项检查", "每年开展不少于6次专项检查")) == [
        ("equal", "每年开展不少于"), ("delete", "4"), ("insert", "6"), ("equal", "次专项检查")]


def test_reworded_phrase_keeps_whole_words() -> None:
    old, new = "建立工作协调机制，明确责任分工。", "建立健全工作协调机制，压实部门责任。"
    assert ops(inline_diff(old, new)) == [
        ("delete", "建立"), ("insert", "建立健全"), ("equal", "工作协调机制，"),
        ("delete", "明确责任分工"), ("insert", "压实部门责任"), ("equal", "。")]


def test_sentences_split_on_closing_punctuation_and_lines() -> None:
    assert sentences("甲乙。丙丁；戊己！\n庚辛？  壬") == [
        "甲乙。", "丙丁；", "戊己！", "庚辛？", "壬"]


def test_sentence_changes_modified_added_removed() -> None:
    old = "加强组织领导。建立协调机制，明确责任分工。定期通报进展。"
    new = "加强组织领导。建立健全协调机制，明确责任分工。开展年度评估。"
    changes = sentence_changes(old, new)
    assert [(c["change"], c["old"], c["new"]) for c in changes] == [
        ("modified", "建立协调机制，明确责任分工。", "建立健全协调机制，明确责任分工。"),
        ("removed", "定期通报进展。", None),
        ("added", None, "开展年度评估。"),
    ]
    assert ops(changes[2]["diff"]) == [("insert", "开展年度评估。")]


def test_whitespace_only_change_is_no_change() -> None:
    assert sentence_changes("加强 组织领导。", "加强组织领导。") == []


TEXT = st.text(alphabet="托育服务机构建设补贴万个年月达到不少于12345.%，。；", max_size=40)


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT)
def test_inline_diff_rebuilds_both_sides(old: str, new: str) -> None:
    segments = inline_diff(old, new)
    assert "".join(s["text"] for s in segments if s["op"] != "insert") == old
    assert "".join(s["text"] for s in segments if s["op"] != "delete") == new
    assert all(s["text"] for s in segments)
    assert all(a["op"] != b["op"] for a, b in itertools.pairwise(segments))


def test_sentences_carry_their_paragraph() -> None:
    old = "第一段。\n第二段原文。另一句。\n\n第三段。"
    new = "第一段。\n第二段新文。另一句。\n\n第三段。\n第四段。"
    assert [(c["change"], c["paragraph"]) for c in sentence_changes(old, new)] == [
        ("modified", 2), ("added", 4)]
    assert [(c["change"], c["paragraph"]) for c in sentence_changes(new, old)] == [
        ("modified", 2), ("removed", 4)]
