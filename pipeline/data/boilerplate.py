"""Data for extraction: which HTML elements are page furniture, and which hint at content.

Trafilatura-style tables, kept apart from the walking logic in ``pipeline/extract.py``.
Class and id names are matched token by token (a token is one whitespace-separated class
or the id, lower-cased); a rule matches a token when its word stands in it delimited by
the start or end of the token, ``-``, ``_``, a digit or a case change already folded. Names
include the pinyin abbreviations Chinese CMSs use (``dqwz`` 当前位置, ``yqlj`` 友情链接).
"""

from __future__ import annotations

#: Elements whose content is never page text: skipped silently (not recorded as dropped).
SKIP_TAGS: frozenset[str] = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "math", "canvas", "object",
    "embed", "applet", "head", "link", "meta", "input", "select", "option", "textarea",
    "button", "map", "area", "audio", "video", "source", "track", "datalist", "dialog",
})

#: Elements that are furniture by their tag, and the reason recorded when they are dropped.
FURNITURE_TAGS: dict[str, str] = {
    "nav": "navigation", "menu": "navigation", "footer": "footer", "aside": "sidebar",
}

#: Elements that never hold page furniture themselves (class/id rules do not drop them).
PROTECTED_TAGS: frozenset[str] = frozenset({"html", "body", "main", "article"})

#: (reason, words) for class/id tokens of furniture. Order matters: first match wins.
FURNITURE_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("breadcrumb", ("breadcrumb", "breadcrumbs", "crumb", "crumbs", "bread", "location",
                    "position", "weizhi", "dqwz", "mianbao", "path", "curpos")),
    ("navigation", ("nav", "navbar", "navigation", "menu", "mainmenu", "submenu", "topnav",
                    "subnav", "daohang", "dh", "skip", "skiplink", "pagination", "pager",
                    "fenye", "pagenav", "tabs")),
    ("share", ("share", "sharing", "bdshare", "jiathis", "bshare", "fenxiang", "social",
               "sns", "weixin", "wechat", "weibo", "qrcode", "ewm", "erweima")),
    ("page-tools", ("print", "dayin", "close", "guanbi", "fontsize", "font-size", "zihao",
                    "toolbar", "tools", "favorite", "shoucang", "backtop", "gotop", "totop")),
    ("footer", ("footer", "foot", "bottom", "dibu", "copyright", "banquan", "bq", "icp",
                "beian", "contact", "lxwm")),
    ("friendly-links", ("yqlj", "friendlink", "friendlinks", "flink", "links", "link-list",
                        "sitelinks", "xglj")),
    ("related", ("related", "relate", "xgwz", "xgxx", "xgxw", "recommend", "tuijian",
                 "hot", "rank", "paihang", "more")),
    ("sidebar", ("sidebar", "side", "aside", "widget", "sidenav")),
    ("comments", ("comment", "comments", "pinglun", "reply", "disqus")),
    ("advertising", ("ad", "ads", "advert", "advertisement", "guanggao", "gg", "banner",
                     "sponsor", "popup", "float", "piaofu", "duilian")),
    ("header", ("header", "masthead", "topbar", "top-bar", "logo", "login", "search",
                "sousuo", "search-box", "searchbar", "userbar")),
)

#: Words in class/id tokens that mark the main content; lines under them lean to content.
CONTENT_CLASSES: tuple[str, ...] = (
    "content", "article", "main", "text", "zoom", "trs_editor", "trs-editor", "detail",
    "zhengwen", "zw", "body", "entry", "post", "news", "wenzhang", "neirong", "nr", "con",
    "view", "xxgk", "pages_content", "article-content", "maincontent", "page-content",
)

#: Words in class/id tokens of an element holding the article's title or a heading.
HEADING_CLASSES: tuple[str, ...] = (
    "title", "biaoti", "bt", "tit", "headline", "article-title", "news-title", "heading",
)

#: Inline ``style`` fragments that hide an element: injected spam links hide this way.
HIDDEN_STYLES: tuple[str, ...] = (
    r"display\s*:\s*none",
    r"visibility\s*:\s*hidden",
    r"(?:left|top|text-indent)\s*:\s*-\d{3,}",
    r"font-size\s*:\s*0(?:px|pt|em)?\s*(?:;|$)",
    r"(?:height|width)\s*:\s*0(?:px)?\s*;.*overflow\s*:\s*hidden",
)

#: Elements that end one line of text and start another.
BLOCK_TAGS: frozenset[str] = frozenset({
    "p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "tr", "td", "th",
    "caption", "figure", "figcaption", "address", "center", "form", "fieldset", "legend",
    "hr", "body", "html", "tbody", "thead", "tfoot", "details", "summary",
})

#: Kind of the block a line belongs to, by its innermost block element.
BLOCK_KINDS: dict[str, str] = {
    "h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h", "li": "li", "dt": "li",
    "dd": "li",
}

#: Block elements whose lines keep the kind of the block around them (a ``<div>`` in an
#: ``<li>`` is still list text); other block elements' lines are paragraphs.
KIND_INHERITING_TAGS: frozenset[str] = frozenset({"div", "span", "section", "center", "form"})

#: Elements that group lines: a short line sharing one with content is content.
CONTAINER_TAGS: frozenset[str] = frozenset({
    "div", "section", "article", "main", "td", "th", "body", "form", "center", "ul", "ol",
    "table",
})

#: Elements inside a table cell that make the table a layout table, not data.
LAYOUT_TABLE_MARKERS: frozenset[str] = frozenset({
    "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "form", "iframe", "nav",
})
