"""Document structure as evidence: a page that numbers its measures (一)…(十八) implies
the label of a block whose start is garbled, from the labels before and after it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from pipeline.numerals import NUMERAL_CHARS, chinese_to_int, int_to_chinese

#: A label is at most this long (``（一百二十三）``).
LABEL_SPAN = 8
LABEL_RE = re.compile(rf"^[(（]([{NUMERAL_CHARS}]{{1,4}})[)）]")


def block_label(text: str) -> int | None:
    """The number of a ``（三）`` label at the start of clean ``text``, or None."""
    match = LABEL_RE.match(text)
    return chinese_to_int(match.group(1)) if match else None


def expected_labels(blocks: list[str], garbled: Callable[[str], bool],
                    simplify: Callable[[str], str]) -> dict[int, str]:
    """Block index -> the label (``（六）``) the numbering implies for a garbled start.

    ``blocks`` are the page's blocks (annotations removed); ``garbled(text)`` says whether
    a block starts with a garbled run; ``simplify`` maps to Simplified. The garbled blocks
    between two labelled blocks numbered a and b get a+1 … b-1 when they are exactly
    that many; a garbled block right after a labelled one, with none labelled later, gets
    the next number.
    """
    numbers: dict[int, int] = {}
    candidates: list[int] = []
    for index, text in enumerate(blocks):
        value = block_label(simplify(text[:LABEL_SPAN]))
        if value is not None:
            numbers[index] = value
        elif garbled(text):
            candidates.append(index)
    labelled = sorted(numbers)
    hints: dict[int, str] = {}
    for left, right in itertools.pairwise(labelled):
        between = [k for k in candidates if left < k < right]
        if between and numbers[right] - numbers[left] - 1 == len(between):
            for offset, k in enumerate(between, 1):
                hints[k] = f"（{int_to_chinese(numbers[left] + offset)}）"
    if labelled:
        last = labelled[-1]
        after = [k for k in candidates if k > last]
        if after and after[0] == last + 1:
            hints[after[0]] = f"（{int_to_chinese(numbers[last] + 1)}）"
    return hints
