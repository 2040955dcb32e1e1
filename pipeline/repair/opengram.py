"""Character n-gram counts expected under open-gram's word trigram model (build time only).

open-gram (https://github.com/sunpinyin/open-gram, CC BY-SA 3.0) is the statistical
language model of the SunPinyin input method: a back-off word trigram model of modern
Simplified Chinese (71,759 words and punctuation marks, 2.5 million bigrams, one million
trigrams), shipped by Debian's ``sunpinyin-data``: the model ``lm_sc.t3g`` and the
lexicon inside the pinyin trie ``pydict_sc.bin``. ``sunpinyin-utils``' ``tslminfo``
prints the model's n-grams with their probabilities (``tslminfo -v -p``).

A character model needs character n-grams across word boundaries (``重要|意义``), which a
dictionary cannot give. They are counted here as the model expects them: a word ``w``
occurs with probability ``P(w)``; a pair of words ``w1 w2`` with ``P(w1) P(w2 | w1)``
for the bigrams the model lists (the rest of its mass backs off to word unigrams, which
say nothing about which characters meet); a single-character word between two others
with ``P(w0) P(w1 | w0) P(w2 | w0 w1)`` for the trigrams it lists. The counts are
probabilities; ``build_model`` counts inside the words as it does for a dictionary's, and
scales them all.

``python -m pipeline.repair.build_model`` uses them when the two packages are installed
(``apt-get install sunpinyin-data sunpinyin-utils``).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

#: Where Debian's ``sunpinyin-data`` installs the model and the lexicon.
FOLDER = Path("/usr/lib/x86_64-linux-gnu/sunpinyin/data")
MODEL = "lm_sc.t3g"
LEXICON = "pydict_sc.bin"
#: The tool that prints the model's n-grams (``sunpinyin-utils``).
TOOL = "tslminfo"


def available(folder: Path = FOLDER) -> bool:
    """True when the model, its lexicon and ``tslminfo`` are installed."""
    return ((folder / MODEL).is_file() and (folder / LEXICON).is_file()
            and shutil.which(TOOL) is not None)


def lexicon(path: Path) -> list[str]:
    """The words of a SunPinyin pinyin trie, indexed by word id: its header's first
    32-bit word is the number of words, its third the offset of the word table, where
    each word is NUL-terminated UTF-32-LE, in id order (ids without a word are empty:
    the sentence boundary, reserved ids)."""
    data = path.read_bytes()
    count, _, offset = struct.unpack_from("<3I", data)
    words = []
    for _ in range(count):
        end = offset
        while data[end:end + 4] != b"\0\0\0\0":
            end += 4
        words.append(data[offset:end].decode("utf-32-le"))
        offset = end + 4
    return words


def ngrams(path: Path) -> Iterator[tuple[tuple[int, ...], float]]:
    """Every n-gram of the threaded model at ``path`` (word ids) with its probability:
    ``P(w)`` for unigrams, ``P(wn | w1 .. wn-1)`` for the others, in the model's order
    (unigrams, bigrams, trigrams; each history before its continuations)."""
    with subprocess.Popen([TOOL, "-v", "-p", str(path)], stdout=subprocess.PIPE,
                          text=True) as proc:
        assert proc.stdout is not None
        order = 0
        for line in proc.stdout:
            if line.startswith("\\"):  # ``\2-gram\2500000``
                order = int(line[1])
                continue
            if order == 0:
                continue
            parts = line.split()
            yield tuple(int(p) for p in parts[:order]), float(parts[order])
    if proc.returncode:
        raise RuntimeError(f"{TOOL} {path} failed with status {proc.returncode}")


def counts(folder: Path = FOLDER,
           ) -> tuple[list[tuple[str, float]], Counter[str], Counter[str]]:
    """The model's words with their probabilities (the caller counts what lies inside
    them, as for a dictionary's words and frequencies), and the expected counts of the
    character pairs and triples that span words (see the module docstring)."""
    words = lexicon(folder / LEXICON)
    unigram: dict[int, float] = {}
    bigram: dict[tuple[int, int], float] = {}
    found: list[tuple[str, float]] = []
    bi: Counter[str] = Counter()
    tri: Counter[str] = Counter()
    for ids, prob in ngrams(folder / MODEL):
        texts = [words[i] for i in ids]
        if not all(texts):
            continue  # the sentence boundary: no character meets it
        if len(ids) == 1:
            unigram[ids[0]] = prob
            found.append((texts[0], prob))
        elif len(ids) == 2:
            bigram[ids] = prob
            first, second = texts
            mass = unigram.get(ids[0], 0.0) * prob
            bi[first[-1] + second[0]] += mass
            if len(first) > 1:
                tri[first[-2:] + second[0]] += mass
            if len(second) > 1:
                tri[first[-1] + second[:2]] += mass
        elif len(texts[1]) == 1:
            mass = unigram.get(ids[0], 0.0) * bigram.get(ids[:2], 0.0) * prob
            tri[texts[0][-1] + texts[1] + texts[2][0]] += mass
    return found, bi, tri
