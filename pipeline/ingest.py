"""Ingest: bytes to text, recording which encoding was used and why.

Order of evidence: a byte-order mark; then a charset declared by an HTML ``<meta>`` (or
``http-equiv``) or an XML declaration; then what the bytes say. The declaration is
cross-checked against the bytes: every candidate codec (the declared one, chardet's guess,
UTF-8, GB18030, Big5-HKSCS) decodes a sample, and each decoding is scored by how much of
its non-ASCII text is what Chinese pages are made of (common hanzi, CJK punctuation,
pinyin letters). A declaration that loses clearly to the bytes is overruled
(``encoding_method`` ``meta-mismatch``), and both are recorded in ``Source``. GBK-family
names are widened to GB18030 (a strict superset), so four-byte sequences and private-use
characters decode. Undecodable sequences become U+FFFD with a warning, never an error.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import chardet

from pipeline.data import encodings as data
from pipeline.errors import InputError
from pipeline.model import Source
from pipeline.names import readable

_META_RE = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_RE = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_HTML_RE = re.compile(r"<\s*(!doctype\s+html|html|head|body|meta|div|p|table|title)\b", re.I)
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")
#: Four CJK characters in a row, in UTF-8: a page holding this has UTF-8 in it.
_UTF8_HAN_RUN_RE = re.compile(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){4,}")
#: Non-ASCII bytes a segment needs before it may be read in another codec than UTF-8.
_MIXED_MIN_BYTES = 4
#: Pieces of a page that end at ``>`` or a newline.
_SEGMENT_RE = re.compile(rb"[^>\n]*(?:[>\n]|$)")
#: C0 control characters that are never page text (tab, newline, CR and form feed stay).
#: C1 controls are kept: in a Latin-1-garbled page they are the bytes the repair needs.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: How much of the page is searched for a declaration, and how much is scored per codec.
_SNIFF_BYTES = 16 * 1024
_SAMPLE_BYTES = 64 * 1024
#: A declared charset is kept unless another codec scores this much better on the bytes.
_DECLARED_MARGIN = 0.05
#: Valid UTF-8 with this many non-ASCII characters is UTF-8 (chance agreement is ~0.1^n).
_CONCLUSIVE_UTF8_CHARS = 4
#: Weights of non-ASCII characters in a decoding's plausibility score.
_W_COMMON, _W_RARE_HANZI, _W_OTHER = 1.0, 0.3, 0.1


@dataclass(frozen=True)
class Decoded:
    """The text of a page, the record of how it was decoded, and what went wrong."""

    text: str
    source: Source
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    """The codec chosen for a page: ``method`` says how; ``declared``/``detected`` the evidence."""

    encoding: str
    method: str
    declared: str | None = None
    detected: str | None = None


def normalise_encoding(name: str) -> str | None:
    """The Python codec name for a charset label, widened (gb2312 -> gb18030); None if unknown."""
    label = name.strip().lower()
    if label in data.WIDEN:
        return data.WIDEN[label]
    try:
        canonical = codecs.lookup(label).name
    except LookupError:
        return None
    return data.WIDEN.get(canonical, canonical)


def looks_like_html(text: str) -> bool:
    """True when the beginning of the decoded page carries an HTML tag."""
    return bool(_HTML_RE.search(text[:_SNIFF_BYTES]))


def declared_charset(data_: bytes) -> tuple[str, str] | None:
    """The (label, method) of a charset the page declares, method ``meta`` or ``xml``."""
    head = data_[:_SNIFF_BYTES]
    match = _XML_RE.search(head)
    if match:
        return match.group(1).decode("ascii"), "xml"
    match = _META_RE.search(head)
    if match:
        return match.group(1).decode("ascii"), "meta"
    return None


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Characters a correctly decoded Chinese page is mostly made of (see ``data.encodings``)."""
    chars: set[str] = set(data.PINYIN_LETTERS)
    for codec, (lead_lo, lead_hi), trails in data.COMMON_HANZI_RANGES:
        for lead in range(lead_lo, lead_hi + 1):
            for trail_lo, trail_hi in trails:
                for trail in range(trail_lo, trail_hi + 1):
                    try:
                        chars.add(bytes((lead, trail)).decode(codec))
                    except UnicodeDecodeError:
                        continue
    for first, last in data.TEXT_PUNCTUATION_RANGES:
        chars.update(chr(code) for code in range(first, last + 1))
    return frozenset(chars)


