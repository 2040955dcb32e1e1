"""Convert: Traditional to Simplified (OpenCC t2s), phrase fixes, Chinese punctuation.

Every step keeps the length of the text, so positions found before conversion still hold
after it (when an OpenCC phrase rule would change a length, the text is converted
character by character instead). Converting twice gives the same text as converting once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import opencc

#: ASCII punctuation that becomes full-width next to Chinese (parentheses go by pairs).
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_CONTEXT = f"[{_CJK}“”‘’《》〈〉〔〕【】、，。：；（）？！]"
#: Full-width punctuation that becomes ASCII between two digits (``12：30``, ``1．5``).
_NUMERIC_ASCII = {"：": ":", "．": ".", "－": "-"}


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _phrase_table() -> tuple[dict[str, str], tuple[str, ...]]:
    """(fixes wrong -> right, protected phrases) from ``data/phrase_fixes.tsv``.

    A row whose two sides are equal protects its phrase. Raises ``ValueError`` on a row
    that would change the length of the text.
    """
    text = resources.files("pipeline.data").joinpath("phrase_fixes.tsv").read_text("utf-8")
    fixes: dict[str, str] = {}
    keep: list[str] = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            wrong, right = line.split("\t")[:2]
            if len(wrong) != len(right):
                raise ValueError(f"phrase fix changes length: {wrong} -> {right}")
            if wrong == right:
                keep.append(wrong)
            else:
                fixes[wrong] = right
    return fixes, tuple(keep)


def phrase_fixes() -> tuple[tuple[str, str], ...]:
    """(wrong, right) pairs from ``data/phrase_fixes.tsv``, longest first."""
    fixes, _ = _phrase_table()
    return tuple(sorted(fixes.items(), key=lambda p: (-len(p[0]), p[0])))


def _alternation(words) -> re.Pattern[str]:
    """A pattern finding every (possibly overlapping) occurrence of ``words``, longest first."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return re.compile("(?=(" + "|".join(map(re.escape, ordered)) + "))")


