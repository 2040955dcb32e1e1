"""HTML pages in every encoding and dressed in furniture give the plain text's document."""

from __future__ import annotations

import importlib.util
from html import escape
from pathlib import Path

import pytest

import pipeline
from pipeline.emit.json import validate
from pipeline.extract import extract_html
from pipeline.furniture import class_reason
from pipeline.htmllines import is_data_table
from tests.fixtures.html.make_fixtures import FIXTURES, LINES, sloppy_cp1252

HTML = Path(__file__).parent / "fixtures" / "html"


def structure(doc: pipeline.Document) -> tuple:
    """What must agree between a page and the plain text of its content."""
    return (doc.title, [(n.id, n.label, n.title, n.span) for n in doc.iter_nodes()], doc.text)


@pytest.fixture(scope="module")
def plain() -> pipeline.Document:
    return pipeline.process((HTML / "policy.txt").read_bytes(), "policy.txt")


@pytest.fixture(scope="module")
def plain_traditional() -> pipeline.Document:
    return pipeline.process((HTML / "policy-traditional.txt").read_bytes(), "t.txt")


def test_fixtures_are_what_the_generator_writes():
    for name, data in FIXTURES.items():
        assert (HTML / name).read_bytes() == data, name


def test_plain_text_structure(plain):
    assert plain.title == "关于加强社区养老服务的实施意见"
    assert [(n.id, n.label, n.title) for n in plain.iter_nodes()] == [
        ("s1", "一、", "总体要求"), ("s2", "二、", "主要任务"), ("s2/m1", "（一）", "完善服务设施"),
        ("s2/m2", "（二）", "丰富服务内容"), ("s2/m3", "（三）", "加强人才队伍建设"),
        ("s3", "三、", "保障措施")]
    assert plain.text == "\n".join(LINES)


@pytest.mark.parametrize("name, encoding, method, declared, warnings", [
    ("gbk-meta-gb2312.html", "gb18030", "meta", "gb2312", []),
    ("big5.html", "big5hkscs", "meta", "big5", []),
    ("utf8-bom.html", "utf-8", "bom", None, []),
    ("meta-lies-gb2312-is-utf8.html", "utf-8", "meta-mismatch", "gb2312",
     ["ingest: the page declares gb2312 but its bytes are utf-8; decoded as utf-8"]),
    ("meta-lies-utf8-is-gbk.html", "gb18030", "meta-mismatch", "utf-8",
     ["ingest: the page declares utf-8 but its bytes are gb18030; decoded as gb18030"]),
    ("heavy-furniture.html", "utf-8", "meta", "utf-8", []),
    ("table-layout-gb2312.html", "gb18030", "meta", "gb2312", []),
])
def test_page_gives_the_plain_text_document(name, encoding, method, declared, warnings, plain,
                                            plain_traditional):
    doc = pipeline.process((HTML / name).read_bytes(), name)
    assert structure(doc) == structure(plain)
    if name == "big5.html":
        assert structure(doc) == structure(plain_traditional)
        assert doc.source_paragraphs[0].text == "關於加強社區養老服務的實施意見"
    source = doc.source
    assert (source.encoding, source.encoding_method, source.declared, source.format) == (
        encoding, method, declared, "html")
    assert doc.warnings == warnings
    validate(doc.to_dict())


