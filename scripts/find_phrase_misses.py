"""Find OpenCC t2s misses: phrases a character-by-character Simplified->Traditional
converter breaks in a way t2s does not undo. Prints candidates for
``pipeline/data/phrase_fixes.tsv`` (the table itself is curated: rows are checked by
``tests/test_convert.py``).

For every jieba dictionary word with frequency >= MIN_FREQ that contains one of the
Simplified characters below, the naive converter's Traditional choice is substituted and
the result converted back with OpenCC t2s; a word that does not come back is printed as
``wrong<TAB>right<TAB>frequency``.

Run: ``.venv/bin/python scripts/find_phrase_misses.py [MIN_FREQ]`` (default 300).
"""

from __future__ import annotations

import os
import sys

import jieba
import opencc

#: Simplified character -> the Traditional character a naive converter writes for it.
NAIVE = {"着": "著", "干": "乾", "于": "於", "发": "髮", "后": "後", "里": "裡", "只": "隻",
         "系": "繫", "台": "臺", "余": "餘", "面": "麵", "征": "徵", "松": "鬆", "谷": "穀"}


def misses(min_freq: int) -> list[tuple[str, str, int]]:
    """(t2s output, right word, frequency) for each word t2s does not restore."""
    t2s = opencc.OpenCC("t2s")
    found = []
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            word, freq = line.split()[:2]
            if int(freq) < min_freq or not any(c in NAIVE for c in word):
                continue
            naive = "".join(NAIVE.get(c, c) for c in word)
            back = t2s.convert(naive)
            if back != word and len(back) == len(word):
                found.append((back, word, int(freq)))
    return sorted(found, key=lambda row: (-row[2], row[1]))


def main() -> int:
    min_freq = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    for wrong, right, freq in misses(min_freq):
        print(f"{wrong}\t{right}\t{freq}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
