"""Page text made inert for CommonMark: what every Markdown writer puts around text.

Contract: text passed through ``escape`` renders, in any CommonMark renderer (with raw
HTML allowed), as exactly that text inside the surrounding construct: no raw HTML
(``<`` and ``&`` become entities, so no tag, comment, autolink or character reference
can start), no emphasis, link, image, code or table syntax (``\\ ` * _ [ ] # ~ |`` are
backslash-escaped). ``paragraph`` also escapes what would start a block at the beginning
of a line (a list item, a setext underline); ``code_span`` wraps text as a code span that
no backtick inside it can close. None of them changes text that holds none of these
characters, so pages without them keep the same bytes.
"""

from __future__ import annotations

import re

#: Characters that would be read as Markdown syntax inside text.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#~|])")
#: HTML specials, as entities: no tag, comment or reference can start in the text.
HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_SPECIAL_RE = re.compile("[&<>]")
#: An ordered-list number at the start of a line.
_ORDERED_RE = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")


def escape(text: str) -> str:
    """``text`` safe inside Markdown: HTML specials as entities, syntax characters escaped."""
    text = _HTML_SPECIAL_RE.sub(lambda m: HTML_SPECIAL[m.group(0)], text)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def paragraph(text: str) -> str:
    """``escape(text)``, plus a backslash before a list marker or setext underline that
    starts it, so a line of text is always a line of a paragraph."""
    text = escape(text)
    match = _ORDERED_RE.match(text)
    if match:
        return f"{match.group(1)}\\{text[match.end(1):]}"
    if text[:1] in ("-", "+", "=") and (len(text) == 1 or text[1] in " \t"
                                        or set(text) <= {"-", "="}):
        return "\\" + text
    return text


def code_span(text: str) -> str:
    """``text`` as an inline code span: fenced by more backticks than any run inside it,
    padded when it starts or ends with a backtick or both starts and ends with a space
    (CommonMark strips one space from each side); line breaks become spaces."""
    text = text.replace("\r", " ").replace("\n", " ")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if (text.startswith("`") or text.endswith("`") or not text.strip()
                  or (text.startswith(" ") and text.endswith(" "))) else ""
    return f"{fence}{pad}{text}{pad}{fence}"