@lru_cache(maxsize=1)
def _phrase_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(every fix, every protected phrase, any fix): the last, without a lookahead,
    is scanned for by its first characters, so text without a fix is passed quickly."""
    fixes, keep = _phrase_table()
    return _alternation(fixes), _alternation(keep), re.compile("|".join(map(re.escape, fixes)))


def fix_phrases(text: str) -> str:
    """Apply the phrase fixes to t2s output, except across a protected phrase."""
    fixes, _ = _phrase_table()
    fix_re, keep_re, any_fix_re = _phrase_patterns()
    if not any_fix_re.search(text):
        return text
    guarded = set()
    for m in keep_re.finditer(text):
        guarded.update(range(m.start(), m.start() + len(m.group(1))))
    chars = list(text)
    taken = -1
    for m in fix_re.finditer(text):
        start, word = m.start(), m.group(1)
        span = range(start, start + len(word))
        if start <= taken or guarded.intersection(span):
            continue
        chars[start:start + len(word)] = fixes[word]
        taken = start + len(word) - 1
    return "".join(chars)


#: OpenCC t2s passes at most: some of its mappings chain (薴 -> 苧 -> 苎).
T2S_PASSES = 3


def to_simplified(text: str) -> str:
    """OpenCC t2s plus the phrase-fix table, keeping the length of ``text``; t2s is
    applied again until nothing changes (``T2S_PASSES`` at most), so converting the
    result again changes nothing."""
    out = text
    for _ in range(T2S_PASSES):
        once = _converter().convert(out)
        if len(once) != len(out):
            once = "".join(_char_simplified(ch) for ch in out)
        if once == out:
            break
        out = once
    return fix_phrases(out)


@lru_cache(maxsize=8192)
def _char_simplified(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


#: An ASCII pair of parentheses with Chinese inside: ``(含技工院校)``, ``(一)``.
_PAREN_PAIR_RE = re.compile(r"\(([^()\n]{0,40}[" + _CJK + r"][^()\n]{0,40})\)")
_CJK_CHAR_RE = re.compile(_CJK_CONTEXT)
_PAREN_OR_BREAK_RE = re.compile(r"[()\n]")
_NUMERIC_CHARS = "[" + "".join(_NUMERIC_ASCII) + "]"
_NUMERIC_RE = re.compile(rf"{_NUMERIC_CHARS}(?<=[0-9]{_NUMERIC_CHARS})(?=[0-9])")
#: Full-width ASCII letters and digits (``ＧＤＰ``, ``２０２３``).
_WIDE_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def chinese_punctuation(text: str) -> str:
    """Full-width punctuation in Chinese context, ASCII in Latin and numeric context.

    ASCII ``,:;?!`` next to Chinese become full-width. Parentheses go by pairs: a pair
    with Chinese inside becomes ``（）``, a pair without stays ASCII (``(a)``, ``(GDP)``,
    ``(2023)``); a lone one touching Chinese becomes full-width. Full-width letters and
    digits become ASCII, and so do ``：．－`` between two digits (``12：30`` -> ``12:30``).
    Punctuation made full-width is Chinese context for its neighbours: the result is the
    fixed point of these rules (converting it again changes nothing).

    Linear in the text, by construction: pairs are converted in passes, each of which
    can only add a pair around one converted in the pass before, so there are at most
    ``_MAX_PAIR_PASSES`` (a pair spans at most 80 characters); the other characters are
    then converted in one pass (``_spread``), a run of them at once.
    """
    text = _WIDE_ALNUM_RE.sub(lambda m: chr(ord(m.group(0)) - 0xFEE0), text)
    text = _NUMERIC_RE.sub(lambda m: _NUMERIC_ASCII[m.group(0)], text)
    for _ in range(_MAX_PAIR_PASSES):
        new = _PAREN_PAIR_RE.sub(lambda m: f"（{m.group(1)}）", text)
        if new == text:
            break
        text = new
    return _spread(text)


#: A pair holds at most 81 characters and each pass adds at least two around the last.
_MAX_PAIR_PASSES = 42
_CONVERTIBLE_RE = re.compile("[" + re.escape("".join(_FULL_WIDTH)) + "]")
_FULL_WIDTH_PARENS = {"(": "（", ")": "）"}


def _spread(text: str) -> str:
    """Make full-width every lone ASCII parenthesis and every ``,:;?!`` that touches
    Chinese context, counting what this makes full-width as context.

    Such characters side by side form a run that is converted whole as soon as one end
    touches context, and not at all otherwise, so one pass over the runs gives the fixed
    point.
    """
    positions = sorted([*_lone_parentheses(text), *(m.start() for m in
                                                   _CONVERTIBLE_RE.finditer(text))])
    if not positions:
        return text
    chars = list(text)
    run_start = 0
    for k, i in enumerate(positions):
        if k + 1 < len(positions) and positions[k + 1] == i + 1:
            continue
        first, last = positions[run_start], i
        if (_CJK_CHAR_RE.match(text[first - 1:first] or " ")
                or _CJK_CHAR_RE.match(text[last + 1:last + 2])):
            for j in positions[run_start:k + 1]:
                char = chars[j]
                chars[j] = _FULL_WIDTH_PARENS.get(char) or _FULL_WIDTH[char]
        run_start = k + 1
    return "".join(chars)


def _lone_parentheses(text: str) -> list[int]:
    """The positions of the ASCII parentheses that have no partner on their line."""
    if "(" not in text and ")" not in text:
        return []
    stack: list[int] = []
    lone: list[int] = []
    for match in _PAREN_OR_BREAK_RE.finditer(text):
        i, char = match.start(), match.group()
        if char == "(":
            stack.append(i)
        elif char == ")":
            if stack:
                stack.pop()
            else:
                lone.append(i)
        else:
            lone.extend(stack)
            stack.clear()
    lone.extend(stack)
    return lone


def convert_text(text: str) -> str:
    """Simplified Chinese text with Chinese punctuation; same length as ``text``."""
    return chinese_punctuation(to_simplified(text))
