"""Sentence- and word-level diff of Chinese text (words by jieba, numbers kept whole).

A changed provision is shown sentence by sentence: sentences are split on 。；！？ (and
line breaks), aligned like provisions, and each reworded sentence gets an inline diff
over jieba words, so ``1.2万个`` -> ``1.5万个`` is one replacement of ``1.2`` by ``1.5``
rather than a run of single characters.
"""

from __future__ import annotations

import logging
import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

import jieba

from pipeline.diff.align import align, bigrams, interleave, jaccard
from pipeline.diff.normal import bare, squash

__all__ = ["inline_diff", "sentence_changes", "sentences", "squash", "words"]

#: A sentence: text up to and including its closing 。；！？ (or a line's end).
SENTENCE_RE = re.compile(r"[^。；！？\n]+[。；！？]*|[。；！？]+")
#: Two sentences at least this similar (character-bigram Jaccard) are one reworded sentence.
SENTENCE_THRESHOLD = 0.3
#: An unchanged run this short (in characters) between two changes joins the change.
SHORT_EQUAL = 1


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """jieba's default tokenizer, its dictionary loaded once and its loading log silenced."""
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def words(text: str) -> list[str]:
    """``text`` cut into words by jieba (HMM on, so numbers such as 1.2 stay whole)."""
    return _tokenizer().lcut(text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with its closing punctuation, stripped, non-empty."""
    return [s.strip() for s in SENTENCE_RE.findall(text) if s.strip()]


def inline_diff(old: str, new: str) -> list[dict[str, str]]:
    """Word-level diff of two strings as segments {op: equal|delete|insert, text}.

    Concatenating the equal and delete segments gives ``old``; equal and insert give
    ``new``. A replacement is a delete followed by an insert.
    """
    a, b = words(old), words(new)
    raw: list[tuple[str, str, str]] = []  # (equal text, deleted text, inserted text)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(("".join(a[i1:i2]), "", ""))
        else:
            raw.append(("", "".join(a[i1:i2]), "".join(b[j1:j2])))
    return _segments(_absorb_short_equals(raw))


def _absorb_short_equals(raw: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Fold an unchanged run of at most ``SHORT_EQUAL`` characters lying between two
    changes into them, so one reworded phrase reads as one change."""
    out: list[tuple[str, str, str]] = []
    for index, (same, gone, added) in enumerate(raw):
        between = 0 < index < len(raw) - 1 and not raw[index - 1][0] and not raw[index + 1][0]
        if same and between and len(same) <= SHORT_EQUAL:
            gone, added, same = same, same, ""
        if out and not same and not out[-1][0]:
            prev = out.pop()
            out.append(("", prev[1] + gone, prev[2] + added))
        else:
            out.append((same, gone, added))
    return out


def _segments(raw: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    """The {op, text} segments of (equal, deleted, inserted) triples, empty ones dropped."""
    out = []
    for same, gone, added in raw:
        for op, text in (("equal", same), ("delete", gone), ("insert", added)):
            if text:
                out.append({"op": op, "text": text})
    return out


def sentence_changes(old: str, new: str) -> list[dict[str, Any]]:
    """The changed sentences between two texts, in the new text's order.

    Each is {change: modified|added|removed, old, new, paragraph, diff}: ``old``/``new``
    the sentence (null on the missing side), ``paragraph`` the 1-based number of the
    non-empty line holding it (in the new text; in the old one when removed) and ``diff``
    its inline word diff. Sentences equal up to whitespace are left out; sentences are
    paired by the likeness of their wording (punctuation aside, so 乙。 -> 乙； is one
    modified sentence).
    """
    lines_a, lines_b = paragraph_numbers(old), paragraph_numbers(new)
    before, after = [s for s, _ in lines_a], [s for s, _ in lines_b]
    grams_a = [bigrams(bare(s)) for s in before]
    grams_b = [bigrams(bare(s)) for s in after]
    pairs = align([squash(s) for s in before], [squash(s) for s in after],
                  lambda i, j: jaccard(grams_a[i], grams_b[j]), SENTENCE_THRESHOLD)
    out = []
    for i, j in interleave([(i, j) for i, j, _ in pairs], len(before), len(after)):
        if i is None:
            out.append(_sentence("added", None, after[j], lines_b[j][1]))
        elif j is None:
            out.append(_sentence("removed", before[i], None, lines_a[i][1]))
        elif squash(before[i]) != squash(after[j]):
            out.append(_sentence("modified", before[i], after[j], lines_b[j][1]))
    return out


def paragraph_numbers(text: str) -> list[tuple[str, int]]:
    """The sentences of ``text`` with the 1-based number of the non-empty line (paragraph)
    holding each."""
    out = []
    lines = [line for line in text.split("\n") if line.strip()]
    for number, line in enumerate(lines, 1):
        out.extend((sentence, number) for sentence in sentences(line))
    return out


def _sentence(change: str, old: str | None, new: str | None,
              paragraph: int) -> dict[str, Any]:
    """One sentence change with its paragraph and inline diff."""
    return {"change": change, "old": old, "new": new, "paragraph": paragraph,
            "diff": inline_diff(old or "", new or "")}
