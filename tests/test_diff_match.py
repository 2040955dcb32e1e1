"""Provision matching by content: renumbering, insertion, removal, moves, rewrites.

The regulation cases build their document dicts directly (chapters 第X章 holding
articles 第X条) so the matcher is tested whatever outline the parser emits; the
end-to-end regulation test in test_diff_cli.py runs the real parser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.diff import diff_documents
from pipeline.diff.match import diff_provisions, strip_labels
from pipeline.numerals import NUMERAL_CHARS, chinese_to_int

CASES = Path(__file__).parent / "cases" / "diff"
HEADING = re.compile(rf"^(?P<label>第(?P<num>[{NUMERAL_CHARS}]+)(?P<kind>[章条]))\s*(?P<rest>.*)$")


def article_document(text: str) -> dict[str, Any]:
    """A document dict with chapters and articles, spans indexing ``text``."""
    outline: list[dict[str, Any]] = []
    chapter: dict[str, Any] | None = None
    offset = 0
    nodes: list[dict[str, Any]] = []
    for para in text.split("\n"):
        start, offset = offset, offset + len(para) + 1
        match = HEADING.match(para)
        if not match:
            continue
        number = chinese_to_int(match["num"]) or 0
        is_chapter = match["kind"] == "章"
        prefix = "c" if is_chapter else f"{chapter['id']}/a" if chapter else "a"
        node = {"id": f"{prefix}{number}", "kind": "chapter" if is_chapter else "article",
                "label": match["label"], "number": number,
                "title": match["rest"].split("。")[0] if is_chapter else "",
                "text": para, "span": [start, start + len(para)], "children": []}
        if is_chapter:
            chapter = node
            outline.append(node)
        else:
            (chapter["children"] if chapter else outline).append(node)
        nodes.append(node)
    for node in nodes:  # a node runs to the end of its last descendant
        last = node
        while last["children"]:
            last = last["children"][-1]
        node["span"][1] = last["span"][0] + len(last["text"].split("\n")[0])
        node["text"] = text[node["span"][0]:node["span"][1]]
    return {"schema_version": "1.0.0", "source": {"path": None, "sha256": None},
            "title": text.split("\n")[0], "text": text, "metadata": {}, "outline": outline,
            "targets": [], "references": []}


def changes(report_or_list: Any, kind: str | None = None) -> list[list[Any]]:
    entries = report_or_list["provisions"] if isinstance(report_or_list, dict) else report_or_list
    return [[p["change"], p["old"] and p["old"]["label"], p["new"] and p["new"]["label"]]
            for p in entries if kind is None or p["kind"] == kind]


def regulation(version: int) -> dict[str, Any]:
    return article_document((CASES / f"regulation-v{version}.txt").read_text("utf-8"))


def test_inserted_article_renumbers_the_rest() -> None:
    expected = json.loads((CASES / "regulation.expected.json").read_text("utf-8"))
    report = diff_documents(regulation(1), regulation(2))
    assert changes(report, "article") == expected["articles"]
    assert changes(report, "chapter") == [["unchanged", f"第{n}章", f"第{n}章"] for n in "一二三四"]
    assert report["summary"]["provisions"] == {"unchanged": 8, "renumbered": 6, "modified": 0,
                                               "moved": 0, "added": 1, "removed": 0}
    assert not report["same"]


def test_article_ids_follow_the_pairs() -> None:
    _, id_map = diff_provisions(regulation(1)["outline"], regulation(2)["outline"])
    assert id_map["c2/a5"] == "c2/a6"
    assert id_map["c4/a10"] == "c4/a11"
    assert id_map["c1/a1"] == "c1/a1"


def test_labels_are_stripped_from_the_compared_text() -> None:
    doc = regulation(1)
    assert strip_labels(doc["outline"][0]).startswith(" 总则\n 为了规范托育机构")


def test_moved_article() -> None:
    text = (CASES / "regulation-v1.txt").read_text("utf-8").split("\n")
    # 第九条 moves to the front of chapter 3; then the articles of chapter 3 read 7, 8, 9.
    moved = [*text[:10], text[12].replace("第九条", "第七条"),
             text[10].replace("第七条", "第八条"),
             text[11].replace("第八条", "第九条"), *text[13:]]
    report = diff_documents(regulation(1), article_document("\n".join(moved)))
    assert [c for c in changes(report, "article") if c[0] != "unchanged"] == [
        ["moved", "第九条", "第七条"],
        ["renumbered", "第七条", "第八条"],
        ["renumbered", "第八条", "第九条"],
    ]


def test_article_moved_to_another_chapter() -> None:
    text = (CASES / "regulation-v1.txt").read_text("utf-8").split("\n")
    # 第六条 (end of chapter 2) becomes the first article of chapter 3: same number.
    moved = [*text[:8], text[9], text[8], *text[10:]]
    report = diff_documents(regulation(1), article_document("\n".join(moved)))
    assert [c for c in changes(report) if c[0] != "unchanged"] == [
        ["moved", "第六条", "第六条"]]


def test_rewritten_article_beyond_recognition_is_removed_and_added() -> None:
    old = regulation(1)
    text = old["text"].replace("托育机构应当按照婴幼儿生长发育规律，合理安排膳食、睡眠和游戏活动。",
                               "鼓励保险机构开发托育机构责任保险产品。")
    report = diff_documents(old, article_document(text))
    assert [c for c in changes(report) if c[0] != "unchanged"] == [
        ["removed", "第八条", None], ["added", None, "第八条"]]


def test_reworded_article_is_modified_with_its_sentence() -> None:
    old = regulation(1)
    text = old["text"].replace("十五个工作日内", "二十个工作日内")
    report = diff_documents(old, article_document(text))
    (entry,) = [p for p in report["provisions"] if p["change"] != "unchanged"]
    assert entry["change"] == "modified"
    assert entry["old"]["id"] == entry["new"]["id"] == "c2/a5"
    assert [(s["op"], s["text"]) for s in entry["sentences"][0]["diff"]] == [
        ("equal", "托育机构应当在取得登记证书后"), ("delete", "十五个"), ("insert", "二十个"),
        ("equal", "工作日内，向所在地区卫生健康部门备案。")]


@settings(max_examples=50, deadline=None)
@given(st.permutations(list(range(10))), st.integers(0, 9))
def test_any_reordering_pairs_every_article(order: list[int], drop: int) -> None:
    lines = (CASES / "regulation-v1.txt").read_text("utf-8").rstrip("\n").split("\n")
    articles = [line.split(" ", 1)[1] for line in lines if HEADING.match(line) and "条" in
                line.split(" ")[0]]
    digits = "一二三四五六七八九十"
    kept = [articles[i] for i in order if i != drop]
    text = "\n".join(["条例"] + [f"第{digits[n]}条 {body}" for n, body in enumerate(kept)])
    base = "\n".join(["条例"] + [f"第{digits[n]}条 {body}" for n, body in enumerate(articles)])
    report = diff_documents(article_document(base), article_document(text))
    entries = report["provisions"]
    assert sum(p["change"] == "removed" for p in entries) == 1
    assert sum(p["change"] == "added" for p in entries) == 0
    removed = next(p for p in entries if p["change"] == "removed")
    assert removed["old"]["number"] == drop + 1
    for p in entries:
        if p["old"] and p["new"]:
            assert articles[p["old"]["number"] - 1] == kept[p["new"]["number"] - 1]


def test_text_outside_every_provision_still_counts() -> None:
    old = regulation(1)
    new = article_document(old["text"].replace("\n第一章", "\n（2023年修订）\n第一章", 1))
    report = diff_documents(old, new)
    assert not report["same"]
    assert {p["change"] for p in report["provisions"]} == {"unchanged"}
    assert report["metadata"] == [{"field": "text", "old": None, "new": None, "sentences": [
        {"change": "added", "old": None, "new": "（2023年修订）", "paragraph": 1,
         "diff": [{"op": "insert", "text": "（2023年修订）"}]}]}]


def test_diff_schema_describes_every_field() -> None:
    schema = json.loads((Path(__file__).parent.parent / "pipeline" / "schema" /
                         "diff.schema.json").read_text("utf-8"))
    missing = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if "description" not in sub:
                    missing.append(f"{where}/{name}")
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for index, sub in enumerate(node):
                walk(sub, f"{where}/{index}")

    walk(schema, "")
    assert missing == []


PLAN_LINES = (CASES / "plan-v1.txt").read_text("utf-8").rstrip("\n").split("\n")
MEASURES = [line[3:] for line in PLAN_LINES[5:13]]  # 二、's eight measures, labels cut
FRESH = [line.split(" ", 1)[1] for line in
         (CASES / "regulation-v1.txt").read_text("utf-8").split("\n") if "条 " in line]


def plan_page(measures: list[str]) -> str:
    from pipeline.numerals import int_to_chinese

    numbered = [f"（{int_to_chinese(n)}）{body}" for n, body in enumerate(measures, 1)]
    return "\n".join([*PLAN_LINES[:5], *numbered, *PLAN_LINES[13:]])


@settings(max_examples=30, deadline=None)
@given(st.sets(st.integers(0, 7), max_size=3), st.lists(st.tuples(st.integers(0, 8),
                                                                  st.integers(0, 9)),
                                                        max_size=3, unique_by=lambda t: t[1]))
def test_random_insertions_and_removals_are_found(removed: set[int],
                                                  inserted: list[tuple[int, int]]) -> None:
    import pipeline

    new = [m for k, m in enumerate(MEASURES) if k not in removed]
    for position, fresh in inserted:
        new.insert(min(position, len(new)), FRESH[fresh])
    old_doc = pipeline.process(plan_page(MEASURES)).to_dict()
    new_doc = pipeline.process(plan_page(new)).to_dict()
    report = diff_documents(old_doc, new_doc)
    counts = report["summary"]["provisions"]
    assert (counts["removed"], counts["added"], counts["modified"], counts["moved"]) == (
        len(removed), len(inserted), 0, 0)
    assert report["same"] == (not removed and not inserted)
    for entry in report["provisions"]:
        if entry["change"] in ("unchanged", "renumbered"):
            assert (entry["change"] == "renumbered") == (
                entry["old"]["number"] != entry["new"]["number"])


def test_unplaced_text_is_compared_even_beside_other_changes() -> None:
    old = regulation(1)
    text = old["text"].replace("\n第一章", "\n（2023年修订）\n第一章", 1)
    new = article_document(text.replace("十五个工作日内", "二十个工作日内"))
    report = diff_documents(old, new)
    assert [p["change"] for p in report["provisions"] if p["change"] != "unchanged"] == [
        "modified"]
    assert [(m["field"], [s["new"] for s in m["sentences"]]) for m in report["metadata"]] == [
        ("text", ["（2023年修订）"])]
