"""Layouts of real policy pages, on texts written for these tests: a 印发 notice with the
measures it issues after its signature (plain text and a gov.cn-like page with an info
table), closing clauses, 附：/附表 nodes, continuous numbering."""

from __future__ import annotations

from pathlib import Path

from pipeline import process
from pipeline.parse import parse
from pipeline.parse.outline import parse_outline

DOCS = Path(__file__).parent / "cases" / "docs"
NOTICE = (DOCS / "issuing_notice.txt").read_text("utf-8").rstrip("\n")

SHORT_NOTICE = "\n".join([
    "某市人民政府关于印发某市促进民营经济发展若干措施的通知",
    "各区人民政府，市政府各部门：",
    "现将《某市促进民营经济发展若干措施》印发给你们，请认真贯彻落实。",
    "某市人民政府",
    "2023年6月1日",
    "某市促进民营经济发展若干措施",
    "一、企业开办时间压缩至1个工作日内。",
    "二、到2025年，民营企业贷款余额达到5000亿元。",
    "三、设立规模为10亿元的民营经济发展基金。",
])


def _outline(nodes, depth=0):
    out = []
    for node in nodes:
        out.append((depth, node.id, node.kind, node.label, node.title))
        out.extend(_outline(node.children, depth + 1))
    return out


def _targets(parsed):
    return [(t.text, t.value, t.unit, t.comparator, t.deadline, t.node_id)
            for t in parsed.targets]


EXPECTED_OUTLINE = [
    (0, "s1", "section", "一、", "优化营商环境"),
    (1, "s1/m1", "measure", "（一）", "压缩审批时限"),
    (1, "s1/m2", "measure", "（二）", "降低融资成本"),
    (0, "s2", "section", "二、", "加大财税支持"),
    (1, "s2/m3", "measure", "（三）", "落实减税降费"),
    (1, "s2/m4", "measure", "（四）", "设立发展基金"),
    (0, "closing", "closing", "", ""),
]
EXPECTED_TARGETS = [
    ("1个工作日内", 1, "工作日", "<=", None, "s1/m1"),
    ("不超过60个工作日", 60, "工作日", "<=", None, "s1/m1"),
    ("5000亿元", 500000000000, "元", ">=", "2025", "s1/m2"),
    ("不高于4.5%", 4.5, "%", "<=", "2025", "s1/m2"),
    ("不低于50%", 50, "%", ">=", None, "s2/m3"),
    ("10亿元", 1000000000, "元", "=", None, "s2/m4"),
    ("3年", 3, "年", "=", None, "closing"),
]


def test_issuing_notice_keeps_the_issued_measures() -> None:
    parsed = parse(NOTICE)
    assert parsed.title == "某市人民政府关于印发某市促进民营经济发展若干措施的通知"
    m = parsed.metadata
    assert (m.issuer, m.date, m.doc_number.text) == ("某市人民政府", "2023-06-01",
                                                     "某府发〔2023〕9号")
    assert m.signature == ["某市人民政府", "2023年6月1日"]
    assert m.attached == "某市促进民营经济发展若干措施"
    assert m.effective_date == "2023-07-01"
    assert _outline(parsed.outline) == EXPECTED_OUTLINE
    closing = parsed.outline[-1]
    assert closing.text == "本措施自2023年7月1日起施行，有效期3年。"
    assert parsed.outline[1].text.endswith("民营经济发展基金。")
    assert _targets(parsed) == EXPECTED_TARGETS
    assert [(r.title, r.is_self) for r in parsed.references] == [
        ("某市促进民营经济发展若干措施", True)]
    assert parsed.warnings == []


def test_short_issued_document_after_the_signature_keeps_its_outline() -> None:
    parsed = parse(SHORT_NOTICE)
    assert [n.label for n in parsed.outline] == ["一、", "二、", "三、"]
    assert [t.text for t in parsed.targets] == ["1个工作日内", "5000亿元", "10亿元"]
    assert (parsed.metadata.issuer, parsed.metadata.date) == ("某市人民政府", "2023-06-01")


def _gov_page(lines: list[str]) -> bytes:
    info = (
        '<table class="bd1"><tbody>'
        '<tr><td><b>索 引 号：</b></td><td>000012345/2023-00009</td>'
        '<td><b>主题分类：</b></td><td>工业、交通\\其他</td></tr>'
        '<tr><td><b>发文机关：</b></td><td>某市人民政府</td>'
        '<td><b>成文日期：</b></td><td>2023年06月01日</td></tr>'
        '<tr><td><b>标　　题：</b></td>'
        '<td colspan="3">某市人民政府关于印发某市促进民营经济发展若干措施的通知</td></tr>'
        '<tr><td><b>发文字号：</b></td><td>某府发〔2023〕9号</td>'
        '<td><b>发布日期：</b></td><td>2023年06月05日</td></tr>'
        '</tbody></table>'
        '<table class="bd1"><tbody><tr><td><b>主 题 词：</b></td><td></td></tr></tbody></table>')
    title, rest = lines[0], lines[1:]
    body = "".join(f"<p>{line}</p>" for line in [title[:14], title[14:], *rest])
    return (f'<html><head><meta charset="utf-8"><title>{title}_某市政府网</title></head>'
            f'<body><div class="wrap">{info}<table><tr><td id="UCAP-CONTENT">{body}'
            '</td></tr></table></div></body></html>').encode()


