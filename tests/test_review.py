"""The HTML review page: valid, self-contained, every repair highlighted, deterministic.

The page is parsed with html5lib in strict mode (any parse error fails) into an lxml tree
and checked against the document it was made from. The browser checks are in
``test_review_browser.py``.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.build import WRITERS, build
from pipeline.emit.highlight import Mark, Span, marks, nest, plain
from pipeline.emit.html import (
    RepairView,
    cell,
    document_html,
    paragraph_of,
    paragraph_starts,
)
from pipeline.emit.inline import NOT_IN_HTML, links, markup, visible
from pipeline.model import (
    Candidate,
    DocNumber,
    Document,
    Node,
    Reference,
    Repair,
    Source,
    SourceParagraph,
    Target,
)

CASES = Path(__file__).parent / "cases" / "review"


def _node(data: dict) -> Node:
    return Node(**{**data, "span": tuple(data["span"]),
                   "children": [_node(c) for c in data["children"]]})


def load_case(name: str = "synthetic") -> Document:
    """A document written out field by field in ``tests/cases/review/<name>.json``."""
    data = json.loads((CASES / f"{name}.json").read_text("utf-8"))
    refs = []
    for ref in data["references"]:
        number = ref.get("doc_number")
        refs.append(Reference(**{**ref, "span": tuple(ref["span"]),
                                 "doc_number": DocNumber(**number) if number else None}))
    return Document(
        source=Source(**data["source"]), title=data["title"], text=data["text"],
        outline=[_node(n) for n in data["outline"]],
        repairs=[Repair(**{**r, "candidates": [Candidate(**c) for c in r["candidates"]]})
                 for r in data["repairs"]],
        source_paragraphs=[SourceParagraph(**p) for p in data["source_paragraphs"]],
        targets=[Target(**{**t, "span": tuple(t["span"])}) for t in data["targets"]],
        references=refs)


def parse_strict(html: str):
    """The page as an lxml tree; html5lib's strict parser raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False,
                                 tree=html5lib.getTreeBuilder("lxml"))
    return parser.parse(html)


def shown(element) -> str:
    """The text of an element and its descendants."""
    return "".join(element.itertext())


def tip_data(tree) -> list[dict]:
    """The repair details the page's script shows in its tooltip."""
    return json.loads(tree.xpath("string(//script[@id='repair-data'])"))


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


@pytest.fixture(scope="module")
def sample_html(sample_doc: Document) -> str:
    return document_html(sample_doc)


@pytest.fixture(scope="module", params=["sample", "synthetic"])
def page(request, sample_doc: Document, sample_html: str):
    """(document, html, tree) for the sample page and the synthetic case."""
    if request.param == "sample":
        return sample_doc, sample_html, parse_strict(sample_html)
    doc = load_case()
    html = document_html(doc)
    return doc, html, parse_strict(html)


def test_case_offsets_are_consistent() -> None:
    doc = load_case()
    for r in doc.repairs:
        if r.clean_start >= 0:
            assert doc.text[r.clean_start:r.clean_end] == r.replacement
        if r.clean_start >= 0:
            raw = doc.source_paragraphs[r.block]
            assert raw.text[r.start - raw.start:r.end - raw.start] == r.original


