"""The pathological families of issue 16: small pages that once took super-linear time.

Each family is a function of a size in characters returning a page (str) of about that
size. ``bench/growth.py`` times them; ``tests/test_growth.py`` counts the work they cost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

_SAMPLE = Path(__file__).resolve().parent.parent / "raw" / "guangdong-fertility-support-2023.txt"


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _flat(size: int) -> str:
    """The sample page's text without line breaks, repeated to ``size`` characters."""
    text = _SAMPLE.read_text("utf-8").replace("\n", "")
    return (text * (size // len(text) + 1))[:size]


#: name -> page of about ``size`` characters.
FAMILIES: dict[str, Callable[[int], str]] = {
    "parentheses": lambda n: _repeat("(", n, "关于", "意见"),
    "question-marks": lambda n: _repeat("?", n, "关于", "意见"),
    "han-question": lambda n: _repeat("关?", n),
    "repeated-label": lambda n: _repeat("（一）\n", n),
    "html-paragraphs": lambda n: _repeat("<p>字</p>", n, "<html><body>", "</body></html>"),
    "one-line-page": _flat,
}