def test_gov_page_with_info_table() -> None:
    doc = process(_gov_page(NOTICE.split("\n")), "notice.html")
    assert doc.title == "某市人民政府关于印发某市促进民营经济发展若干措施的通知"
    m = doc.metadata
    assert (m.issuer, m.date, m.doc_number.text) == ("某市人民政府", "2023-06-01",
                                                     "某府发〔2023〕9号")
    assert m.info["published"] == "2023年06月05日"
    assert m.attached == "某市促进民营经济发展若干措施"
    assert _outline(doc.outline) == EXPECTED_OUTLINE
    assert [t[:5] for t in _targets(doc)] == [t[:5] for t in EXPECTED_TARGETS]


def test_closing_clause_inside_an_article_stays() -> None:
    text = "第一条 为了规范，制定本办法。\n第二条 本办法自2030年1月1日起施行。"
    parsed = parse(text)
    assert [n.label for n in parsed.outline] == ["第一条", "第二条"]


def test_closing_clause_before_attachments() -> None:
    text = "\n".join(["一、总体要求", "坚持稳中求进。", "二、保障措施", "加强领导。",
                      "本意见由某省发展改革委负责解释。", "附件：1．重点任务分工表"])
    parsed = parse(text)
    assert [(n.kind, n.label) for n in parsed.outline] == [
        ("section", "一、"), ("section", "二、"), ("closing", ""), ("attachment", "1．")]
    assert parsed.outline[1].text == "二、保障措施\n加强领导。"


def test_appended_tables_are_attachment_nodes() -> None:
    roots, warnings = parse_outline("一、甲\n正文。\n附：某某计划表\n附表2：某某分工表")
    assert [(n.kind, n.label, n.title) for n in roots] == [
        ("section", "一、", "甲"), ("attachment", "附", "某某计划表"),
        ("attachment", "附表2", "某某分工表")]
    assert warnings == []


def test_continuous_measure_numbering_is_no_warning() -> None:
    text = "一、甲\n（一）子一\n（二）子二\n二、乙\n（三）子三\n三、丙\n（五）子五"
    parsed = parse(text)
    assert parsed.warnings == ["numbering: （五） found where 4 was expected (s3/m5)"]


def test_restarted_numbering_keeps_its_warning() -> None:
    text = "一、甲\n（一）子一\n（二）子二\n二、乙\n（二）子二"
    assert parse(text).warnings == ["numbering: （二） found where 1 was expected (s2/m2)"]


def test_an_items_named_topic_leads_its_objects() -> None:
    text = ("某某办法\n第二条 部分公民放假的节日：\n"
            "（一）劳动节（5月1日），18周岁以上的职工放假半天。")
    assert [(t.text, t.object) for t in parse(text).targets] == [
        ("18周岁以上", "劳动节职工放假"), ("半天", "劳动节职工放假")]


def test_forwarding_notice_signature_with_padding_and_a_note() -> None:
    text = "\n".join([
        "某省人民政府办公厅转发省教育厅关于扩大某某招生规模有关问题请示的通知",
        "各市人民政府：",
        "省教育厅《关于扩大某某招生规模有关问题的请示》已经省政府同意，现转发给你们。",
        "某省人民政府办公厅    &sp;",
        "二〇二〇年七月一日",
        "（此件公开发布）",
        "关于扩大某某招生规模",
        "有关问题的请示",
        "省人民政府：",
        "一、逐年扩招",
        "（一）到2023年招生规模达到3000人。",
        "省教育厅",
        "2020年5月10日",
    ])
    parsed = parse(text)
    m = parsed.metadata
    assert (m.issuer, m.date) == ("某省人民政府办公厅", "2020-07-01")
    assert m.signature == ["某省人民政府办公厅", "二〇二〇年七月一日"]
    assert m.attached == "关于扩大某某招生规模有关问题的请示"
    assert [(r.kind, r.is_self) for r in parsed.references] == [("request", True)]
    assert [(t.text, t.deadline) for t in parsed.targets] == [("3000人", "2023")]


def test_a_list_after_a_paragraph_is_no_repeat() -> None:
    text = "\n".join([
        "第一条 申请人应当提交下列材料：", "（一）身份证明；", "（二）申请书。",
        "申请补办的，并应当提交：", "（一）原证件；", "（二）情况说明。",
        "第二条 本办法自公布之日起施行。"])
    assert parse(text).warnings == []
    text = "一、甲\n（一）子一\n（二）子二\n（一）子一"
    assert parse(text).warnings == ["numbering: （一） repeated where 3 was expected (s1/m1_2)"]


def test_a_byline_is_no_issued_document() -> None:
    text = "\n".join(["某局关于召开工作会议的通知", "各处室：", "现将有关事项通知如下。",
                      "某某局", "2023年5月10日", "请各处室按时参加。", "一、会议要求",
                      "全体人员参加。"])
    parsed = parse(text)
    assert parsed.metadata.attached is None
    assert (parsed.metadata.issuer, parsed.metadata.date) == ("某某局", "2023-05-10")


def test_notice_with_attachment_label_before_the_issued_document() -> None:
    head = SHORT_NOTICE.split("\n")[:3]
    body = SHORT_NOTICE.split("\n")[5:]
    listed = parse("\n".join([*head, "附件：某市促进民营经济发展若干措施", "某市人民政府",
                              "2023年6月1日", *body]))
    assert [(n.kind, n.label) for n in listed.outline] == [
        ("attachment", "附件："), ("section", "一、"), ("section", "二、"), ("section", "三、")]
    labelled = parse("\n".join([*head, "某市人民政府", "2023年6月1日", "（此件公开发布）",
                                "附件", *body]))
    for parsed in (listed, labelled):
        m = parsed.metadata
        assert (m.issuer, m.date, m.attached) == ("某市人民政府", "2023-06-01",
                                                  "某市促进民营经济发展若干措施")
        assert [t.text for t in parsed.targets] == ["1个工作日内", "5000亿元", "10亿元"]
