"""Convert: Traditional to Simplified (OpenCC t2s), phrase fixes, Chinese punctuation.

Every step keeps the length of the text, so positions found before conversion still hold
after it (``convert_text`` checks this and says so when OpenCC changes a length).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import opencc

#: ASCII punctuation that becomes full-width between Chinese characters.
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_CONTEXT = f"[{_CJK}“”‘’《》〈〉〔〕、，。：；（）？！]"


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def phrase_fixes() -> tuple[tuple[str, str], ...]:
    """(wrong, right) pairs from ``data/phrase_fixes.tsv``, longest first."""
    text = resources.files("pipeline.data").joinpath("phrase_fixes.tsv").read_text("utf-8")
    pairs = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            wrong, right = line.split("\t")[:2]
            if len(wrong) != len(right):
                raise ValueError(f"phrase fix changes length: {wrong} -> {right}")
            pairs.append((wrong, right))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def to_simplified(text: str) -> str:
    """OpenCC t2s plus the phrase-fix table, keeping the length of ``text``.

    In the rare case where an OpenCC phrase rule changes the length, the text is
    converted character by character instead, so positions still line up.
    """
    out = _converter().convert(text)
    if len(out) != len(text):
        out = "".join(_char_simplified(ch) for ch in text)
    for wrong, right in phrase_fixes():
        if wrong in out:
            out = out.replace(wrong, right)
    return out


@lru_cache(maxsize=8192)
def _char_simplified(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def _punct_re() -> re.Pattern[str]:
    chars = re.escape("".join(_FULL_WIDTH))
    return re.compile(rf"(?<={_CJK_CONTEXT})[{chars}]|[{chars}](?={_CJK_CONTEXT})")


_PUNCT_RE = _punct_re()
_PAREN_PAIR_RE = re.compile(r"\(([^()\n]{0,40}[" + _CJK + r"][^()\n]{0,40})\)")


def chinese_punctuation(text: str) -> str:
    """ASCII ``,:;()?!`` next to Chinese become full-width; Latin and numeric context keeps ASCII.

    Parentheses are converted as pairs when they enclose Chinese text, so ``(2023)1号`` in
    a Chinese sentence gets matching brackets.
    """
    text = _PAREN_PAIR_RE.sub(lambda m: f"（{m.group(1)}）", text)
    return _PUNCT_RE.sub(lambda m: _FULL_WIDTH[m.group(0)], text)


def convert_text(text: str) -> str:
    """Simplified Chinese text with Chinese punctuation; same length as ``text``."""
    return chinese_punctuation(to_simplified(text))
