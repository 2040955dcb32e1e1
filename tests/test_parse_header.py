"""The header: info table, joined title, own number (〔〕 and 令), history lines, issuer and
date (texts written for these tests)."""

from __future__ import annotations

from pipeline.parse import parse
from pipeline.parse.docnumber import find_decree_numbers
from pipeline.parse.history import history_entry, latest, read_history
from pipeline.parse.infotable import key_pairs, read_info_table

INFO_LINE = ("索 引 号： 000012345/2021-00042 主题分类： 城乡建设\\住房 "
             "发文机关： 某省人民政府 成文日期： 2021年03月05日 "
             "标\u3000\u3000题： 某省人民政府关于印发某某示范区建设方案的通知 "
             "发文字号： 某政发〔2021〕7号 发布日期： 2021年03月12日")

NOTICE = "\n".join([
    INFO_LINE,
    "主 题 词：",
    "某省人民政府关于印发某某示范区",
    "建设方案的通知",
    "某政发〔2021〕7号",
    "各市人民政府，省政府各部门：",
    "现将《某某示范区建设方案》印发给你们，请认真贯彻执行。",
    "某省人民政府",
    "2021年3月5日",
    "某某示范区建设方案",
    "一、总体要求",
    "到2025年，建成示范区10个。",
])


def test_info_table_pairs() -> None:
    pairs = dict(key_pairs(INFO_LINE))
    assert pairs["title"] == "某省人民政府关于印发某某示范区建设方案的通知"
    assert pairs["number"] == "某政发〔2021〕7号"
    assert pairs["written"] == "2021年03月05日"
    assert key_pairs("主 题 词：") == [("keywords", "")]
    assert key_pairs("现将标题：某某") == []


def test_info_table_one_pair_a_line() -> None:
    table = read_info_table(["标　题：某某办法", "发文字号：某发〔2020〕3号",
                             "成文日期：2020年1月2日", "某某办法"])
    assert table is not None
    assert (table.first_line, table.last_line) == (0, 2)
    assert table.fields == {"title": "某某办法", "number": "某发〔2020〕3号",
                            "written": "2020年1月2日"}
    assert table.date("written") == "2020-01-02"


def test_metadata_from_info_table_and_joined_title() -> None:
    parsed = parse(NOTICE)
    assert parsed.title == "某省人民政府关于印发某某示范区建设方案的通知"
    assert parsed.metadata.doc_number is not None
    assert parsed.metadata.doc_number.text == "某政发〔2021〕7号"
    assert parsed.metadata.issuer == "某省人民政府"
    assert parsed.metadata.date == "2021-03-05"
    assert parsed.metadata.info["published"] == "2021年03月12日"
    assert "索 引 号" not in parsed.metadata.lede
    assert parsed.metadata.lede.startswith("各市人民政府")
    assert all(t.span[0] > len(INFO_LINE) for t in parsed.targets)


def test_title_over_lines_without_info_table() -> None:
    text = "\n".join(NOTICE.split("\n")[2:])
    parsed = parse(text)
    assert parsed.title == "某省人民政府关于印发某某示范区建设方案的通知"
    assert parsed.metadata.doc_number.text == "某政发〔2021〕7号"


def test_decree_header() -> None:
    text = "\n".join([
        "中华人民共和国国务院令",
        "第999号",
        "《某某管理条例》已经国务院常务会议通过，现予公布，自2030年1月1日起施行。",
        "总理　　某某某",
        "2029年11月6日",
        "某某管理条例",
        "第一条 为了规范某某管理，制定本条例。",
    ])
    parsed = parse(text)
    assert parsed.metadata.attached == "某某管理条例"
    assert parsed.title == "某某管理条例"
    assert [(r.title, r.is_self) for r in parsed.references] == [("某某管理条例", True)]
    assert parsed.metadata.date == "2029-11-06"
    number = parsed.metadata.doc_number
    assert parsed.metadata.issuer == "国务院"  # the decree's body, not the signing premier
    assert number is not None
    assert (number.text, number.issuer_code, number.year, number.serial) == (
        "国务院令第999号", "国务院令", None, 999)


def test_decree_numbers_in_text() -> None:
    found = find_decree_numbers(
        "（1990年1月1日中华人民共和国国务院令第12号发布，经某部令第3号修改）")
    assert [(n.text, n.serial) for _, _, n in found] == [
        ("国务院令第12号", 12), ("某部令第3号", 3)]


def test_history_lines() -> None:
    lines = ["1990年1月2日 国务院批准", "1990年2月3日 某部令第5号发布",
             "2001年4月5日 《国务院关于修改〈某某办法〉的决定》第一次修订"]
    entries = read_history(lines)
    assert [(e.date, e.issuer, e.verb) for e in entries] == [
        ("1990-01-02", "国务院", "批准"), ("1990-02-03", "某部", "发布"),
        ("2001-04-05", "国务院", "修订")]
    last = latest(entries[:2])
    assert (last.date, last.issuer) == ("1990-02-03", "国务院")
    assert history_entry("第一条 为了规范，制定本办法。") is None


def test_regulation_metadata_from_history() -> None:
    text = "\n".join([
        "某某登记办法",
        "1990年1月2日 国务院批准",
        "1990年2月3日 某部令第5号发布",
        "2001年4月5日 《国务院关于修改〈某某登记办法〉的决定》第一次修订）",
        "第一条 为了规范登记，制定本办法。",
        "第二条 本办法自公布之日起施行。",
    ])
    parsed = parse(text)
    assert parsed.title == "某某登记办法"
    assert (parsed.metadata.issuer, parsed.metadata.date) == ("国务院", "2001-04-05")


def test_info_table_one_key_a_line_with_other_names() -> None:
    lines = ["索引号：SY0000001", "主题分类：土地", "公开属性：主动公开",
             "成文日期：2026年07月03日", "文号：某府〔2026〕54号", "发布日期：2026年07月03日",
             "公开主体：某区人民政府", "正文内容"]
    table = read_info_table(lines)
    assert table is not None
    assert (table.first_line, table.last_line) == (0, 6)
    assert (table.fields["issuer"], table.fields["number"], table.fields["public"]) == (
        "某区人民政府", "某府〔2026〕54号", "主动公开")


def test_title_whose_first_line_ends_like_a_title() -> None:
    text = "\n".join(["某省人民政府关于印发某某发展规划", "的通知", "某政发〔2021〕8号",
                      "各市人民政府：", "现将规划印发给你们。", "一、总体要求", "内容。"])
    parsed = parse(text)
    assert parsed.title == "某省人民政府关于印发某某发展规划的通知"
    assert parsed.metadata.doc_number.text == "某政发〔2021〕8号"
