"""References, document numbers, programmes and metadata, on short texts."""

from __future__ import annotations

import pytest

from pipeline.parse import parse
from pipeline.parse.docnumber import find_doc_number
from pipeline.parse.locate import NodeLocator
from pipeline.parse.metadata import find_closing, region, split_title
from pipeline.parse.references import find_references, issuers_before, kind_of

TEXT = ("根据《中华人民共和国民法典》和《国务院关于印发〈“十四五”国家老龄事业发展规划〉的通知》"
        "（国发[2021]35号）、《某办法（试行）》(某发（2020）3号)、《某标准》、《甲《乙》丙》、《》。")


def test_citations_with_nesting_numbers_and_kinds():
    refs = find_references(TEXT, "", NodeLocator([]))
    assert [(r.title, r.kind, r.nested) for r in refs] == [
        ("中华人民共和国民法典", "law", []),
        ("国务院关于印发〈“十四五”国家老龄事业发展规划〉的通知", "notice",
         ["“十四五”国家老龄事业发展规划"]),
        ("某办法（试行）", "measures", []),
        ("某标准", "standard", []),
        ("甲《乙》丙", "other", ["乙"]),
    ]
    numbers = [(r.doc_number.issuer_code, r.doc_number.year, r.doc_number.serial)
               if r.doc_number else None for r in refs]
    assert numbers == [None, ("国发", 2021, 35), ("某发", 2020, 3), None, None]
    for r in refs:
        assert TEXT[r.span[0]:r.span[1]] == f"《{r.title}》"


@pytest.mark.parametrize(("text", "number"), [
    ("粤人社规〔2023〕1号", ("粤人社规", 2023, 1)), ("国办发[2019]15号", ("国办发", 2019, 15)),
    ("京政发［2020］第8号", ("京政发", 2020, 8)), ("某发(2021)12号", ("某发", 2021, 12)),
    ("某发（2021）１２号", ("某发", 2021, 12)), ("粤民发【2022】7号", ("粤民发", 2022, 7)),
])
def test_document_number_brackets(text, number):
    found = find_doc_number(f"（{text}）")
    assert (found.text, found.issuer_code, found.year, found.serial) == (text, *number)


def test_issuers_named_with_a_citation():
    text = "省民政厅和省财政厅联合印发《关于做好养老工作的意见》粤民发【2022】7号，贯彻执行。"
    [ref] = find_references(text, "", NodeLocator([]))
    assert ref.issuers == ["省民政厅", "省财政厅"]
    assert ref.doc_number.text == "粤民发【2022】7号"


@pytest.mark.parametrize(("title", "kind"), [
    ("某某法", "law"), ("某某管理办法", "measures"), ("某某条例", "regulation"),
    ("某某实施细则", "rules"), ("某某规划（2021—2025年）", "plan"), ("某某决定", "decision"),
    ("某某的批复", "reply"), ("某某白皮书", "report"), ("某某", "other"),
])
def test_kinds(title, kind):
    assert kind_of(title) == kind


def test_self_reference_gives_issuer_and_number():
    text = ("浙江关于推进托育服务的实施意见\n"
            "近日，浙江省卫生健康委发布《关于推进托育服务的实施意见》"
            "（浙卫发〔2023〕5号）。\n一、总体要求\n（一）目标。")
    parsed = parse(text)
    own = parsed.references[0]
    assert own.is_self and own.node_id is None
    m = parsed.metadata
    assert (m.issuer, m.region, m.doc_number.text) == (
        "浙江省卫生健康委", "浙江省", "浙卫发〔2023〕5号")


def test_programmes_dedupe_in_order_and_skip_periods():
    text = ("标题\n一、甲\n实施“一老一小”和“两免一补”，“十四五”期间。\n"
            "二、乙\n推进“一老一小”“5080”。")
    parsed = parse(text)
    assert [(p.name, p.node_ids) for p in parsed.programmes] == [
        ("一老一小", ["s1", "s2"]), ("两免一补", ["s1"]), ("5080", ["s2"])]


def test_titles_and_summary_flag():
    assert split_title("某某实施意见摘要：") == ("某某实施意见", True)
    assert split_title("某某实施意见（摘要）") == ("某某实施意见", True)
    assert split_title("摘要") == ("摘要", False)


def test_closing_needs_a_date_line_and_a_body():
    text = "标题\n正文。\n某省民政厅\n某省财政厅\n二〇二三年十二月一日\n（此件公开发布）"
    closing = find_closing(text)
    assert closing.lines == ["某省民政厅", "某省财政厅", "二〇二三年十二月一日"]
    assert closing.date == "2023-12-01" and text[closing.start:].startswith("某省民政厅")
    assert find_closing("2023年1月1日") is None
    assert find_closing("标题\n正文。") is None
    parsed = parse(text)
    assert parsed.metadata.issuer == "某省民政厅、某省财政厅"


