"""Markdown of hostile pages rendered by a CommonMark renderer (markdown-it-py, raw HTML
allowed): no element or attribute of the page survives, and nothing the page holds is
hidden (issue 16, item 3)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.emit.mdtext import code_span, escape, paragraph

markdown_it = pytest.importorskip("markdown_it")

#: What the per-page Markdown itself produces, once rendered.
ALLOWED = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "strong", "em", "code", "ul", "li",
           "table", "thead", "tbody", "tr", "th", "td"}


class _Collect(HTMLParser):
    """Elements, attributes, comments and text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(markdown: str) -> _Collect:
    """``markdown`` rendered by CommonMark (raw HTML on) and parsed back."""
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).render(markdown)
    collect = _Collect()
    collect.feed(html)
    collect.close()
    return collect


def raw_html(markdown: str) -> list[str]:
    """The raw HTML CommonMark finds in ``markdown`` (blocks and inline), in order."""
    found = []
    for token in markdown_it.MarkdownIt("commonmark", {"html": True}).parse(markdown):
        for tok in [token, *(token.children or [])]:
            if tok.type in ("html_block", "html_inline"):
                found.append(tok.content)
    return found


def check_inert(markdown: str) -> _Collect:
    """Assert that the rendered Markdown holds only the writer's own markup: its raw HTML
    is the anchors only, its elements and attributes are the writer's."""
    assert all(h.startswith('<a id="') or h == "</a>" for h in raw_html(markdown)), \
        raw_html(markdown)
    out = render(markdown)
    assert out.comments == []
    for tag, attrs in out.tags:
        assert tag in ALLOWED, (tag, attrs)
        for name, value in attrs:
            assert (tag, name) in {("a", "id"), ("a", "href")}, (tag, name, value)
            if name == "href":
                assert value is not None and value.startswith("#"), value
    return out


HOSTILE = [
    "（一）措施<<img>script>alert(1)<</img>/script>。",
    "<svg/onload=alert(2)>",
    "<img src=x onerror=alert(3) x>",
    "[点击](javascript:alert(4)) ![图](x.png) <http://evil.example/> `code` *强调* _x_",
    "&lt;script&gt;alert(5)&lt;/script&gt; &#60;b&#62;",
]


def _page(lines: list[str]) -> str:
    return "\n".join(["关于进一步完善生育支持措施的通知", "各市人民政府：", *lines,
                      "一、总体要求", "（一）加强组织领导，落实工作责任。",
                      "（二）完善配套政策，确保措施落地。", "广东省人民政府", "2023年5月1日"])


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_renders_as_text(hostile: str) -> None:
    doc = pipeline.process(_page([hostile, "（三）" + hostile + "。"]), "hostile.txt")
    md = doc.to_markdown()
    out = check_inert(md)
    assert "（二）完善配套政策" in "".join(out.text)
    assert "<" not in md.replace('<a id="', "").replace("</a>", "")  # not even for HTML


def test_nested_tags_do_not_become_script() -> None:
    doc = pipeline.process(_page(["（三）措施<<img>script>alert(1)<</img>/script>。"]), "x.txt")
    md = doc.to_markdown()
    check_inert(md)
    assert "<script" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md


def test_comment_opener_hides_nothing() -> None:
    doc = pipeline.process(_page(["<!-- 以下措施", "（三）提高生育补贴标准。"]), "c.txt")
    out = check_inert(doc.to_markdown())
    text = "".join(out.text)
    assert "（二）完善配套政策" in text and "提高生育补贴标准" in text


def test_escape_exact() -> None:
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert escape(r"*_[]`#~|\ ") == r"\*\_\[\]\`\#\~\|\\ "
    assert escape("关于生育支持措施的通知。") == "关于生育支持措施的通知。"
    assert paragraph("1. 第一") == r"1\. 第一"
    assert paragraph("1.第一") == "1.第一"
    assert paragraph("- 项") == r"\- 项"
    assert paragraph("===") == r"\==="
    assert paragraph("-x") == "-x"
    assert code_span("a`b") == "``a`b``"
    assert code_span("`a") == "`` `a ``"
    assert code_span("a\nb") == "`a b`"


_TEXT = st.text(alphabet=st.sampled_from(list("ab 字<>&!-=*_[]()`#~|\\/.:;\"'1")), max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_TEXT)
def test_escaped_paragraph_renders_as_its_text(text: str) -> None:
    text = " ".join(text.split())
    out = render(paragraph(text))
    assert out.tags == ([("p", [])] if text else [])
    assert "".join(out.text).strip() == text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_TEXT)
@example(" 1 ")  # CommonMark strips one space from each side of " 1 "
def test_code_span_renders_as_its_text(text: str) -> None:
    out = render("x " + code_span(text))
    assert [tag for tag, _ in out.tags] == ["p", "code"]
    shown = "".join(out.text).removeprefix("x ").removesuffix("\n")
    if text.strip():
        assert shown == text
    else:
        assert shown.strip() == ""
