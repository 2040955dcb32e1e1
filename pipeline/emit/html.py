"""HTML output: a self-contained review page with every repair highlighted in place.

The page shows the cleaned text paragraph by paragraph, the outline as navigation, each
repair as a focusable mark whose tooltip gives the original text, the replacement, the
confidence and the runner-up candidates (kept once, in a JSON island the page's script
reads); the targets, references and programmes; and, on request, the raw page text beside
each paragraph. Markup lives in ``pipeline/templates`` (Jinja2); the CSS and script there
are inlined so the file needs no network. This module only turns a ``Document`` into the
plain values the template shows.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.emit.highlight import Mark, Span, marks, nest
from pipeline.emit.inline import links, mark_markup, markup, visible
from pipeline.emit.markdown import anchor
from pipeline.model import plain

if TYPE_CHECKING:
    from pipeline.model import Document, Node, Repair

#: Characters that may follow a heading's title on its own line (``一、总体要求。``).
HEADING_TRAIL = " \t。：:．.；;"
@dataclass(slots=True)
class RepairView:
    """One repair as the page shows it; ``index`` is its position in ``Document.repairs``."""

    index: int
    repair: Repair
    placed: bool = True


@dataclass
class Row:
    """One paragraph of the cleaned text, with the page text behind it.

    ``tag`` is ``p`` or a heading ``h2``-``h6``; ``node`` the anchor of the outline node
    starting here (set as the element's id); ``clean`` and ``raw`` are highlight trees.
    """

    index: int
    tag: str
    node: str | None
    clean: list[str | Mark]
    raw: list[str | Mark] | None


@dataclass(slots=True)
class RenderedRow:
    """A ``Row`` as the template shows it: the same fields, trees written as markup."""

    index: int
    tag: str
    node: str | None
    clean: Markup
    raw: Markup | None


@dataclass
class NavItem:
    """An outline node as a link: anchor, printed label, title and its children."""

    anchor: str
    label: str
    title: str
    children: list[NavItem] = field(default_factory=list)


def _finalize(value: Any) -> Any:
    """What the template prints for a value: markup as is, anything else made visible."""
    return value if isinstance(value, Markup) else visible(str(value))


def paragraph_starts(text: str) -> list[int]:
    """The offset in ``text`` at which each of its newline-separated paragraphs starts."""
    if not text:
        return []
    starts = [0]
    found = text.find("\n")
    while found >= 0:
        starts.append(found + 1)
        found = text.find("\n", found + 1)
    return starts


def paragraph_of(starts: list[int], offset: int) -> int:
    """The index of the paragraph holding ``offset`` (a paragraph's end belongs to it)."""
    return bisect.bisect_right(starts, offset) - 1


def _lead_end(para: str, node: Node, spans: list[Span]) -> int:
    """Where the node's printed label and title end in ``para``, moved past any span
    that straddles that point; 0 when the paragraph does not start with the label."""
    if not para.startswith(node.label):
        return 0
    end = len(node.label)
    if node.title and para.startswith(node.title, end):
        end += len(node.title)
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < end < span.end:
            end = span.end
    return end


def _repair_spans(doc: Document, starts: list[int], views: list[RepairView]
                  ) -> dict[int, list[Span]]:
    """Each repair as a span of the paragraph holding its start in ``doc.text``, by
    paragraph index; a repair with no position there is marked not ``placed``."""
    spans: dict[int, list[Span]] = {}
    for view in views:
        r = view.repair
        if not (starts and 0 <= r.clean_start <= len(doc.text)):
            view.placed = False
            continue
        i = paragraph_of(starts, r.clean_start)
        end = max(r.clean_start, r.clean_end)
        spans.setdefault(i, []).append(Span(r.clean_start - starts[i], end - starts[i],
                                            "repair", view))
    return spans


def _node_starts(doc: Document, starts: list[int]) -> dict[int, list[tuple[Node, int, int]]]:
    """Each outline node as (node, depth, offset of its start in the paragraph), by the
    index of the paragraph it starts in."""
    out: dict[int, list[tuple[Node, int, int]]] = {}
    for node, depth in _walk(doc.outline):
        if starts and 0 <= node.span[0] <= len(doc.text):
            i = paragraph_of(starts, node.span[0])
            out.setdefault(i, []).append((node, depth, node.span[0] - starts[i]))
    return out


def _row(index: int, para: str, nodes: list[tuple[Node, int, int]], repairs: list[Span],
         raw: list[str | Mark] | None) -> Row:
    """One paragraph as a row. The first node starting at the paragraph's start names
    the row; the paragraph is its heading when it holds only the node's label and title,
    else that label and title are its lead. Other nodes get an anchor where they start."""
    tag, node_anchor, extra = "p", None, []
    for node, depth, offset in nodes:
        if offset == 0 and node_anchor is None:
            node_anchor = anchor(node.id)
            lead = _lead_end(para, node, repairs)
            if lead and not para[lead:].strip(HEADING_TRAIL):
                tag = f"h{min(depth + 2, 6)}"
            elif lead:
                extra.append(Span(0, lead, "lead"))
        else:
            extra.append(Span(offset, offset, "anchor", anchor(node.id)))
    return Row(index, tag, node_anchor, nest(para, extra + repairs), raw)


def _rows(doc: Document, views: list[RepairView], starts: list[int]) -> list[Row]:
    """Every paragraph of ``doc.text`` (starting at ``starts``, from ``paragraph_starts``)
    with its repairs, node anchors and page text."""
    repairs = _repair_spans(doc, starts, views)
    nodes = _node_starts(doc, starts)
    by_block: dict[int, list[RepairView]] = {}
    for view in views:
        by_block.setdefault(view.repair.block, []).append(view)
    return [_row(i, para, nodes.get(i, []), repairs.get(i, []),
                 _raw(doc, i, by_block.get(i, [])))
            for i, para in enumerate(doc.paragraphs)]


def _raw(doc: Document, index: int, views: list[RepairView]) -> list[str | Mark] | None:
    """The page text behind paragraph ``index``, with the original text of each of
    ``views`` (the repairs of that block) marked where the page has it."""
    if index >= len(doc.source_paragraphs):
        return None
    source = doc.source_paragraphs[index]
    base = source.start if source.start is not None else 0
    spans = []
    for view in views:
        lo = view.repair.start - base
        hi = lo + len(view.repair.original)
        if lo >= 0 and source.text[lo:hi] == view.repair.original:
            spans.append(Span(lo, hi, "original", view))
    return nest(source.text, spans)


def _walk(nodes: list[Node], depth: int = 0) -> list[tuple[Node, int]]:
    """Outline nodes in document order with their depth (0 for top-level nodes)."""
    out = []
    for node in nodes:
        out.append((node, depth))
        out.extend(_walk(node.children, depth + 1))
    return out


def _nav(nodes: list[Node]) -> list[NavItem]:
    """The outline as nested links."""
    return [NavItem(anchor(n.id), n.label, n.title, _nav(n.children)) for n in nodes]


def cell(value: Any) -> str:
    """A field value as table text: lists joined, mappings by their ``text`` or pairs,
    ``None`` empty, booleans as yes/no, whole floats without decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, dict):
        if "text" in value:
            return cell(value["text"])
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items() if cell(v))
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return str(value)


def _links(key: str, value: Any, starts: list[int], anchors: set[str]) -> list[dict[str, str]]:
    """A record field as pieces ``{text, href}``: outline node ids (``node_id``,
    ``node_ids``) link to their node, a ``span`` to the paragraph holding its start;
    anything else is one piece of plain text."""
    if key in ("node_id", "node_ids") and value:
        ids = [value] if isinstance(value, str) else list(value)
        return [{"text": i, "href": "#" + anchor(i) if anchor(i) in anchors else ""}
                for i in ids]
    if key == "span" and isinstance(value, (list, tuple)) and starts and value[1]:
        return [{"text": f"{value[0]}–{value[1]}",
                 "href": f"#p-{paragraph_of(starts, max(0, value[0]))}"}]
    return [{"text": cell(value), "href": ""}] if cell(value) else []


def _records(items: list[dict[str, Any]], starts: list[int], anchors: set[str]
             ) -> tuple[list[str], list[list[dict[str, Any]]]]:
    """Generic table of records (targets, references, programmes): the column names
    (keys in their order of appearance) and for each record its cells ``{key, links}``,
    ``links`` as made by ``_links`` (empty for an empty field)."""
    columns: list[str] = []
    for item in items:
        columns += [key for key in item if key not in columns]
    rows = [[{"key": key, "links": _links(key, item.get(key), starts, anchors)}
             for key in columns] for item in items]
    return columns, rows


def score(value: float) -> str:
    """A confidence or candidate score as shown: two decimals."""
    return f"{value:.2f}"


def tip_data(views: list[RepairView], displaced: set[int]) -> Markup:
    """The details each repair's tooltip shows, as a JSON array indexed like
    ``Document.repairs`` (texts made visible, scores formatted), safe inside a script
    element: ``<`` is escaped, so no ``</script>`` or ``<!--`` can occur."""
    items = []
    for view in views:
        r = view.repair
        items.append({
            "kind": visible(r.kind), "original": visible(r.original),
            "replacement": visible(r.replacement), "confidence": score(r.confidence),
            "low_confidence": r.low_confidence,
            "candidates": [{"text": visible(c.text), "score": score(c.score)}
                           for c in r.candidates],
            "note": visible(r.note), "displaced": view.index in displaced})
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The Jinja2 environment over ``pipeline/templates`` (autoescaping, strict)."""
    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, finalize=_finalize)
    env.filters["links"] = links
    return env


@cache
def _asset(name: str) -> Markup:
    """A CSS or script file of ``pipeline/templates``, to inline verbatim."""
    text = resources.files("pipeline.templates").joinpath(name).read_text("utf-8")
    if f"</{'style' if name.endswith('.css') else 'script'}" in text.lower():
        raise ValueError(f"{name} must not contain its own closing tag")
    return Markup(text)


def document_html(doc: Document) -> str:
    """The review page of ``doc``: one self-contained, deterministic HTML text."""
    views = [RepairView(i, r) for i, r in enumerate(doc.repairs)]
    starts = paragraph_starts(doc.text)
    rows = _rows(doc, views, starts)
    anchors = {anchor(n.id) for n in doc.iter_nodes()}
    kinds = sorted(Counter(r.kind for r in doc.repairs).items())
    displaced = {m.span.ref.index for row in rows for m in marks(row.clean)
                 if m.displaced and m.span.role == "repair"}
    # The template gets markup, not the trees: Jinja2's render context is a reference
    # cycle, and trees held by it would wait for the cycle collector (a quarter of the
    # page's emit time) instead of going as soon as they are written.
    rendered = [RenderedRow(row.index, row.tag, row.node, markup(row.clean),
                            None if row.raw is None else markup(row.raw)) for row in rows]
    metadata = [(k, cell(v)) for k, v in plain(doc.metadata).items() if cell(v) and k != "lede"]
    return _environment().get_template("review.html.j2").render(
        doc=doc, rows=rendered, nav=_nav(doc.outline), kinds=kinds,
        low=sum(r.low_confidence for r in doc.repairs),
        unplaced=[(mark_markup(v.index, v.repair), v.repair.original)
                  for v in views if not v.placed], metadata=metadata,
        targets=_records([plain(t) for t in doc.targets], starts, anchors),
        references=_records([plain(r) for r in doc.references], starts, anchors),
        programmes=_records([plain(p) for p in doc.programmes], starts, anchors),
        tips=tip_data(views, displaced), css=_asset("review.css"), js=_asset("review.js"))