def test_regions():
    assert region("广西壮族自治区人民政府关于…") == "广西壮族自治区"
    assert region("广东省广州市托育服务办法") == "广东省广州市"
    assert region("深圳市人民政府办公厅关于…") == "深圳市"
    assert region("老旧小区改造方案", "关于推进城市更新的意见") is None


def test_effective_dates():
    text = "标题\n正文。\n本办法自2024年3月1日起施行。"
    assert parse(text).metadata.effective_date == "2024-03-01"
    text = "标题\n本通知自印发之日起实施。\n某省人民政府\n2023年6月1日"
    assert parse(text).metadata.effective_date == "2023-06-01"


def test_issuer_names_keep_their_own_conjunctions():
    text = "落实省人力资源和社会保障厅与省住房和城乡建设厅联合印发的《某办法》。"
    [ref] = find_references(text, "", NodeLocator([]))
    assert ref.issuers == ["省人力资源和社会保障厅", "省住房和城乡建设厅"]


@pytest.mark.parametrize(("text", "issuers"), [
    ("由省卫生健康委牵头制定的《某方案》。", ["省卫生健康委"]),
    ("省民政厅会同省财政厅等部门印发《某办法》。", ["省民政厅", "省财政厅"]),
    ("根据《某法》。", []),
])
def test_issuer_phrasings(text, issuers):
    [ref] = find_references(text, "", NodeLocator([]))
    assert ref.issuers == issuers


# --- issue 14: aliases, bare kind words, decree numbers, 印发 notices, issuers ----------

def _refs(text: str, title: str = "某某文件") -> list[tuple]:
    return [(r.title, r.alias, r.doc_number.text if r.doc_number else None, r.is_self)
            for r in find_references(text, title, NodeLocator([]))]


def test_alias_is_linked_to_the_full_title() -> None:
    text = ("根据《某省关于深化改革的决定》（某发〔2020〕3号，以下简称《决定》）精神，"
            "按《决定》要求推进。")
    assert _refs(text) == [
        ("某省关于深化改革的决定", None, "某发〔2020〕3号", False),
        ("某省关于深化改革的决定", "决定", "某发〔2020〕3号", False)]


def test_bare_kind_word_is_the_last_full_title_of_that_kind() -> None:
    text = "纳入《某流域水污染防治规划》。《规划》实施后，再按《规划》执行。"
    assert [r[:2] for r in _refs(text)] == [
        ("某流域水污染防治规划", None), ("某流域水污染防治规划", "规划"),
        ("某流域水污染防治规划", "规划")]
    assert [r[:2] for r in _refs("按《规划》执行。")] == [("规划", None)]


def test_decree_numbers_cited_alone() -> None:
    text = "（1990年1月2日中华人民共和国国务院令第12号发布，2000年3月4日某部令第5号修订）"
    assert _refs(text) == [("", None, "国务院令第12号", False), ("", None, "某部令第5号", False)]


def test_issued_document_is_the_document_itself() -> None:
    title = "某省人民政府关于印发某某产业发展三年行动方案的通知"
    text = "现将《某某产业发展三年行动方案》印发给你们。参照《某某产业发展规划》执行。"
    assert [r[3] for r in _refs(text, title)] == [True, False]
    forwarded = "某省人民政府办公厅转发省教育厅关于扩大某某招生规模有关问题请示的通知"
    text = "省教育厅《关于扩大某某招生规模有关问题的请示》已经省政府同意，现转发给你们。"
    assert [r[3] for r in _refs(text, forwarded)] == [True]


def test_issuers_are_bodies_only() -> None:
    text = "财政部1986年发布的《某某暂行办法》"
    assert issuers_before(text, text.index("《")) == ["财政部"]
    text = "某省人民政府近日印发《某某方案》"
    assert issuers_before(text, text.index("《")) == ["某省人民政府"]
    text = "将其中确有必要的项目纳入《某某规划》"
    assert issuers_before(text, text.index("《")) == []


def test_an_issued_document_is_read_from_the_end_of_a_long_title():
    """A page that is one long line has that line for a title: the issuing notice's
    document is read from the title's last characters, once per title (not once per
    reference, over the whole line)."""
    from pipeline.parse.references import MAX_TITLE_CHARS, is_self, issued_document

    title = "某市人民政府关于印发《某市促进民营经济发展若干措施》的通知"
    assert issued_document(title) == "某市促进民营经济发展若干措施"
    long_title = "字" * (10 * MAX_TITLE_CHARS) + title
    assert issued_document(long_title) == "某市促进民营经济发展若干措施"
    assert is_self("某市促进民营经济发展若干措施", long_title)
    assert issued_document("某市促进民营经济发展若干措施") is None