def test_ids_unique_and_references_resolve(page) -> None:
    _, _, tree = page
    ids = [e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for e in tree.iter():
        if not isinstance(e.tag, str):
            continue
        if e.get("aria-describedby"):
            assert e.get("aria-describedby") in known
        href = e.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in known, href


def test_self_contained(page) -> None:
    _, html, tree = page
    assert tree.xpath("//link|//img|//iframe|//script[@src]|//*[@src]") == []
    assert not re.search(r"https?://|@import|url\(", html)
    policy = tree.xpath("string(//meta[@http-equiv='Content-Security-Policy']/@content)")
    assert policy.startswith("default-src 'none';")


def test_every_repair_highlighted_once(page) -> None:
    doc, _, tree = page
    found = tree.xpath("//mark[contains(concat(' ', @class, ' '), ' r ')]")
    found.sort(key=lambda m: int(m.get("id")[2:]))
    assert [m.get("id") for m in found] == [f"r-{i}" for i in range(len(doc.repairs))]
    for mark, r in zip(found, doc.repairs, strict=True):
        assert mark.get("data-kind") == r.kind
        assert mark.get("tabindex") == "0"
        assert mark.get("aria-label") == f"{r.kind}: {r.replacement or 'removed'}"
        assert ("low" in classes(mark)) == r.low_confidence
        text = shown(mark)
        assert text in ("", r.replacement)
        assert ("zw" in classes(mark)) == (text == "")


def test_tooltip_data_is_each_repair(page) -> None:
    doc, _, tree = page
    data = tip_data(tree)
    assert len(data) == len(doc.repairs)
    for item, r in zip(data, doc.repairs, strict=True):
        assert item == {
            "kind": r.kind, "original": r.original, "replacement": r.replacement,
            "confidence": f"{r.confidence:.2f}", "low_confidence": r.low_confidence,
            "candidates": [{"text": c.text, "score": f"{c.score:.2f}"} for c in r.candidates],
            "note": r.note, "displaced": item["displaced"]}
    assert [i for i, item in enumerate(data) if item["displaced"]] == (
        [2] if doc.title == "示例政策文件" else [])


def test_clean_column_reads_back_as_the_text(page) -> None:
    doc, _, tree = page
    rows = tree.xpath("//section[@id='text']/div[starts-with(@id, 'p-')]")
    assert [r.get("id") for r in rows] == [f"p-{i}" for i in range(len(doc.paragraphs))]
    for row, para, source in zip(rows, doc.paragraphs, doc.source_paragraphs, strict=True):
        clean, raw = row[0], row[1]
        assert "clean" in classes(clean) and "raw" in classes(raw)
        assert shown(clean) == para
        assert "".join(raw.itertext()) == source.text


def test_raw_column_marks_originals(page) -> None:
    doc, _, tree = page
    spans = tree.xpath("//p[@class='raw']//span[@data-r]")
    assert sorted(int(e.get("data-r")) for e in spans) == [
        i for i, r in enumerate(doc.repairs) if r.clean_start >= 0]
    for e in spans:
        assert e.xpath("string()") in ("", doc.repairs[int(e.get("data-r"))].original)
    if doc.title != "示例政策文件":  # no crossing repairs on the sample page
        assert [e.xpath("string()") for e in spans] == [r.original for r in doc.repairs]


def test_headings_outline_and_counts(page) -> None:
    doc, _, tree = page
    assert tree.xpath("string(//h1)") == doc.title
    assert tree.xpath("string(//title)") == f"Review: {doc.title}"
    links = tree.xpath("//nav//ol//a")
    nodes = doc.iter_nodes()
    assert [a.get("href") for a in links] == ["#" + n.id.replace("/", "-") for n in nodes]
    assert [a.text for a in links] == [n.label + n.title for n in nodes]
    headings = tree.xpath("//section[@id='text']//*[self::h2 or self::h3 or self::h4]")
    expected = [n for n in nodes if doc.text[n.span[0]:].split("\n")[0] == n.label + n.title]
    assert [h.get("id") for h in headings] == [n.id.replace("/", "-") for n in expected]
    assert tree.xpath("string(//*[@id='repair-count'])") == str(len(doc.repairs))
    low = sum(r.low_confidence for r in doc.repairs)
    assert tree.xpath("string(//*[@id='low-count'])") == str(low)
    disabled = [b.get("disabled") is not None for b in tree.xpath("//button")]
    assert disabled == [low == 0, low == 0]


def test_sample_headings(sample_html: str) -> None:
    tree = parse_strict(sample_html)
    assert [shown(h) for h in tree.xpath("//section[@id='text']//h2")] == [
        "一、总体要求", "二、重点任务"]
    leads = tree.xpath("//strong[@class='lead']")
    assert shown(leads[0]) == "（一）优化生育全程服务"
    assert len(leads) == 18  # all eighteen measures, garbled labels restored


def test_kind_filter_lists_kinds_with_counts(page) -> None:
    doc, _, tree = page
    boxes = tree.xpath("//input[@class='kind-filter']")
    kinds = sorted({r.kind for r in doc.repairs})
    assert [b.get("value") for b in boxes] == kinds
    labels = [" ".join(b.getparent().itertext()).strip() for b in boxes]
    assert labels == [f"{k} ({sum(r.kind == k for r in doc.repairs)})" for k in kinds]


def test_synthetic_case_details() -> None:
    doc = load_case()
    tree = parse_strict(document_html(doc))
    # the repair crossing an earlier one is kept, displaced to its start
    crossing = tree.xpath("//*[@id='r-2']")[0]
    assert "zw" in classes(crossing)
    assert crossing.getparent().get("id") == "r-3"
    raw = {e.get("data-r"): e.xpath("string()") for e in tree.xpath("//span[@data-r]")}
    assert raw == {"0": "(shì)", "1": "(zǒng)", "2": "", "3": "加強鏈", "4": "?",
                   "5": "(shěng)", "6": "&amp;"}
    # the repair with no position in the text is listed apart
    assert [m.get("id") for m in tree.xpath("//section[@id='unplaced']//mark")] == ["r-7"]
    # markup inside repaired text is escaped, never live
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert scripts[1].text.lstrip().startswith("// Review page")
    assert "<" not in scripts[0].text and tip_data(tree)[7]["replacement"] == "<script>"
    assert shown(tree.xpath("//*[@id='p-3']/p[1]")[0]).endswith("执行<b>&")
    # a node starting mid-paragraph gets an anchor at its place
    anchor = tree.xpath("//span[@class='anchor']")[0]
    assert anchor.get("id") == "s1-m1-i1"
    assert anchor.tail.startswith("1.试点先行")
    # targets as a table, linked to their node and paragraph
    headers = [th.text for th in tree.xpath("//table[@id='targets-table']//th")]
    assert headers[:5] == ["text", "value", "unit", "object", "comparator"]
    cells = tree.xpath("//table[@id='targets-table']//tbody/tr[1]/td")
    row = dict(zip(headers, cells, strict=True))
    assert row["value"].text == "100"
    assert row["node_id"][0].get("href") == "#s1-m1"
    assert row["span"][0].get("href") == "#p-2"
    ref = tree.xpath("//ol[@class='refs']/li")[0]
    assert ref.xpath("string(cite)") == "广东省人口与计划生育条例"
    assert "粤府〔2021〕3号" in ref.xpath("string()")
    assert "广东省人大常委会" in ref.xpath("string()")


def test_output_is_deterministic(sample_doc: Document, sample_html: str) -> None:
    assert document_html(sample_doc) == sample_html
    assert document_html(load_case()) == document_html(load_case())


def test_build_writes_the_page(tmp_path: Path, sample_bytes: bytes) -> None:
    assert ".html" in WRITERS
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_bytes(sample_bytes)
    assert [s for _, s, _ in build(raw, tmp_path / "out")] == ["built"]
    html = (tmp_path / "out" / "page.html").read_text("utf-8")
    data = json.loads((tmp_path / "out" / "page.json").read_text("utf-8"))
    assert html.count('<mark class="r') == len(data["repairs"])


@pytest.mark.parametrize(("value", "shown"), [
    (None, ""), (True, "yes"), (False, "no"), (100.0, "100"), (0.25, "0.25"), (3, "3"),
    ([1, 2], "1, 2"), ({"text": "粤府〔2021〕3号", "year": 2021}, "粤府〔2021〕3号"),
    ({"a": 1, "b": None}, "a: 1"), ("文本", "文本"),
])
def test_cell(value, shown) -> None:
    assert cell(value) == shown


def test_paragraph_of() -> None:
    starts = paragraph_starts("ab\n\ncd")
    assert starts == [0, 3, 4]
    assert [paragraph_of(starts, i) for i in range(7)] == [0, 0, 0, 1, 2, 2, 2]
    assert paragraph_starts("") == []


# -- nest: spans to a tree of marks --------------------------------------------------------

def test_nest_examples() -> None:
    tree = nest("abcdef", [Span(1, 3, "x"), Span(2, 5, "y"), Span(4, 4, "z"), Span(0, 6, "w")])
    outer = tree[0]
    assert isinstance(outer, Mark) and outer.span.role == "w"
    assert [p if isinstance(p, str) else p.span.role for p in outer.children] == [
        "a", "x", "d", "z", "ef"]
    x = outer.children[1]
    assert [p if isinstance(p, str) else (p.span.role, p.displaced) for p in x.children] == [
        "b", ("y", True), "c"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="甲乙丙丁ab\n", max_size=30),
       st.lists(st.tuples(st.integers(-3, 35), st.integers(-3, 35)), max_size=12))