def test_heavy_furniture_is_dropped_with_reasons():
    doc = pipeline.process((HTML / "heavy-furniture.html").read_bytes(), "heavy.html")
    assert [(d.reason, d.text) for d in doc.dropped] == [
        ("header", "无障碍 | English | 手机版"),
        ("header", "搜索"),
        ("navigation", "首页 信息公开 政务服务 互动交流"),
        ("breadcrumb", "当前位置： 首页 > 信息公开 > 政策文件"),
        ("sidebar", "相关文章 关于开展2023年敬老月活动的通知 市民政局召开全市养老服务工作会议 "
                    "2023年第一季度养老服务补贴发放情况公示"),
        ("page-info", "发布日期：2023-06-01\u3000来源：市民政局\u3000浏览次数：1024"),
        ("page-tools", "字号： 大 中 小"),
        ("hidden", "澳门赌场官方网站 网上博彩平台注册即送彩金，首存优惠，立即注册。"),
        ("share", "分享到： 微信 微博 QQ空间"),
        ("page-tools", "【 打印本页 】【 关闭窗口 】"),
        ("footer", "友情链接： 中国政府网 民政部 省民政厅 版权所有：某市民政局\u3000"
                   "地址：某市人民路1号\u3000邮编：100000 网站标识码：1234567890 "
                   "京ICP备12345678号 京公网安备 11010502030000号 "
                   "技术支持：某某网络科技有限公司 | 联系我们 | 网站地图"),
    ]
    assert "统计代码" not in doc.text and "加载完成" not in doc.text


def test_table_layout_page_drops_menus_and_footer():
    doc = pipeline.process((HTML / "table-layout-gb2312.html").read_bytes(), "t.html")
    assert [(d.reason, d.text) for d in doc.dropped] == [
        ("breadcrumb", "首页 | 机构概况 | 政务公开 | 办事指南"),
        ("links", "通知公告"), ("links", "政策法规"), ("links", "工作动态"),
        ("copyright", "Copyright © 2023 某市民政局 版权所有"),
        ("icp-licence", "粤ICP备05000000号")]


def test_latin1_garbled_body_reaches_repair_intact():
    """Extraction keeps the garbled body byte for byte (C1 controls, NBSP) under a clean title."""
    html = (HTML / "latin1-garbled-body.html").read_bytes().decode("utf-8")
    result = extract_html(html)
    assert [b.text for b in result.blocks] == [LINES[0]] + [sloppy_cp1252(x) for x in LINES[1:]]
    assert [(d.reason, d.text) for d in result.dropped] == [
        ("header", "某市民政局"), ("navigation", "首页 政策文件")]
    doc = pipeline.process(html.encode("utf-8"), "latin1.html")
    assert doc.source_paragraphs[1].text == sloppy_cp1252(LINES[1])
    validate(doc.to_dict())


@pytest.mark.skipif(importlib.util.find_spec("pipeline.repair.families") is None,
                    reason="the Latin-1 repair (pipeline/repair/families.py) has not landed")
def test_latin1_garbled_body_gives_the_plain_text_document(plain):
    doc = pipeline.process((HTML / "latin1-garbled-body.html").read_bytes(), "latin1.html")
    assert structure(doc) == structure(plain)


# --- the extractor's rules, one at a time -----------------------------------------------


def test_data_table_is_rows_of_cells_and_reaches_the_document():
    html = """<html><body><h1>关于调整补贴标准的通知</h1><p>各区：现将调整后的补贴标准通知如下。</p>
    <table><tr><th>项目</th><th>标准（元）</th></tr><tr><td>护理补贴</td><td>300</td></tr>
    <tr><td><p>高龄津贴</p></td><td>200</td></tr></table></body></html>"""
    doc = pipeline.process(html)
    assert doc.tables == [[["项目", "标准（元）"], ["护理补贴", "300"], ["高龄津贴", "200"]]]
    assert doc.paragraphs[-1] == "项目 标准（元） 护理补贴 300 高龄津贴 200"


@pytest.mark.parametrize("html, expected", [
    ("<table><tr><td>甲</td><td>乙</td></tr></table>", True),
    ("<table><tr><td>只有一列</td></tr><tr><td>第二行</td></tr></table>", False),
    ("<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td>x</td></tr></table>",
     False),
    ("<table><tr><td><ul><li>列表</li></ul></td><td>x</td></tr></table>", False),
])
def test_data_and_layout_tables(html, expected):
    from bs4 import BeautifulSoup

    assert is_data_table(BeautifulSoup(html, "lxml").table) is expected


