"""open-gram's word model as character counts: the lexicon, the n-grams, the expected counts.

The real model is a Debian package the tests do not need: a lexicon file is written here in
the trie's layout, and the n-gram stream ``tslminfo`` prints is replaced by a small model.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from pipeline.repair import opengram

#: Word ids 0 (the sentence boundary) and 1 (reserved) have no text, as in the real lexicon.
WORDS = ["", "", "基于", "此", "，", "同比", "增长", "大"]


def write_lexicon(path: Path, words: list[str]) -> None:
    """A pinyin trie with only what ``lexicon`` reads: the word count, a second header
    word, the word table's offset, some trie nodes, then the NUL-terminated UTF-32 words."""
    nodes = b"\x07" * 24  # stands for the trie's nodes, which the reader skips
    offset = 12 + len(nodes)
    table = b"".join(w.encode("utf-32-le") + b"\0\0\0\0" for w in words)
    path.write_bytes(struct.pack("<3I", len(words), 99, offset) + nodes + table)


def test_the_lexicon_is_the_word_table_in_id_order(tmp_path):
    path = tmp_path / "pydict_sc.bin"
    write_lexicon(path, WORDS)
    assert opengram.lexicon(path) == WORDS


#: A small model: P(w) for unigrams, P(w2 | w1) for bigrams, P(w3 | w1 w2) for trigrams.
NGRAMS = [
    ((0,), 0.1), ((2,), 0.2), ((3,), 0.1), ((4,), 0.3), ((5,), 0.1), ((6,), 0.1),
    ((7,), 0.1),
    ((2, 3), 0.5), ((3, 4), 0.6), ((5, 6), 0.8), ((0, 2), 0.9),
    ((2, 3, 4), 0.7),  # 基于 此 ，: a one-character word between two others
    ((5, 6, 4), 0.4),  # 同比 增长 ，: the middle word has two characters, no new triple
]


def test_words_with_their_probabilities_and_the_counts_that_span_words(tmp_path,
                                                                        monkeypatch):
    write_lexicon(tmp_path / opengram.LEXICON, WORDS)
    monkeypatch.setattr(opengram, "ngrams", lambda path: iter(NGRAMS))
    words, bi, tri = opengram.counts(tmp_path)
    # each word with its probability (what lies inside words the builder counts), not the
    # sentence boundary
    assert words == [("基于", 0.2), ("此", 0.1), ("，", 0.3), ("同比", 0.1), ("增长", 0.1),
                     ("大", 0.1)]
    # pairs across the word pairs the model lists (not the boundary)
    assert bi == pytest.approx({"于此": 0.2 * 0.5, "此，": 0.1 * 0.6, "比增": 0.1 * 0.8})
    # triples across pairs with a two-character word, and across a one-character middle
    # word from the trigram
    assert tri == pytest.approx({"基于此": 0.2 * 0.5, "同比增": 0.1 * 0.8,
                                 "比增长": 0.1 * 0.8, "于此，": 0.2 * 0.5 * 0.7})


def test_the_model_is_used_only_when_installed(tmp_path, monkeypatch):
    assert not opengram.available(tmp_path)
    write_lexicon(tmp_path / opengram.LEXICON, WORDS)
    (tmp_path / opengram.MODEL).write_bytes(b"")
    monkeypatch.setattr(opengram.shutil, "which", lambda name: None)
    assert not opengram.available(tmp_path)  # the files, but no tslminfo
    monkeypatch.setattr(opengram.shutil, "which", lambda name: "/usr/bin/" + name)
    assert opengram.available(tmp_path)


#: What ``tslminfo -v -p`` prints: a section line per order, then one n-gram a line (ids,
#: probability, back-off weight, the threading it keeps).
PRINTED = """\\0-gram\\1
  0.000005000001   0.000000119583 (0,0)
\\1-gram\\2
        0   0.124542720616   1.484544157982 (0,0)
       70   0.068003788590   1.010829567909 (0,0)
\\2-gram\\1
        0        70   0.012350303121   1.000000000000 (1,1)
\\3-gram\\1
        0        72         0   0.451391488314 (1,0)
"""


class FakeTool:
    """Stands for the ``tslminfo`` process: prints ``PRINTED``, then exits with ``status``."""

    def __init__(self, args, stdout, text, status=0):
        assert args[:3] == [opengram.TOOL, "-v", "-p"] and text
        self.stdout = iter(PRINTED.splitlines(keepends=True))
        self.returncode = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_printed_model_is_read_order_by_order(monkeypatch):
    monkeypatch.setattr(opengram.subprocess, "Popen", FakeTool)
    assert list(opengram.ngrams(Path("lm_sc.t3g"))) == [
        ((0,), 0.124542720616), ((70,), 0.068003788590), ((0, 70), 0.012350303121),
        ((0, 72, 0), 0.451391488314)]


def test_a_failing_tool_is_an_error(monkeypatch):
    monkeypatch.setattr(opengram.subprocess, "Popen",
                        lambda *a, **k: FakeTool(*a, **k, status=1))
    with pytest.raises(RuntimeError, match="failed with status 1"):
        list(opengram.ngrams(Path("lm_sc.t3g")))