def test_nest_keeps_text_and_every_span(text: str, pairs: list[tuple[int, int]]) -> None:
    spans = [Span(lo, hi, "s", i) for i, (lo, hi) in enumerate(pairs)]
    tree = nest(text, spans)
    assert plain(tree) == text
    found = marks(tree)
    assert sorted(m.span.ref for m in found) == list(range(len(spans)))
    for m in found:
        lo = max(0, min(m.span.start, len(text)))
        hi = max(lo, min(m.span.end, len(text)))
        assert plain(m.children) == ("" if m.displaced else text[lo:hi])


@st.composite
def documents(draw) -> Document:
    """Small documents with arbitrary text (markup characters included) and repairs
    anywhere: overlapping, empty, crossing paragraphs, or outside the text."""
    paragraphs = draw(st.lists(st.text(alphabet="甲乙丙<>&\"' a\x85\r\x00\x0c\ufffe", max_size=12),
                               min_size=1, max_size=4))
    text = "\n".join(paragraphs)
    repairs = []
    for _ in range(draw(st.integers(0, 8))):
        lo = draw(st.integers(-2, len(text) + 2))
        hi = draw(st.integers(lo, len(text) + 2))
        repairs.append(Repair(
            kind=draw(st.sampled_from(["annotation", "gbk-shift", "a b<"])),
            original=draw(st.text(alphabet="鏈<&?(ā)", max_size=5)),
            replacement=text[lo:hi] if lo >= 0 else "", start=0, end=0,
            block=draw(st.integers(0, 4)), clean_start=lo, clean_end=hi,
            confidence=draw(st.floats(0, 1)), low_confidence=draw(st.booleans()),
            candidates=[Candidate(c, 0.5) for c in draw(st.lists(st.text(max_size=3),
                                                                   max_size=2))]))
    sources = [SourceParagraph(p.upper(), None) for p in paragraphs]
    return Document(source=Source(None, "0" * 64, "utf-8", "str"), title="题<b>", text=text,
                    repairs=repairs, source_paragraphs=sources)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_any_document_gives_a_valid_complete_page(doc: Document) -> None:
    tree = parse_strict(document_html(doc))
    ids = [e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids))
    found = tree.xpath("//mark[contains(concat(' ', @class, ' '), ' r ')]")
    assert sorted(int(m.get("id")[2:]) for m in found) == list(range(len(doc.repairs)))
    rows = tree.xpath("//section[@id='text']/div[starts-with(@id, 'p-')]")
    assert [shown(r[0]) for r in rows] == [visible(p) for p in doc.paragraphs]
    assert tree.xpath("string(//h1)") == visible(doc.title)
    low = sum(r.low_confidence for r in doc.repairs)
    assert tree.xpath("string(//*[@id='low-count'])") == str(low)
    data = tip_data(tree)
    assert [d["original"] for d in data] == [visible(r.original) for r in doc.repairs]
    assert [[c["text"] for c in d["candidates"]] for d in data] == [
        [visible(c.text) for c in r.candidates] for r in doc.repairs]