@pytest.mark.parametrize("attrs, reason", [
    ('class="breadcrumb"', "breadcrumb"),
    ('id="mainNav"', "navigation"),
    ('class="clearfix nav_1"', "navigation"),
    ('class="bdsharebuttonbox bdshare"', "share"),
    ('class="footer-wrap"', "footer"),
    ('id="yqlj"', "friendly-links"),
    ('class="TRS_Editor"', "content"),
    ('id="zoom"', "content"),
    ('class="article-title"', "heading"),
    ('class="navigator-free"', None),  # a word inside another word is not the word
    ('class="canvas"', None),
])
def test_class_and_id_rules(attrs, reason):
    from bs4 import BeautifulSoup

    tag = BeautifulSoup(f"<div {attrs}>x</div>", "lxml").div
    assert class_reason(tag) == reason


def test_link_lists_and_hidden_spam_are_dropped_but_a_linked_word_in_prose_is_not():
    html = """<html><body><div><p>第一条 为规范管理，根据<a href="/law">《中华人民共和国
    老年人权益保障法》</a>，制定本办法。</p>
    <p>第二条 本办法适用于本市行政区域内的养老服务机构。</p></div>
    <div><a href="/1">养老服务</a> <a href="/2">社会救助</a> <a href="/3">婚姻登记</a></div>
    <span style="position:absolute; left:-9999px"><a href="http://x">代开发票</a></span>
    </body></html>"""
    result = extract_html(html)
    assert [b.text for b in result.blocks] == [
        "第一条 为规范管理，根据《中华人民共和国老年人权益保障法》，制定本办法。",
        "第二条 本办法适用于本市行政区域内的养老服务机构。"]
    assert [(d.reason, d.text) for d in result.dropped] == [
        ("links", "养老服务 社会救助 婚姻登记"), ("hidden", "代开发票")]


def test_a_wrapper_with_an_unlucky_name_is_not_dropped():
    paragraphs = "".join(f"<p>第{n}条 本条规定了养老服务的内容，各区应当执行。</p>"
                         for n in "一二三")
    result = extract_html(f'<html><body><div id="nav-wrapper">{paragraphs}</div></body></html>')
    assert len(result.blocks) == 3
    assert result.dropped == []


def test_scripts_styles_comments_never_reach_text_or_dropped():
    html = """<html><head><style>p{}</style></head><body><p>关于做好工作的通知，请认真执行。</p>
    <script>document.write("<p>脚本写入的文字。</p>")</script><!-- 注释文字。 -->
    <noscript>请启用脚本。</noscript></body></html>"""
    result = extract_html(html)
    assert [b.text for b in result.blocks] == ["关于做好工作的通知，请认真执行。"]
    assert result.dropped == []


def test_lines_split_at_br_and_cjk_line_breaks_join():
    result = extract_html(
        "<html><body><div>第一行文字，\n接着写。<br>第二行文字，继续写。</div></body></html>")
    assert [b.text for b in result.blocks] == ["第一行文字，接着写。", "第二行文字，继续写。"]


def test_a_page_nested_ten_thousand_levels_deep():
    depth = 10_000
    html = ("<html><body>" + "<div>" * depth + "<p>深处的段落，也要找到。</p>" + "</div>" * depth
            + "<p>后面的段落，同样保留。</p></body></html>")
    doc = pipeline.process(html.encode("utf-8"), "deep.html")
    assert doc.paragraphs == ["深处的段落，也要找到。", "后面的段落，同样保留。"]
    validate(doc.to_dict())


def test_page_without_chinese_text_warns():
    html = ("<html><body><h1>Annual report</h1>"
            "<p>The council met twice, as planned.</p></body></html>")
    doc = pipeline.process(html.encode("utf-8"), "en.html")
    assert doc.paragraphs == ["Annual report", "The council met twice, as planned."]
    assert doc.warnings == ["extract: no Chinese text on the page"]


