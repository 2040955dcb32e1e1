"""Data for ingest: byte-order marks, charset aliases, binary file signatures.

Kept apart from the logic in ``pipeline/ingest.py`` so the tables can grow without
touching code. Every table is plain data (tuples and dicts of literals).
"""

from __future__ import annotations

import codecs

#: Byte-order marks and the codec each one announces; longest first (UTF-32 LE starts
#: with the UTF-16 LE mark).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Charset labels widened to the codec that decodes every page labelled with them
#: (WHATWG practice: GB2312 and GBK pages are GB18030, Latin-1 pages are windows-1252,
#: Big5 pages use the HKSCS extensions). Keys are Python codec names or labels.
WIDEN: dict[str, str] = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "gb_2312-80": "gb18030", "gb_2312": "gb18030", "csgb2312": "gb18030", "euc-cn": "gb18030",
    "big5": "big5hkscs", "cp950": "big5hkscs", "x-x-big5": "big5hkscs", "big5-hkscs": "big5hkscs",
    "ascii": "utf-8", "us-ascii": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin_1": "cp1252",
    "windows-1252": "cp1252", "l1": "cp1252",
}

#: Declared charsets a page cannot really use if its declaration was readable as ASCII
#: (WHATWG: a ``<meta>`` saying UTF-16 means UTF-8).
ASCII_INCOMPATIBLE: frozenset[str] = frozenset({
    "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
})

#: Codecs tried, after the declared one and chardet's guess, when the bytes are not UTF-8:
#: the encodings Chinese pages are written in (UTF-16 last: without a BOM or ASCII it
#: shows no NUL bytes, and only its plausibility can tell it).
CHINESE_CANDIDATES: tuple[str, ...] = ("utf-8", "gb18030", "big5hkscs", "utf-16-le",
                                       "utf-16-be")

#: Leading bytes of binary formats that are never a text page, and what each one is.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (doc/xls/ppt)"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

#: RIFF containers (WebP, WAV, AVI) carry their kind at offset 8.
RIFF_KINDS: dict[bytes, str] = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file",
                                b"AVI ": "an AVI video"}

#: Code ranges of the most common hanzi in the national standards, as (codec, lead bytes,
#: trail bytes): GB2312 level 1 (3,755 Simplified characters in frequency-ordered
#: standard use) and Big5 level 1 (5,401 common Traditional characters). Decoding these
#: ranges gives the set of characters a correctly decoded Chinese page is made of.
COMMON_HANZI_RANGES: tuple[tuple[str, tuple[int, int], tuple[tuple[int, int], ...]], ...] = (
    ("gb2312", (0xB0, 0xD7), ((0xA1, 0xFE),)),
    ("big5", (0xA4, 0xC6), ((0x40, 0x7E), (0xA1, 0xFE))),
)

#: Tone-marked letters of Hanyu Pinyin: scraped pages carry pinyin annotations.
PINYIN_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"

#: Non-ASCII code point ranges that a correctly decoded Chinese page uses freely
#: (punctuation and full-width forms), as inclusive (first, last) pairs.
TEXT_PUNCTUATION_RANGES: tuple[tuple[int, int], ...] = (
    (0x00A0, 0x00A0), (0x00A7, 0x00A7), (0x00A9, 0x00A9),  # no-break space § ©
    (0x00B0, 0x00B1), (0x00B7, 0x00B7),  # ° ± ·
    (0x00D7, 0x00D7), (0x00F7, 0x00F7),  # × ÷
    (0x2010, 0x205E),  # general punctuation: — ‘ ’ “ ” … ‰
    (0x2160, 0x217F),  # Roman numerals
    (0x2460, 0x24FF),  # circled numbers ① ⑴ ⒈
    (0x3000, 0x303F),  # CJK punctuation 、。〈〉《》「」【】〔〕
    (0xFF01, 0xFF5E),  # full-width forms ，：；（）？！
    (0xFFE0, 0xFFE6),  # full-width ￥ ￡
)