def test_visible() -> None:
    assert visible("a\x00b\x85c\rd\ufffe\U0010ffff\te\n\x0c") == (
        "a⟨U+0000⟩b⟨U+0085⟩c⟨U+000D⟩d⟨U+FFFE⟩⟨U+10FFFF⟩\te\n⟨U+000C⟩")
    assert visible("正常文本 <&>") == "正常文本 <&>"


def test_targets_references_programmes_listed(page) -> None:
    doc, _, tree = page
    targets = tree.xpath("//table[@id='targets-table']/tbody/tr")
    assert [shown(tr[0]) for tr in targets] == [t.text for t in doc.targets]
    refs = tree.xpath("//ol[@class='refs']/li")
    assert [r.xpath("string(cite)") for r in refs] == [r.title for r in doc.references]
    programmes = tree.xpath("//table[@id='programmes-table']/tbody/tr")
    assert [shown(tr[0]) for tr in programmes] == [p.name for p in doc.programmes]
    for tr, programme in zip(programmes, doc.programmes, strict=True):
        assert [a.get("href") for a in tr[1].iter("a")] == [
            "#" + i.replace("/", "-") for i in programme.node_ids]
    for section, items in (("targets", doc.targets), ("references", doc.references),
                           ("programmes", doc.programmes)):
        none = tree.xpath(f"//section[@id='{section}']/p[@class='none']")
        assert len(none) == (0 if items else 1)