def _weight(char: str) -> float:
    if char in common_characters():
        return _W_COMMON
    if "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003134f":
        return _W_RARE_HANZI
    if char == "\ufffd" or "\ue000" <= char <= "\uf8ff" or char < "\xa0":
        return 0.0
    return _W_OTHER


def plausibility(text: str) -> float:
    """How much ``text``'s non-ASCII characters look like a Chinese page: 0 (garbage) to 1.

    Text without non-ASCII characters scores 1: there is nothing to disagree about.
    """
    counts = Counter(ch for ch in text if ch > "\x7f")
    total = sum(counts.values())
    if not total:
        return 1.0
    return sum(_weight(ch) * n for ch, n in counts.items()) / total


def _sample(data_: bytes) -> bytes:
    """Up to ``_SAMPLE_BYTES`` of the page, starting a little before its first non-ASCII byte."""
    match = _NON_ASCII_RE.search(data_)
    start = max(0, match.start() - 256) if match else 0
    return data_[start:start + _SAMPLE_BYTES]


def _decode_sample(sample: bytes, encoding: str) -> tuple[str, int]:
    """Decode ``sample`` (which may end mid-character); returns the text and its error count."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(sample, final=False)
    return text, text.count("\ufffd")


def detect(data_: bytes) -> str | None:
    """What chardet says the bytes are, as a widened codec name, or None."""
    guess = chardet.detect(_sample(data_)).get("encoding")
    return normalise_encoding(guess) if guess else None


def _is_conclusive_utf8(data_: bytes) -> bool:
    """True when ``data_`` is valid UTF-8 and that is no accident.

    A few GBK or Big5 characters can form valid UTF-8 by chance (about one pair in twelve
    does); several non-ASCII characters, or a plausible reading, cannot.
    """
    try:
        text = data_.decode("utf-8")
    except UnicodeDecodeError:
        return False
    wide = itertools.islice(re.finditer(r"[^\x00-\x7f]", text), _CONCLUSIVE_UTF8_CHARS)
    return sum(1 for _ in wide) >= _CONCLUSIVE_UTF8_CHARS or plausibility(text) >= 0.5


def score_candidates(data_: bytes, candidates: list[str]) -> list[tuple[float, str]]:
    """Each codec's plausibility on a sample of ``data_``, in the order given.

    A codec that cannot decode the sample at all (unknown or wide codecs) is left out.
    Replacement characters count against a codec, as garbage does.
    """
    sample = _sample(data_)
    scored = []
    for encoding in candidates:
        try:
            text, _errors = _decode_sample(sample, encoding)
        except LookupError:
            continue
        scored.append((plausibility(text), encoding))
    return scored


def _unique(names: list[str | None]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name and name not in out:
            out.append(name)
    return out


def wide_without_bom(data_: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a BOM, else None.

    Such text has its NUL bytes (the high bytes of ASCII) nearly all on one side of each
    byte pair, and reads plausibly in that codec.
    """
    head = data_[:8192]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if not even + odd or min(even, odd) > (even + odd) // 20:
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    text, errors = _decode_sample(head[:len(head) // 2 * 2], codec)
    return codec if not errors and plausibility(text) > 0.9 and not _CONTROL_RE.search(
        text.replace("\x00", "")) else None


def choose_encoding(data_: bytes) -> Choice:
    """Pick the codec for ``data_`` from its BOM, its declaration and its bytes."""
    for bom, name in data.BOMS:
        if data_.startswith(bom):
            return Choice(name, "bom")
    wide = wide_without_bom(data_)
    if wide:
        return Choice(wide, "nul-pattern")
    found = declared_charset(data_)
    label, how = found if found else (None, "")
    declared = normalise_encoding(label) if label else None
    if declared in data.ASCII_INCOMPATIBLE:
        declared = "utf-8"
    if not _NON_ASCII_RE.search(data_):
        return Choice(declared or "utf-8", how or "utf-8", label)
    if _is_conclusive_utf8(data_):  # then it is UTF-8, whatever the label says
        if declared in (None, "utf-8"):
            return Choice("utf-8", how or "utf-8", label)
        return Choice("utf-8", f"{how}-mismatch", label, "utf-8")
    detected = detect(data_)
    scored = score_candidates(data_, _unique([declared, detected, *data.CHINESE_CANDIDATES]))
    best_score, best = max(scored, key=lambda item: item[0])  # first of equals wins
    if _UTF8_HAN_RUN_RE.search(data_):
        other = max((item for item in scored if item[1] != "utf-8"), key=lambda item: item[0])
        if _is_mixed(data_, other[1]):
            return Choice(f"utf-8+{other[1]}", "mixed", label, detected)
    declared_score = next((s for s, name in scored if name == declared), None)
    if declared_score is not None and declared_score >= best_score - _DECLARED_MARGIN:
        return Choice(declared or best, how, label, detected)
    if label:
        return Choice(best, f"{how}-mismatch", label, detected)
    return Choice(best, "chardet" if best == detected else "fallback", None, detected)


def _segments(data_: bytes) -> list[bytes]:
    """``data_`` cut after every ``>`` and newline: bytes no CJK codec uses inside a character."""
    return _SEGMENT_RE.findall(data_)


def _segment_codec(segment: bytes, other: str) -> str:
    """``utf-8`` or ``other``, whichever reads ``segment`` more plausibly (ties: UTF-8).

    A segment with fewer than ``_MIXED_MIN_BYTES`` non-ASCII bytes stays UTF-8: a lone
    truncated character is an error to mark, not evidence of another encoding.
    """
    if len(_NON_ASCII_RE.findall(segment)) < _MIXED_MIN_BYTES:
        return "utf-8"
    as_utf8 = segment.decode("utf-8", "replace")
    if "\ufffd" not in as_utf8:
        return "utf-8"
    as_other = segment.decode(other, "replace")
    return other if plausibility(as_other) > plausibility(as_utf8) else "utf-8"


def _is_mixed(data_: bytes, other: str) -> bool:
    """True when some segments of ``data_`` are UTF-8 and others read best in ``other``."""
    codecs_seen = {_segment_codec(seg, other) for seg in _segments(data_) if not seg.isascii()}
    return codecs_seen == {"utf-8", other}


def decode_mixed(data_: bytes, other: str) -> tuple[str, int]:
    """Decode a page that mixes UTF-8 with ``other``, segment by segment.

    Returns the text and how many segments were read as ``other``.
    """
    parts, count = [], 0
    for segment in _segments(data_):
        codec = _segment_codec(segment, other)
        count += codec == other
        parts.append(segment.decode(codec, "replace"))
    return "".join(parts), count


def check_binary(data_: bytes, path: str | None = None) -> None:
    """Raise ``InputError`` when ``data_`` is empty or clearly not a text page.

    Binary means a known file signature, or NUL bytes in more than 1% of the first 8 KiB
    (a page in UTF-16/32 with a byte-order mark, or UTF-16 without one, is text).
    """
    if not data_.strip():
        raise InputError(path, "empty file")
    for signature, what in data.BINARY_SIGNATURES:
        if data_.startswith(signature):
            raise InputError(path, f"binary file ({what}), not a text page")
    if data_.startswith(b"RIFF") and data_[8:12] in data.RIFF_KINDS:
        raise InputError(path, f"binary file ({data.RIFF_KINDS[data_[8:12]]}), not a text page")
    head = data_[:8192]
    is_wide = any(head.startswith(bom) for bom, name in data.BOMS if name != "utf-8")
    if not is_wide and head.count(b"\x00") > len(head) // 100 and not wide_without_bom(data_):
        raise InputError(path, "binary file (NUL bytes), not a text page")


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` without a leading BOM, lone surrogates and control characters, plus warnings.

    Lone surrogates become U+FFFD (the repair stage marks them lost); NUL and other
    control characters (not tab, newline, carriage return or form feed) are removed.
    """
    warnings: list[str] = []
    text = text.removeprefix("\ufeff")
    surrogates = len(_SURROGATE_RE.findall(text))
    if surrogates:
        text = _SURROGATE_RE.sub("\ufffd", text)
        warnings.append(f"ingest: {surrogates} invalid surrogate code point(s) replaced by U+FFFD")
    controls = _CONTROL_RE.findall(text)
    if controls:
        text = _CONTROL_RE.sub("", text)
        nuls = controls.count("\x00")
        warnings.append(f"ingest: removed {len(controls)} control character(s) ({nuls} NUL)")
    return text, warnings


def decode(data_: bytes | str, path: str | None = None) -> Decoded:
    """Turn a page's bytes (or an already-decoded str) into text plus its ``Source``.

    Raises ``InputError`` for input that is not text: empty, or binary (a known file
    signature, or NUL bytes in the first kilobytes). Undecodable byte sequences are
    replaced by U+FFFD and reported in ``warnings``.
    """
    if isinstance(data_, str):
        raw = data_.encode("utf-8", "surrogatepass")
        if not data_.strip():
            raise InputError(path, "empty file")
        text, warnings = clean_text(data_)
        fmt = "html" if looks_like_html(text) else "text"
        source = Source(path, hashlib.sha256(raw).hexdigest(), "str", "str", format=fmt)
        return Decoded(text, source, warnings)
    check_binary(data_, path)
    choice = choose_encoding(data_)
    warnings = []
    if choice.method.endswith("-mismatch"):
        warnings.append(f"ingest: the page declares {choice.declared} but its bytes are "
                        f"{choice.encoding}; decoded as {choice.encoding}")
    if choice.method == "mixed":
        other = choice.encoding.split("+", 1)[1]
        text, count = decode_mixed(data_, other)
        warnings.append(f"ingest: the page mixes encodings: {count} segment(s) read as "
                        f"{other}, the rest as utf-8")
    else:
        text = data_.decode(choice.encoding, "replace")
    errors = text.count("\ufffd") - _genuine_replacements(data_, choice.encoding)
    if errors > 0:
        warnings.append(f"ingest: {errors} undecodable byte sequence(s) in {choice.encoding} "
                        "replaced by U+FFFD")
    text, cleaned = clean_text(text)
    fmt = "html" if looks_like_html(text) else "text"
    source = Source(path, hashlib.sha256(data_).hexdigest(), choice.encoding, choice.method,
                    choice.declared, choice.detected, fmt)
    return Decoded(text, source, warnings + cleaned)


def _genuine_replacements(data_: bytes, encoding: str) -> int:
    """U+FFFD characters that the page itself encodes (not decoding errors)."""
    try:
        marker = "\ufffd".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return 0
    return data_.count(marker)


#: Files larger than this are refused before they are read; see also
#: ``extract.MAX_PAGE_CHARS``, the limit on what is parsed.
MAX_FILE_BYTES = 256 * 1024 * 1024


def read_page(path: Path) -> bytes:
    """The bytes of one page; raises ``InputError`` with a one-line reason.

    A regular file larger than ``MAX_FILE_BYTES`` is refused before it is read; a pipe
    (``/dev/stdin``, a FIFO) is read up to that limit and refused beyond it; anything
    else (a device, a socket, a directory) is refused unread. The path in the reason is
    ``names.readable``, whatever bytes the name holds.
    """
    shown = readable(path)
    try:
        with path.open("rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if stat.S_ISREG(mode):
                size = os.fstat(handle.fileno()).st_size
                if size > MAX_FILE_BYTES:
                    raise InputError(shown, f"file too large: {size:,} bytes "
                                            f"(the limit is {MAX_FILE_BYTES:,})")
            elif not stat.S_ISFIFO(mode):
                raise InputError(shown, "not a regular file (a device or socket), not a page")
            data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise InputError(shown, f"file too large: over {MAX_FILE_BYTES:,} bytes")
            return data
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except IsADirectoryError:
        raise InputError(shown, "is a directory, not a page") from None
    except OSError as err:
        raise InputError(shown, f"cannot read: {err.strerror}") from None
