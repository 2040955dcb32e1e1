"""Document structure as evidence: a page that numbers its provisions (一)…(十八), 一、…,
第一条… implies the label of a block whose start is garbled, from the labels before and
after it in the same scheme.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from pipeline.numerals import NUMERAL_CHARS, chinese_to_int, int_to_chinese

#: A label is at most this long (``（一百二十三）``, ``第一百二十三条``).
LABEL_SPAN = 8
_NUM = rf"([{NUMERAL_CHARS}]{{1,4}})"
#: Label schemes that open a block: (pattern on the block's start, how a number is written).
SCHEMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^[(（]{_NUM}[)）]"), "（{}）"),
    (re.compile(rf"^{_NUM}、"), "{}、"),
    (re.compile(rf"^第{_NUM}条"), "第{}条"),
    (re.compile(rf"^第{_NUM}章"), "第{}章"),
)


def block_label(text: str) -> tuple[int, int] | None:
    """(scheme index, number) of the label at the start of clean ``text``, or None."""
    for scheme, (pattern, _) in enumerate(SCHEMES):
        match = pattern.match(text)
        if match:
            value = chinese_to_int(match.group(1))
            return (scheme, value) if value is not None else None
    return None


def expected_labels(blocks: list[str], garbled: Callable[[str], bool],
                    simplify: Callable[[str], str]) -> dict[int, str]:
    """Block index -> the label (``（六）``) the numbering implies for a garbled start.

    ``blocks`` are the page's blocks (annotations removed); ``garbled(text)`` says whether
    a block starts with a garbled run; ``simplify`` maps to Simplified. In each scheme,
    the garbled blocks between two labelled blocks numbered a and b get a+1 … b-1 when
    they are exactly that many; a garbled block right after the last labelled one gets
    the next number when that scheme's labels stand in consecutive blocks (items one
    after another, not headings with text between). A block two schemes claim gets no
    hint (the evidence disagrees).
    """
    labels: dict[int, tuple[int, int]] = {}
    candidates: list[int] = []
    for index, text in enumerate(blocks):
        found = block_label(simplify(text[:LABEL_SPAN]))
        if found is not None:
            labels[index] = found
        elif garbled(text):
            candidates.append(index)
    claims: dict[int, set[str]] = {}
    for scheme, (_, form) in enumerate(SCHEMES):
        numbers = {k: n for k, (s, n) in labels.items() if s == scheme}
        for k, value in _implied(numbers, candidates).items():
            claims.setdefault(k, set()).add(form.format(int_to_chinese(value)))
    return {k: labels_.pop() for k, labels_ in sorted(claims.items()) if len(labels_) == 1}


def _implied(numbers: dict[int, int], candidates: list[int]) -> dict[int, int]:
    """Candidate block -> the number one scheme's labelled blocks (index -> number) imply."""
    labelled = sorted(numbers)
    implied: dict[int, int] = {}
    for left, right in itertools.pairwise(labelled):
        between = [k for k in candidates if left < k < right]
        if between and numbers[right] - numbers[left] - 1 == len(between):
            for offset, k in enumerate(between, 1):
                implied[k] = numbers[left] + offset
    if len(labelled) >= 2 and labelled[-2] == labelled[-1] - 1:
        last = labelled[-1]
        after = [k for k in candidates if k > last]
        if after and after[0] == last + 1:
            implied[after[0]] = numbers[last] + 1
    return implied
