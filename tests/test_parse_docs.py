"""Whole documents in the other numbering schemes (tests/cases/docs/*.txt), written for
these tests: a regulation in 章/条 form with items, an implementation plan with 1./（1）
sub-items, a notice with a document number, attachments, signature and date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline
from pipeline.emit.json import validate
from pipeline.parse import parse

DOCS = Path(__file__).parent / "cases" / "docs"


def load(name: str) -> str:
    return (DOCS / name).read_text("utf-8").rstrip("\n")


def flat(nodes, depth=0):
    """(depth, id, kind, label, number, title) of every node, pre-order."""
    out = []
    for n in nodes:
        out.append((depth, n.id, n.kind, n.label, n.number, n.title))
        out += flat(n.children, depth + 1)
    return out


def fields(t):
    return (t.text, t.value, t.unit, t.comparator, t.range, t.object, t.deadline,
            t.frequency, t.scope, t.aspirational, t.node_id)


def test_regulation_outline():
    parsed = parse(load("regulation.txt"))
    assert parsed.title == "湖南省托育服务条例"
    assert flat(parsed.outline) == [
        (0, "c1", "chapter", "第一章", 1, "总则"),
        (1, "c1/a1", "article", "第一条", 1, ""),
        (1, "c1/a2", "article", "第二条", 2, "适用范围"),
        (0, "c2", "chapter", "第二章", 2, "服务机构"),
        (1, "c2/a3", "article", "第三条", 3, ""),
        (2, "c2/a3/i1", "item", "（一）", 1, ""),
        (2, "c2/a3/i2", "item", "（二）", 2, ""),
        (2, "c2/a3/i3", "item", "(三)", 3, ""),
        (1, "c2/a4", "article", "第四条", 4, ""),
        (0, "c3", "chapter", "第三章", 3, "附则"),
        (1, "c3/a5", "article", "第五条", 5, ""),
    ]
    assert parsed.warnings == []
    article = parsed.outline[1].children[0]
    assert article.text == ("第三条　举办托育机构，应当具备下列条件：\n（一）有符合规定的场所；\n"
                            "（二）有不少于3名的保育人员；\n(三)有健全的安全管理制度。")


def test_regulation_facts():
    parsed = parse(load("regulation.txt"))
    assert parsed.metadata.region == "湖南省"
    assert parsed.metadata.effective_date == "2024-01-01"
    assert [fields(t) for t in parsed.targets] == [
        ("不少于3名", 3, "名", ">=", None, "保育人员", None, None, [], False, "c2/a3/i2"),
        ("3岁以下", 3, "岁", "<=", None, "婴幼儿托位数", "2025", None, [], False, "c2/a4"),
        ("4.5个", 4.5, "个", ">=", None, "婴幼儿托位数", "2025", None, [], False, "c2/a4"),
        ("1所", 1, "所", "=", None, "示范机构", "2025", None, ["县", "乡"], False, "c2/a4"),
    ]
    [law] = parsed.references
    assert (law.title, law.kind, law.node_id, law.doc_number, law.is_self) == (
        "中华人民共和国人口与计划生育法", "law", "c1/a1", None, False)


def test_plan_outline_and_warning():
    parsed = parse(load("implementation_plan.txt"))
    assert flat(parsed.outline) == [
        (0, "s1", "section", "一、", 1, "工作目标"),
        (0, "s2", "section", "二、", 2, "主要任务"),
        (1, "s2/m1", "measure", "（一）", 1, "扩大服务供给"),
        (2, "s2/m1/i1", "item", "1．", 1, "建设示范机构"),
        (2, "s2/m1/i2", "item", "2．", 2, "发展社区托育"),
        (3, "s2/m1/i2/i1", "item", "（1）", 1, "新建居住区按每千人不少于10个托位配建托育设施"),
        (3, "s2/m1/i2/i2", "item", "（2）", 2, "老旧小区通过购置、置换等方式补齐设施"),
        (2, "s2/m1/i3", "item", "3.", 3, "加强人才培养"),
        (1, "s2/m2", "measure", "（二）", 2, "强化保障"),
        (1, "s2/m4", "measure", "（四）", 4, "加强监督"),
        (0, "s3", "section", "三、", 3, "组织实施"),
    ]
    assert parsed.warnings == ["numbering: （四） found where 3 was expected (s2/m4)"]
    assert parsed.metadata.region == "长沙市"


def test_plan_targets_and_references():
    parsed = parse(load("implementation_plan.txt"))
    assert [fields(t) for t in parsed.targets] == [
        ("1.2万个", 12000, "个", "=", None, "托位", "2025", None, [], True, "s1"),
        ("60%以上", 60, "%", ">=", None, "普惠托位占比", "2025", None, [], True, "s1"),
        ("至少建成1家", 1, "家", ">=", None, "示范性托育机构", None, None, ["县", "市", "区"],
         False, "s2/m1/i1"),
        ("不少于10个", 10, "个", ">=", None, "托位配建托育设施", None, None, [], False,
         "s2/m1/i2/i1"),
        ("一次", 1, "次", "=", None, "从业人员培训", None, "每季度", [], False, "s2/m1/i3"),
    ]
    first, second = parsed.references
    assert (first.title, first.kind, first.node_id) == (
        "国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见", "opinion", None)
    assert (first.doc_number.issuer_code, first.doc_number.year, first.doc_number.serial) == (
        "国办发", 2019, 15)
    assert (second.title, second.kind, second.node_id) == ("某市“十四五”托育服务发展规划",
                                                           "plan", "s3")
    # “十四五” is a period, not a programme; nothing in the plan is quoted otherwise
    assert parsed.programmes == []


def test_notice_metadata_and_attachments():
    text = load("notice.txt")
    parsed = parse(text)
    assert parsed.title == "某省人民政府办公厅关于印发某省养老服务体系建设方案的通知"
    m = parsed.metadata
    assert (m.doc_number.text, m.doc_number.issuer_code, m.doc_number.year,
            m.doc_number.serial) == ("某府办〔2023〕12号", "某府办", 2023, 12)
    assert m.issuer == "某省人民政府办公厅"
    assert m.date == "2023-05-10"
    assert m.signature == ["某省人民政府办公厅", "2023年5月10日"]
    assert m.lede.split("\n")[0] == "各市人民政府，省政府各部门："
    assert "附件" not in m.lede
    assert flat(parsed.outline) == [
        (0, "att1", "attachment", "1．", 1, "某省养老服务体系建设方案"),
        (0, "att2", "attachment", "2．", 2, "重点任务分工表"),
    ]
    assert parsed.outline[1].text == "2．重点任务分工表"
    [plan] = parsed.references
    # a 印发 notice's attached plan is the document itself (issue 14)
    assert (plan.title, plan.kind, plan.is_self, plan.node_id) == (
        "某省养老服务体系建设方案", "plan", True, None)
    assert parsed.targets == []


@pytest.mark.parametrize("name", ["regulation.txt", "implementation_plan.txt", "notice.txt",
                                  "guangdong_sample_clean.txt"])
def test_documents_validate_and_spans_index_text(name):
    doc = pipeline.process((DOCS / name).read_bytes(), name)
    validate(json.loads(doc.to_json()))
    for node in doc.iter_nodes():
        assert doc.text[node.span[0]:node.span[1]] == node.text
        assert node.text.startswith(node.label)
    for item in doc.targets + doc.references:
        assert item.span[0] < item.span[1]
    for t in doc.targets:
        assert doc.text[t.span[0]:t.span[1]] == t.text
    for r in doc.references:
        assert doc.text[r.span[0]:r.span[1]] == f"《{r.title}》"


def test_target_in_a_section_preamble_belongs_to_the_section():
    text = "标题\n一、目标\n到2025年建成10个中心。\n（一）任务\n新增20所。"
    parsed = parse(text)
    assert [(t.text, t.node_id, t.deadline) for t in parsed.targets] == [
        ("10个", "s1", "2025"), ("20所", "s1/m1", None)]


def test_markdown_shows_outline_targets_and_references():
    doc = pipeline.process((DOCS / "implementation_plan.txt").read_bytes(), "plan.txt")
    md = doc.to_markdown()
    assert '#### <a id="s2-m1-i2-i1"></a>（1）新建居住区按每千人不少于10个托位配建托育设施' in md
    assert "| value | unit | object | deadline | frequency | where | text |" in md
    assert "| >= 60 | % | 普惠托位占比 | 2025 |  | [s1](#s1) | 60%以上 |" in md
    # a frequency has its own column: never shown as a deadline
    assert "| 1 | 次 | 从业人员培训 |  | 每季度 | [s2/m1/i3](#s2-m1-i3) | 一次 |" in md
    assert ("- 《国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见》 国办发〔2019〕15号 "
            "(opinion), lede") in md
    assert "- 《某市“十四五”托育服务发展规划》 (plan), [s3](#s3)" in md


def test_markdown_of_a_regulation():
    md = pipeline.process((DOCS / "regulation.txt").read_bytes(), "reg.txt").to_markdown()
    assert '## <a id="c1"></a>第一章 总则\n' in md
    assert '### <a id="c1-a2"></a>第二条 适用范围\n\n本省行政区域内托育服务' in md
    assert '<a id="c2-a3-i1"></a>**（一）**有符合规定的场所；\n' in md
    assert '<a id="c3-a5"></a>**第五条** 本条例自2024年1月1日起施行。\n' in md


def test_every_schema_field_is_described():
    from pipeline.emit.json import load_schema

    missing = []

    def walk(node, path):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub:
                    missing.append(f"{path}/{name}")
            for key, sub in node.items():
                walk(sub, f"{path}/{key}")
        elif isinstance(node, list):
            for sub in node:
                walk(sub, path)

    walk(load_schema(), "")
    assert missing == []
