"""Inline markup of the review page: highlight trees (``emit.highlight``) as HTML text.

A paragraph of the review page can hold thousands of repair marks. Rendering each one
through a template macro cost more than the rest of the pipeline together, so the marks
are written here, in Python, while the page's structure stays in the Jinja2 template.
Every text is made visible (``visible``) and escaped exactly as the template escapes its
values, so the two kinds of markup read the same.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from pipeline.emit.highlight import Mark

if TYPE_CHECKING:
    from pipeline.model import Repair

#: Code points HTML does not allow in text or would silently turn into a space or newline
#: (controls other than tab and newline, noncharacters, lone surrogates): shown as
#: ``⟨U+0085⟩`` instead, so what a page had stays visible.
NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
              for plane in range(17))
    + "]")
#: A superset of ``NOT_IN_HTML`` that the regex engine checks ten times faster (its
#: astral part is one range instead of 34 code points): a text it does not match is left
#: as it is without the exact search.
_MAYBE_NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff\ufffe\uffff\U0001fffe-\U0010ffff]")


def visible(text: str) -> str:
    """``text`` with every code point HTML cannot carry written as ``⟨U+XXXX⟩``."""
    if _MAYBE_NOT_IN_HTML.search(text) is None:  # the usual case
        return text
    return NOT_IN_HTML.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


#: The characters markup escaping changes; most runs of Chinese text have none.
_SPECIAL = re.compile("[&<>\"']")


def _escape(value: str) -> str:
    """``value`` escaped as the template escapes text (``&#34;``, ``&#39;`` for quotes)."""
    return str(escape(value)) if _SPECIAL.search(value) else value


def repair_mark(index: int, repair: Repair, inner: str = "") -> str:
    """The ``<mark>`` of repair number ``index`` around the markup ``inner``; an empty
    ``inner`` gives a zero-width mark (class ``zw``) standing where the repair was.
    Texts are escaped but not yet made visible (``markup`` does that once)."""
    classes = "r" + (" low" if repair.low_confidence else "") + ("" if inner else " zw")
    kind = _escape(repair.kind)
    label = _escape(repair.replacement if repair.replacement else "removed")
    return (f'<mark class="{classes}" id="r-{index}" tabindex="0" data-kind="{kind}" '
            f'aria-label="{kind}: {label}">{inner}</mark>')


def _pieces(pieces: list[str | Mark], out: list[str]) -> None:
    """Append the markup of a highlight tree to ``out``: plain runs escaped, each mark
    by its role (``repair``, ``lead``, ``anchor``, ``original``)."""
    for piece in pieces:
        if isinstance(piece, str):
            out.append(_escape(piece))
            continue
        span = piece.span
        if span.role == "anchor":
            out.append(f'<span class="anchor" id="{_escape(str(span.ref))}"></span>')
            continue
        inner: list[str] = []
        _pieces(piece.children, inner)
        if span.role == "repair":
            out.append(repair_mark(span.ref.index, span.ref.repair, "".join(inner)))
        elif span.role == "lead":
            out.append(f'<strong class="lead">{"".join(inner)}</strong>')
        elif span.role == "original":
            out.append(f'<span class="o" data-r="{span.ref.index}">{"".join(inner)}</span>')
        else:
            out.extend(inner)


def markup(pieces: list[str | Mark]) -> Markup:
    """A highlight tree as template-safe markup. Made visible once, over the whole:
    escaping and ``visible`` commute (neither makes what the other changes)."""
    out: list[str] = []
    _pieces(pieces, out)
    return Markup(visible("".join(out)))


def mark_markup(index: int, repair: Repair) -> Markup:
    """A repair's zero-width mark alone (for repairs with no place in the text)."""
    return Markup(visible(repair_mark(index, repair)))


def links(items: list[dict[str, str]]) -> Markup:
    """Pieces ``{text, href}`` of a record cell as markup, comma-separated: a link where
    there is an ``href``, plain text otherwise."""
    out = [f'<a href="{_escape(item["href"])}">{_escape(item["text"])}</a>' if item["href"]
           else _escape(item["text"]) for item in items]
    return Markup(visible(", ".join(out)))
