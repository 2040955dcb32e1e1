import pytest

from pipeline.extract import extract_html, extract_text
from pipeline.furniture import furniture_reason


@pytest.mark.parametrize("line, reason", [
    ("|", "separator"),
    ("||||||", "separator"),
    ("友情鏈接", "friendly-links"),
    ("友情链接", "friendly-links"),
    ("Copyright ?2015 廣東穗康醫(yī)藥有限公司", "copyright"),
    ("粵ICP備15022662號(hào)(粵)", "icp-licence"),
    ("-技術(shù)支持:信息管理部|聯(lián)系我們", "technical-support"),
])
def test_furniture_lines(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize("line", [
    "一、總體要求",
    "(一)優化生育全程服務。實施母嬰安全行動提升計劃。",
    "支持有條件的地區提供技术支持和资金支持。",
    "加强ICP等互联网管理。",
])
def test_content_is_kept(line):
    assert furniture_reason(line) is None


def test_text_blocks_keep_offsets():
    page = "|\n標題\n\n  正文一。\n友情鏈接\n"
    result = extract_text(page)
    assert [b.text for b in result.blocks] == ["標題", "正文一。"]
    for block in result.blocks:
        assert page[block.start:block.start + len(block.text)] == block.text
    assert [(d.text, d.reason) for d in result.dropped] == [("|", "separator"),
                                                             ("友情鏈接", "friendly-links")]


def test_html_blocks_without_scripts_and_nav():
    html = """<html><head><title>标题</title><style>p{}</style></head><body>
    <nav><a href="/">首页</a></nav><script>var x = 1;</script>
    <h1>关于做好工作的通知</h1><p>第一段<a href="#">链接</a>文字。<br>第二行。</p>
    <table><tr><td>项目</td><td>数量</td></tr><tr><td>幼儿园</td><td>2500</td></tr></table>
    <!-- comment --><footer>版权所有</footer></body></html>"""
    result = extract_html(html)
    assert result.title == "标题"
    assert [(b.kind, b.text) for b in result.blocks] == [
        ("h", "关于做好工作的通知"), ("p", "第一段链接文字。"), ("p", "第二行。"),
        ("table", "项目 数量 幼儿园 2500")]
    assert result.blocks[-1].rows == [["项目", "数量"], ["幼儿园", "2500"]]


def test_a_text_page_loads_no_html_parser():
    """Cold start: processing a plain-text page never imports beautifulsoup4."""
    import subprocess
    import sys

    code = ("import sys, pipeline\n"
            "pipeline.process('第一条 本办法自公布之日起施行。'.encode(), 'a.txt')\n"
            "print('bs4' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
