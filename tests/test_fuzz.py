"""Fuzzing the whole pipeline: arbitrary bytes, arbitrary text, random HTML trees.

Whatever comes in, ``pipeline.process`` either returns a document whose JSON validates
against the schema or raises ``pipeline.InputError``; nothing else escapes.
"""

from __future__ import annotations

from html import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.emit.json import validate

FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Characters that make pages interesting: Chinese text and punctuation, pinyin, markup,
#: numbering, whitespace of every kind, controls, surrogates, private use, astral hanzi.
ALPHABET = st.one_of(
    st.sampled_from(list("关于进一步完善積極生育支持措施一二三十（）()、，。；：“”《》〔〕")),
    st.sampled_from(list("āáǎàūǖ<>&;/=\"' \t\n\r\x0b\x0c\x85\xa0\u2028\u3000\ufeff\ufffd")),
    st.sampled_from(["\x00", "\x1b", "\x9d", "\ud800", "\udfff", "\ue000", "𠀀", "©"]),
    st.characters(),
)
TAGS = ["div", "p", "span", "a", "table", "tr", "td", "ul", "li", "h1", "h2", "br", "nav",
        "footer", "script", "style", "b", "font", "section", "article"]
ATTRIBUTES = ['', ' class="content"', ' class="nav"', ' id="footer"', ' class="TRS_Editor"',
              ' style="display:none"', ' href="/x"', ' class="share bdshare"']


def check(data: bytes | str) -> None:
    try:
        doc = pipeline.process(data, "fuzz.html")
    except pipeline.InputError as err:
        assert "\n" not in str(err)
        return
    validate(doc.to_dict())
    assert doc.to_json().endswith("\n")
    doc.to_markdown()


@given(st.binary(max_size=2000))
@FUZZ
def test_arbitrary_bytes(data):
    check(data)


@given(st.text(alphabet=ALPHABET, max_size=500))
@FUZZ
def test_arbitrary_text(text):
    check(text)


@given(st.text(alphabet=ALPHABET, max_size=300),
       st.sampled_from(["utf-8", "gb18030", "big5hkscs", "utf-16", "cp1252"]))
@FUZZ
def test_arbitrary_text_in_any_encoding(text, codec):
    check(text.encode(codec, "replace"))


def _element(children: list[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda tag, attrs: f"<{tag}{attrs}>{''.join(children)}</{tag}>",
                     st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES))


TEXT_NODE = st.text(alphabet=ALPHABET, max_size=40).map(escape)
TREES = st.recursive(
    TEXT_NODE,
    lambda children: st.lists(children, max_size=5).flatmap(_element),
    max_leaves=40)


@given(TREES, st.booleans())
@FUZZ
def test_random_html_trees(tree, as_bytes):
    page = f"<html><head><title>标题</title></head><body>{tree}</body></html>"
    check(page.encode("utf-8", "surrogatepass") if as_bytes else page)


@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<table>", "<td>", "<tr>",
                                 "</table>", "<a href=x>", "</a>", "<!--", "-->", "<script>",
                                 "</script>", "<br>", "文字，", "一、总体要求", "\n", "&nbsp;",
                                 "&#0;", "&#xd800;", "<![CDATA[", "]]>", "<?xml ?>"]),
                max_size=60))
@FUZZ
def test_broken_markup(pieces):
    check(("<html><body>" + "".join(pieces)).encode("utf-8"))