def test_attachment_link_is_content_but_a_related_link_is_not():
    html = """<html><body><div><p>第一条 为规范养老服务，制定本办法。本办法自发布之日起施行。</p>
    <p>附件：<a href="/f/1.pdf">养老服务补贴申请表</a></p>
    <p>相关链接：<a href="/2">民政部关于养老服务的问答</a></p></div></body></html>"""
    result = extract_html(html)
    assert [b.text for b in result.blocks] == [
        "第一条 为规范养老服务，制定本办法。本办法自发布之日起施行。", "附件：养老服务补贴申请表"]
    assert [(d.reason, d.text) for d in result.dropped] == [
        ("links", "相关链接：民政部关于养老服务的问答")]


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_sample_page_wrapped_in_html_gives_the_sample_document(sample_bytes, sample_doc, codec):
    lines = sample_bytes.decode("utf-8").splitlines()
    page = (f'<html><head><meta charset="{codec}"></head><body>'
            '<div class="nav"><a href="/">首頁</a> <a href="/zc">政策</a></div>'
            + "".join(f"<p>{escape(line)}</p>\n" for line in lines) + "</body></html>")
    doc = pipeline.process(page.encode(codec), "sample.html")
    assert structure(doc) == structure(sample_doc)
    assert len(doc.repairs) == len(sample_doc.repairs)
    expected = ["navigation"] + [d.reason for d in sample_doc.dropped]
    assert [d.reason for d in doc.dropped] == expected


def test_title_in_a_div_before_page_info_is_kept():
    html = """<html><body><div class="nav"><a href="/">首页</a></div>
    <div class="title">关于做好养老服务工作的通知</div>
    <div class="info">发布日期：2023-06-01 来源：市民政局</div>
    <div id="zoom"><p>各区民政局：为做好养老服务工作，现将有关事项通知如下。</p></div>
    </body></html>"""
    result = extract_html(html)
    assert [(b.kind, b.text) for b in result.blocks] == [
        ("h", "关于做好养老服务工作的通知"),
        ("p", "各区民政局：为做好养老服务工作，现将有关事项通知如下。")]
    assert [d.reason for d in result.dropped] == ["navigation", "page-info"]


def test_html_that_cannot_be_parsed_is_read_as_lines(monkeypatch):
    import bs4

    import pipeline.extract as extract

    def fail(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(bs4, "BeautifulSoup", fail)  # extract imports it when it needs it
    result = extract.extract_html("<html><body><p>第一段文字，照常保留。</p><p>|</p></body></html>")
    assert [b.text for b in result.blocks] == ["第一段文字，照常保留。"]
    assert [(d.reason, d.text) for d in result.dropped] == [("separator", "|")]
    assert result.warnings == [
        "extract: the HTML could not be parsed; its text was read as lines"]


def test_a_central_government_style_page():
    html = """<html><head><meta charset="utf-8"><title>通知_中国政府网</title></head><body>
    <div class="header"><a href="/">中国政府网</a></div>
    <div class="BreadcrumbNav"><a href="/">首页</a> &gt; <a href="/zc">政策</a> &gt; 最新</div>
    <div class="article oneColumn pub_border">
    <h1>国务院办公厅关于进一步做好养老服务工作的通知</h1>
    <div class="pages-date">2023-06-01 17:00 <span class="font">来源： 中国政府网</span></div>
    <div class="pages_content" id="UCAP-CONTENT">
    <p style="text-indent: 2em;">各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p>
    <p style="text-indent: 2em;">为进一步做好养老服务工作，经国务院同意，现就有关事项通知如下。</p>
    <p style="text-align: right;">国务院办公厅</p>
    <p style="text-align: right;">2023年5月30日</p>
    <p style="text-indent: 2em;">（此件公开发布）</p>
    </div>
    <div class="editor">【我要纠错】 责任编辑：王某</div>
    <div class="share"><a href="#">微信</a><a href="#">微博</a></div>
    </div>
    <div class="footer">版权所有：中国政府网 | 中文域名：中国政府网.政务</div>
    </body></html>"""
    result = extract_html(html)
    assert [b.text for b in result.blocks] == [
        "国务院办公厅关于进一步做好养老服务工作的通知",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "为进一步做好养老服务工作，经国务院同意，现就有关事项通知如下。",
        "国务院办公厅", "2023年5月30日", "（此件公开发布）"]
    assert [d.reason for d in result.dropped] == [
        "header", "breadcrumb", "page-info", "page-info", "share", "footer"]
