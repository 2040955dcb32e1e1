"""Version pairs of a regulation written for these tests, run through the real parser:
each change reported once where it happened, punctuation apart, items paired in place,
targets paired by provision and place, and the Markdown an analyst reads."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.diff import diff_documents, diff_markdown
from pipeline.emit.json import validate

OLD = """某市社区服务管理办法
第一章 总则
第一条 为了规范社区服务，制定本办法。
第二条 全体居民享受的服务：
（一）新年慰问，每户1次（1月1日）；
（二）春节慰问，每户3次（正月初一、初二、初三）；
（三）重阳节慰问，每户1次（九月初九）。
第三条 申请人应当提交下列材料：
(一)居民身份证；
(二)户口簿。
收养查找不到生父母的儿童的，还应当提交下列证明：
(一)经常居住地街道出具的无子女的证明；
(二)公安机关出具的报案证明。
服务机构可以进行调查核实。
第二章 管理
第四条 服务机构不得有下列行为：
（一）收取费用；
（二）以其他名义代替服务。
街道应当提供查询服务的便捷渠道。
第五条 服务人员应当每年参加培训。
第六条 本办法自发布之日起施行。
"""

NEW = """某市社区服务管理办法
第一章 总则
第一条 为了规范社区服务，制定本办法。
第二条 全体居民享受的服务：
（一）元旦慰问，每户1次（1月1日）；
（二）春节慰问，每户4次（除夕、正月初一至初三）；
（三）重阳节慰问，每户1次（九月初九）。
第三条 申请人应当提交下列材料：
（一）居民身份证；
（二）户口簿。
收养查找不到生父母的儿童的，还应当提交下列证明：
（一）经常居住地卫生健康部门出具的生育情况证明；
（二）公安机关出具的报案证明。
服务机构可以进行调查核实。
第二章 管理
第四条 服务机构应当坚持为民服务。
第五条 服务机构不得有下列行为：
（一）收取费用；
（二）以其他名义代替服务；
（三）泄露居民信息。
街道应当提供查询服务的便捷渠道，并公开办理时限。
第六条 服务人员应当每年参加培训。
第七条 本办法自发布之日起施行。
"""


def report(old: str = OLD, new: str = NEW, **options: Any) -> dict[str, Any]:
    return diff_documents(pipeline.process(old, "old.txt").to_dict(),
                          pipeline.process(new, "new.txt").to_dict(), **options)


def changed(rep: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(p["change"], p["old"] and p["old"]["path_label"], p["new"] and p["new"]["path_label"])
            for p in rep["provisions"] if p["change"] != "unchanged"]


def entry(rep: dict[str, Any], new_path: str) -> dict[str, Any]:
    return next(p for p in rep["provisions"] if p["new"] and p["new"]["path_label"] == new_path)


def test_each_change_once_where_it_happened() -> None:
    rep = report()
    validate(rep, "diff")
    assert changed(rep) == [
        ("modified", "第一章第二条", "第一章第二条"),
        ("modified", "第一章第二条（一）", "第一章第二条（一）"),
        ("modified", "第一章第二条（二）", "第一章第二条（二）"),
        ("modified", "第一章第三条", "第一章第三条"),
        ("modified", "第一章第三条第二款（一）", "第一章第三条第二款（一）"),
        ("added", None, "第二章第四条"),
        ("modified", "第二章第四条", "第二章第五条"),
        ("added", None, "第二章第五条（三）"),
        ("renumbered", "第二章第五条", "第二章第六条"),
        ("renumbered", "第二章第六条", "第二章第七条")]


def test_article_changed_in_its_items_only_says_so() -> None:
    article = entry(report(), "第一章第二条")
    assert (article["parts_changed"], article["sentences"]) == (True, [])


def test_paragraph_after_items_is_the_articles_own_text() -> None:
    article = entry(report(), "第二章第五条")
    assert article["parts_changed"] is True
    assert [s["new"] for s in article["sentences"]] == [
        "街道应当提供查询服务的便捷渠道，并公开办理时限。"]
    assert entry(report(), "第二章第五条（二）")["change"] == "unchanged"


def test_punctuation_and_width_alone_are_flagged_not_counted() -> None:
    rep = report()
    item = entry(rep, "第二章第五条（二）")
    assert (item["change"], item["punctuation_only"]) == ("unchanged", True)
    assert [seg for seg in item["sentences"][0]["diff"] if seg["op"] != "equal"] == [
        {"op": "delete", "text": "。"}, {"op": "insert", "text": "；"}]
    width = entry(rep, "第一章第三条（一）")  # (一) -> （一）, text equal
    assert (width["change"], width["punctuation_only"], width["sentences"]) == (
        "unchanged", False, [])
    assert rep["summary"]["by_kind"]["item"]["punctuation_only"] == 1
    quiet = entry(report(punctuation=False), "第二章第五条（二）")
    assert (quiet["change"], quiet["punctuation_only"], quiet["sentences"]) == (
        "unchanged", False, [])


def test_punctuation_alone_is_not_the_same_document_unless_ignored() -> None:
    new = OLD.replace("（三）重阳节慰问，每户1次（九月初九）。",
                      "（三）重阳节慰问，每户1次（九月初九）；")
    assert report(OLD, new)["same"] is False
    assert report(OLD, new, punctuation=False)["same"] is True


def test_rewritten_item_in_place_is_modified_not_removed_and_added() -> None:
    new = OLD.replace("(一)经常居住地街道出具的无子女的证明；",
                      "(一)卫生健康部门的生育情况说明材料；")
    assert changed(report(OLD, new)) == [
        ("modified", "第一章第三条", "第一章第三条"),
        ("modified", "第一章第三条第二款（一）", "第一章第三条第二款（一）")]


def test_targets_paired_by_provision_and_place() -> None:
    rep = report()
    got = [(t["change"], t["old"] and t["old"]["text"], t["new"] and t["new"]["text"],
            (t["new"] or t["old"])["path"]) for t in rep["targets"]]
    assert got == [("changed", "3次", "4次", ["第一章", "第二条", "（二）"])]


def test_markdown_for_an_analyst() -> None:
    text = diff_markdown(report())
    summary = text.split("## Summary\n\n")[1].split("\n\n## ")[0]
    assert summary.split("\n")[:6] == [
        "| Provisions | added | removed | renumbered | modified | moved |",
        "|---|---:|---:|---:|---:|---:|",
        "| Chapters | 0 | 0 | 0 | 0 | 0 |",
        "| Articles | 1 | 0 | 2 | 3 | 0 |",
        "| Items | 1 | 0 | 0 | 3 | 0 |",
        ""]
    assert "| values | 1 | 0 | 0 |" in summary
    headings = [line for line in text.split("\n") if line.startswith("#")]
    assert "### 第一章 › 第三条 › 第二款 › （一） — modified" in headings
    assert ("### 第二章 › 第五条 › （二） — punctuation or width only "
            "(was 第二章 › 第四条 › （二）)") in headings
    assert not [h for h in headings if "<" in h]
    assert "a2" not in text and "c1/" not in text
    assert ("- changed in 第一章 › 第二条 › （二）: <del>3次</del> → <ins>4次</ins> "
            "(value 3 → 4; unit 次)") in text
    assert "- 春节慰问，每户<del>3</del><ins>4</ins>次" in text


def test_what_counts_as_punctuation_only() -> None:
    from pipeline.diff.normal import bare, punctuation_only

    assert punctuation_only("使用发票。", "使用发票；")
    assert punctuation_only("（九月初九）", "(九月初九)")
    assert punctuation_only("超过20％", "超过20%")
    assert not punctuation_only("1.5万元", "15万元")
    assert not punctuation_only("50%", "50")
    assert not punctuation_only("甲。", "甲。")
    assert bare("第（一）、（二）项") == "第一二项"


def test_article_with_items_changed_and_own_text_changed_says_both() -> None:
    text = diff_markdown(report())
    head = "### 第二章 › 第五条 — modified (was 第二章 › 第四条)\n\n"
    block = text.split(head)[1].split("###")[0]
    assert block == ("- 第二款：街道应当提供查询服务的便捷渠道<ins>，并公开办理时限</ins>。\n\n"
                     "Its items changed too (below).\n\n")


def test_added_article_carries_its_items_in_one_entry() -> None:
    new = OLD.replace("第六条 本办法", "第六条 街道应当公开下列事项：\n（一）服务项目；\n"
                      "（二）办理时限。\n第七条 本办法")
    rep = report(OLD, new)
    added = [p for p in rep["provisions"] if p["change"] == "added"]
    assert [(p["kind"], p["new"]["path_label"]) for p in added] == [("article", "第二章第六条")]
    assert [s["new"] for s in added[0]["sentences"]] == [
        "街道应当公开下列事项：", "（一）服务项目；", "（二）办理时限。"]
    removed = [p for p in report(new, OLD)["provisions"] if p["change"] == "removed"]
    assert [(p["kind"], p["old"]["path_label"]) for p in removed] == [("article", "第二章第六条")]


HAN = st.text(alphabet="发票管理办法领用开具单位个人应当", min_size=1, max_size=12)
MARKS = st.sampled_from(["，", "。", "；", "、", "（", "）", "(", ")", ",", ";", "：", " ",
                         "\u3000"])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(HAN, MARKS), min_size=1, max_size=6), st.data())
def test_marks_between_words_never_change_the_wording(chunks: list[tuple[str, str]],
                                                      data: st.DataObject) -> None:
    from pipeline.diff.normal import bare, punctuation_only

    old = "".join(word + mark for word, mark in chunks)
    marks = [data.draw(MARKS) for _ in chunks]
    new = "".join(word + mark for (word, _), mark in zip(chunks, marks, strict=True))
    assert bare(old) == bare(new) == "".join(word for word, _ in chunks)
    assert punctuation_only(old, new) == (old.replace(" ", "").replace("\u3000", "")
                                          != new.replace(" ", "").replace("\u3000", ""))
    assert bare(bare(old)) == bare(old)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.integers(0, 10**6), st.integers(0, 99), st.sampled_from([".", ",", ":", "/", "．"]))
def test_a_mark_inside_a_number_is_part_of_it(whole: int, part: int, mark: str) -> None:
    from pipeline.diff.normal import bare

    assert bare(f"超过{whole}{mark}{part}万元") != bare(f"超过{whole}{part}万元")


ARTICLE = "第一条 为了规范登记，制定本办法。\n第二条 登记机关应当办理下列登记事项：\n"
SMALL_PAIRS = {
    "chapter inserted around articles: they have not moved": (
        "某办法\n第一条 甲的规定。\n第二条 乙的规定。\n第三条 丙的规定。",
        "某办法\n第一章 总则\n第一条 甲的规定。\n第二章 附则\n第二条 乙的规定。\n第三条 丙的规定。",
        [("added", None, "第一章"), ("added", None, "第二章")]),
    "removed article after its predecessor's items": (
        "某办法\n第一条 应当遵守下列规定：\n第二条 甲单位负责登记工作。\n"
        "第三条 本办法自公布之日起施行。",
        "某办法\n第一条 应当遵守下列规定：\n（一）如实申报；\n（二）按期缴纳。\n"
        "第二条 本办法自公布之日起施行。",
        [("modified", "第一条", "第一条"), ("added", None, "第一条（一）"),
         ("added", None, "第一条（二）"), ("removed", "第二条", None),
         ("renumbered", "第三条", "第二条")]),
    "items of an article paired in place pair in place too": (
        f"某办法\n{ARTICLE}（一）核对申请人名册；\n（二）保存原始档案。\n第三条 施行。",
        f"某办法\n{ARTICLE}（一）建立信息平台；\n（二）公开服务指南。\n第三条 施行。",
        [("modified", "第二条", "第二条"), ("modified", "第二条（一）", "第二条（一）"),
         ("modified", "第二条（二）", "第二条（二）")]),
}


@pytest.mark.parametrize("name", SMALL_PAIRS)
def test_small_pairs(name: str) -> None:
    old, new, expected = SMALL_PAIRS[name]
    assert changed(report(old, new)) == expected
