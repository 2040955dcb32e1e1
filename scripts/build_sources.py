"""Build ``pipeline/data/simplified_sources.tsv``: the Simplified characters OpenCC may
turn into each Traditional one, beyond the one its ``t2s`` gives back.

An annotator reads the Simplified text and writes the reading after the converted
character, so an annotation after a Traditional character can carry the reading of any
Simplified character the converter turns into it. ``t2s`` gives only one of them: 瞭
stays 瞭 (瞭望), though ``s2t`` writes 了解 as 瞭解, so an annotator's ``瞭(le)`` reads 了.
The table lists, for each Traditional character, the Simplified characters OpenCC's
Simplified-to-Traditional dictionaries map to it (``STCharacters``, ``STPhrases`` aligned
character by character, then the Taiwan variants ``TWVariants`` of ``s2tw``), less the
character itself and its ``t2s`` form. One line per character: ``char<TAB>sources``.

The dictionaries are read from the installed ``opencc`` package's binary ``.ocd2`` files
(a marisa trie of keys, then the values), so the table follows the OpenCC a run uses.
Needs ``marisa-trie`` (a test extra). Run ``python scripts/build_sources.py`` after
upgrading OpenCC; ``tests/test_annotations.py`` checks that the table is current.
"""

from __future__ import annotations

import struct
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "simplified_sources.tsv"
#: The header of OpenCC's binary dictionaries (``MarisaDict``).
OCD2_HEADER = b"OPENCC_MARISA_0.2.5"


def dictionary_dir() -> Path:
    """Where the installed ``opencc`` package keeps its dictionaries."""
    return Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"


def read_ocd2(path: Path) -> dict[str, list[str]]:
    """Key -> values of an OpenCC ``.ocd2`` dictionary: the header, a marisa trie of the
    keys, then the values (``SerializedValues``: item count, buffer length, the buffer of
    NUL-terminated values, then per item its value count and each value's byte length),
    indexed by the trie's key ids. Raises ValueError on any other layout."""
    import marisa_trie

    data = path.read_bytes()
    if not data.startswith(OCD2_HEADER):
        raise ValueError(f"{path}: not an OpenCC binary dictionary")
    trie = marisa_trie.Trie()
    trie.frombytes(data[len(OCD2_HEADER):])
    offset = len(OCD2_HEADER) + len(trie.tobytes())
    count, total = struct.unpack_from("<II", data, offset)
    offset += 8
    buffer = data[offset:offset + total]
    offset += total
    items: list[list[str]] = []
    cursor = 0
    for _ in range(count):
        (size,) = struct.unpack_from("<H", data, offset)
        lengths = struct.unpack_from(f"<{size}H", data, offset + 2)
        offset += 2 + 2 * size
        values = []
        for length in lengths:
            values.append(buffer[cursor:cursor + length].rstrip(b"\0").decode("utf-8"))
            cursor += length
        items.append(values)
    if offset != len(data) or cursor != total or len(trie) != count:
        raise ValueError(f"{path}: unexpected layout")
    return {key: items[trie[key]] for key in trie}


def sources() -> dict[str, set[str]]:
    """Traditional character -> the Simplified ones OpenCC's ``s2t`` or ``s2tw`` may turn
    into it, less itself and its ``t2s`` form."""
    where = dictionary_dir()
    found: dict[str, set[str]] = {}
    for name in ("STCharacters.ocd2", "STPhrases.ocd2"):
        for simple, forms in read_ocd2(where / name).items():
            for form in forms:
                if len(form) != len(simple):
                    continue  # no character alignment
                for s, t in zip(simple, form, strict=True):
                    found.setdefault(t, set()).add(s)
    t2s = opencc.OpenCC("t2s")
    for trad, variants in read_ocd2(where / "TWVariants.ocd2").items():
        for variant in variants:
            if len(variant) == len(trad) == 1:
                found.setdefault(variant, set()).update(
                    found.get(trad, set()) | {t2s.convert(trad)})
    return {t: {s for s in found[t] if s not in (t, t2s.convert(t))}
            for t in found}


def rows() -> list[str]:
    """The table's lines, in code point order, for characters with extra sources."""
    return [f"{t}\t{''.join(sorted(s))}" for t, s in sorted(sources().items()) if s]


def main() -> None:
    header = f"# OpenCC {opencc_version()} Simplified sources (scripts/build_sources.py)"
    OUT.write_text("\n".join([header, *rows()]) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


def opencc_version() -> str:
    """The installed OpenCC package's version."""
    from importlib.metadata import version

    return version("opencc")


if __name__ == "__main__":
    main()
