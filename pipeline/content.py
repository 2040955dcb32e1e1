"""Content: which lines of an HTML page are content, jusText-style, tuned for Chinese.

Each line is judged alone by its furniture rules, its link density, its length and its
Chinese sentence punctuation (``，。；``), then in context by its neighbours, headings and
containers.
"""

from __future__ import annotations

import re

from pipeline.furniture import furniture_reason
from pipeline.textlines import Line, prose

#: A numbered heading of a policy (一、 （一） 第一章 第一条): content even when short.
_OUTLINE_LABEL_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百]+[章节条])")

#: A line that names an attachment: its link is the attachment, content not navigation.
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*\d*\s*[:：.．、]?")

#: Line classification thresholds (characters, not counting spaces).
LONG_LINE = 50
SHORT_LINE = 10
SENTENCE_LINE = 10
#: A line with more of its characters in links than this is a link list.
MAX_LINK_DENSITY = 0.5
#: A heading is content when content follows within this many lines.
HEADING_REACH = 3


def classify(lines: list[Line]) -> list[str | None]:
    """For each line, None when it is content, else the reason it is dropped.

    First each line alone: furniture rules, link density, then good (long, or a sentence
    with Chinese punctuation), short, or near-good. Then in context: a near-good line next
    to content is content; a short line between content is content; a heading or numbered
    label with content in the next ``HEADING_REACH`` lines is content; an unsettled line in
    the same container as content is content; the rest is dropped as ``outside-content``.
    A line naming an attachment (``附件：``) is never a link list. When no line reads as
    prose at all (a short or non-Chinese page), every line that no rule dropped is content.
    """
    first = [_label(line) for line in lines]
    labels = [label for label, _ in first]
    reasons = [reason for _, reason in first]
    settled = list(labels)
    before, after = _neighbours(labels, -1), _neighbours(labels, 1)
    for index, label in enumerate(labels):
        if label in ("near", "short") and _settles(index, labels, lines,
                                                   before[index], after[index]):
            settled[index] = "good"
    if "good" not in settled:  # nothing reads as prose (a short or non-Chinese page)
        settled = ["good" if label in ("near", "short") else label for label in settled]
    good_containers = {line.container for line, lab in zip(lines, settled, strict=True)
                       if lab == "good"}
    out: list[str | None] = []
    for line, label, reason in zip(lines, settled, reasons, strict=True):
        if label == "good" or (label in ("near", "short") and line.container in good_containers
                                and line.link_density <= MAX_LINK_DENSITY):
            out.append(None)
        else:
            out.append(reason or "outside-content")
    return out


def _label(line: Line) -> tuple[str, str | None]:
    """A line judged alone: (label, reason when dropped).

    Labels: ``good``, ``near`` (near-good), ``short``, ``bad`` (a link list) or ``rule``
    (a furniture line rule matched; such lines do not count as neighbours).
    """
    reason = furniture_reason(line.text)
    if reason:
        return "rule", reason
    if line.size and line.link_density > MAX_LINK_DENSITY:
        if not _ATTACHMENT_RE.match(line.text):
            return "bad", "links"
        return "near", None
    if line.kind == "table" or line.size >= LONG_LINE or (
            line.size >= SENTENCE_LINE and prose(line.text)):
        return "good", None
    return ("near" if line.hinted or line.size >= SHORT_LINE else "short"), None


def _neighbours(labels: list[str], step: int) -> list[str]:
    """For each line, the label of the nearest line that is not ``short`` nor ``rule`` in
    direction ``step`` (``edge`` when there is none): one pass, linear."""
    found = ["edge"] * len(labels)
    nearest = "edge"
    # The nearest before a line is the last one seen walking forward, and vice versa.
    order = range(len(labels)) if step < 0 else range(len(labels) - 1, -1, -1)
    for index in order:
        found[index] = nearest
        if labels[index] not in ("short", "rule"):
            nearest = labels[index]
    return found


def _settles(index: int, labels: list[str], lines: list[Line], before: str,
             after: str) -> bool:
    """Whether a near-good or short line is content given its context."""
    line = lines[index]
    heading = line.kind == "h" or _OUTLINE_LABEL_RE.match(line.text)
    if heading and "good" in labels[index + 1:index + 1 + HEADING_REACH]:
        return True
    if labels[index] == "near":
        return "good" in (before, after)
    return before == after == "good"