@pytest.mark.parametrize(("ci", "outcome"), [("", "1 skipped"), ("true", "1 error")])
def test_browser_test_without_chromium(tmp_path: Path, ci: str, outcome: str) -> None:
    """Without Chromium the browser tests skip, saying why; under CI they fail."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PIPELINE_CHROMIUM"] = str(tmp_path / "no-chromium")
    if ci:
        env["CI"] = ci
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "tests/test_review_browser.py::test_phone_width[synthetic]"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert outcome in run.stdout
    assert f"{tmp_path / 'no-chromium'} is missing (apt-get install chromium)" in run.stdout
    assert run.returncode == (1 if ci else 0)


def test_html_page_marks_originals_in_its_blocks(sample_bytes: bytes) -> None:
    """On an HTML page blocks have no offset in the page; repairs are still found in the
    page text beside each paragraph."""
    lines = [line for line in sample_bytes.decode("utf-8").splitlines() if line.strip()]
    page = ('<html><head><meta charset="utf-8"><title>t</title></head><body>'
            + "".join(f"<p>{htmllib.escape(line)}</p>" for line in lines) + "</body></html>")
    doc = pipeline.process(page.encode("utf-8"), "page.html")
    assert doc.source.format == "html" and doc.repairs
    assert all(p.start is None for p in doc.source_paragraphs)
    tree = parse_strict(document_html(doc))
    originals = {int(e.get("data-r")): shown(e) for e in tree.xpath("//span[@data-r]")}
    assert originals == {i: r.original for i, r in enumerate(doc.repairs)}


# -- inline markup ------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x85", "\ud800", "\ufdd0", "\ufffe", "\U0001fffe", "\U0010ffff", "\U00020000",
     "&", "<"])))
def test_visible_fast_path_changes_exactly_what_the_exact_pattern_matches(text: str) -> None:
    exact = NOT_IN_HTML.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)
    assert visible(text) == exact


def test_inline_markup_escapes_like_the_template_and_keeps_every_role() -> None:
    repair = Repair(kind="a\"b", original="x", replacement="<&>", start=0, end=1, block=0,
                    clean_start=1, clean_end=4, confidence=0.4, low_confidence=True)
    tree = nest("'<&>\x85", [Span(1, 4, "repair", RepairView(7, repair)),
                             Span(0, 0, "anchor", "n-1"), Span(0, 5, "lead")])
    assert markup(tree) == (
        '<span class="anchor" id="n-1"></span><strong class="lead">&#39;'
        '<mark class="r low" id="r-7" tabindex="0" data-kind="a&#34;b" '
        'aria-label="a&#34;b: &lt;&amp;&gt;">&lt;&amp;&gt;</mark>⟨U+0085⟩</strong>')
    assert links([{"text": "a<b", "href": "#x\"y"}, {"text": "c", "href": ""}]) == (
        '<a href="#x&#34;y">a&lt;b</a>, c')
