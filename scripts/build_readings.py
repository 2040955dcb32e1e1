"""Build ``pipeline/data/readings.tsv``: every reading pypinyin gives each Han character.

One line per character of pypinyin's single-character dictionary in the ranges an
annotation can follow (U+3400–9FFF, U+F900–FAFF): ``char<TAB>tone-marked readings<TAB>
toneless readings<TAB>usual readings``, readings comma-separated, as
``pypinyin.pinyin(char, heteronym=True)`` gives them in ``Style.TONE`` and ``Style.NORMAL``;
the usual readings (tone-marked) are the character's first one and those it takes in
pypinyin's phrase dictionary: an annotator writes those, not an archaic heteronym (立 is
read lì; its wèi is in no phrase). The repair stage validates annotations
against this table, so a run never pays for loading pypinyin's phrase dictionary (most of
a cold start). Run ``python scripts/build_readings.py`` after upgrading pypinyin;
``tests/test_annotations.py`` checks that the table and pypinyin agree.
"""

from __future__ import annotations

from pathlib import Path

from pypinyin import Style, pinyin
from pypinyin.pinyin_dict import pinyin_dict

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "readings.tsv"


def in_range(code: int) -> bool:
    """A code point an annotation can follow."""
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def phrase_readings() -> dict[str, set[str]]:
    """Character -> the tone-marked readings it takes in pypinyin's phrase dictionary."""
    from pypinyin.phrases_dict import phrases_dict

    found: dict[str, set[str]] = {}
    for phrase, readings in phrases_dict.items():
        for char, reading in zip(phrase, readings, strict=False):
            found.setdefault(char, set()).update(reading)
    return found


def rows() -> list[str]:
    """The table's lines, in code point order."""
    out = []
    in_phrases = phrase_readings()
    for code in sorted(c for c in pinyin_dict if in_range(c)):
        char = chr(code)
        tone, plain = (pinyin(char, style=style, heteronym=True, errors="ignore")[0]
                       for style in (Style.TONE, Style.NORMAL))
        usual = [r for r in tone if r == tone[0] or r in in_phrases.get(char, ())]
        out.append(f"{char}\t{','.join(tone)}\t{','.join(plain)}\t{','.join(usual)}")
    return out


def main() -> None:
    import pypinyin

    header = f"# pypinyin {pypinyin.__version__} readings (scripts/build_readings.py)"
    OUT.write_text("\n".join([header, *rows()]) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
