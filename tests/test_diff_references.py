"""Citations and metadata across versions."""

from __future__ import annotations

from typing import Any

from pipeline.diff.references import diff_metadata, diff_references


def ref(title: str, number: str | None = None, node: str | None = None,
        is_self: bool = False) -> dict[str, Any]:
    doc_number = ({"text": number, "issuer_code": "", "year": 0, "serial": 0}
                  if number else None)
    return {"title": title, "node_id": node, "kind": "other", "nested": [],
            "doc_number": doc_number, "issuers": [], "is_self": is_self, "span": [0, 0]}


def test_added_and_removed_by_title_and_number() -> None:
    old = [ref("关于促进3岁以下婴幼儿照护服务发展的指导意见", "国办发〔2019〕15号"),
           ref("托育机构设置标准（试行）", node="s2/m2"), ref("本方案", is_self=True)]
    new = [ref("关于促进3岁以下婴幼儿照护服务发展的指导意见", "国办发〔2019〕15号"),
           ref("关于促进3岁以下婴幼儿照护服务发展的指导意见", "国办发〔2019〕15号", "s3/m1"),
           ref("支持社会力量发展普惠托育服务专项行动实施方案", node="s3/m2"),
           ref("支持社会力量发展普惠托育服务专项行动实施方案", node="s3/m3")]
    assert diff_references(old, new) == [
        {"change": "added", "title": "支持社会力量发展普惠托育服务专项行动实施方案",
         "doc_number": None, "node_id": "s3/m2"},
        {"change": "removed", "title": "托育机构设置标准（试行）", "doc_number": None,
         "node_id": "s2/m2"},
    ]


def test_new_document_number_is_a_different_citation() -> None:
    old = [ref("托育机构管理规范", "卫办〔2019〕1号")]
    new = [ref("托育机构管理规范", "卫办〔2023〕2号")]
    assert [(c["change"], c["doc_number"]) for c in diff_references(old, new)] == [
        ("added", "卫办〔2023〕2号"), ("removed", "卫办〔2019〕1号")]


def document(title: str, **meta: Any) -> dict[str, Any]:
    base = {"issuer": None, "doc_number": None, "date": None, "effective_date": None,
            "region": None, "is_summary": False, "lede": "", "signature": []}
    base.update(meta)
    return {"title": title, "metadata": base}


def test_metadata_changes() -> None:
    old = document("托育服务实施方案", date="2023-01-05",
                   doc_number={"text": "穗府办〔2023〕1号", "issuer_code": "穗府办", "year": 2023,
                               "serial": 1}, lede="为加快发展托育服务，制定本方案。")
    new = document("托育服务实施方案（修订）", date="2024-03-01",
                   doc_number={"text": "穗府办〔2024〕3号", "issuer_code": "穗府办", "year": 2024,
                               "serial": 3}, lede="为加快发展 托育服务，制定本方案。")
    changes = diff_metadata(old, new)
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("title", "托育服务实施方案", "托育服务实施方案（修订）"),
        ("doc_number", "穗府办〔2023〕1号", "穗府办〔2024〕3号"),
        ("date", "2023-01-05", "2024-03-01"),
    ]
    assert [(s["op"], s["text"]) for s in changes[0]["sentences"][0]["diff"]] == [
        ("equal", "托育服务实施方案"), ("insert", "（修订）")]
    assert changes[1]["sentences"] == []


def test_same_metadata_is_no_change() -> None:
    assert diff_metadata(document("方案", region="广州"), document("方案", region="广州")) == []
