"""Ingest: bytes to text, recording which encoding was used and why.

Order of evidence: a byte-order mark; then a charset declared by an HTML ``<meta>`` or an
XML declaration; then chardet over the bytes. A declared charset that cannot decode the
bytes cleanly loses to what the bytes say. GBK-family names are widened to GB18030 (a
strict superset), so four-byte sequences and private-use characters decode.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

import chardet

from pipeline.errors import InputError
from pipeline.model import Source

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_RE = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_RE = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|div|p|table|title)\b", re.I)
#: How much of the page is searched for a declaration, and fed to chardet.
_SNIFF_BYTES = 4096
_DETECT_BYTES = 64 * 1024
#: Names widened to the codec that decodes every page labelled with them.
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
          "big5": "big5hkscs", "ascii": "utf-8", "iso-8859-1": "cp1252",
          "windows-1252": "cp1252", "latin-1": "cp1252"}


@dataclass(frozen=True)
class Decoded:
    """The text of a page and the record of how it was decoded."""

    text: str
    source: Source


def normalise_encoding(name: str) -> str | None:
    """The Python codec name for a charset label, widened (gb2312 -> gb18030); None if unknown."""
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _WIDEN.get(canonical, _WIDEN.get(name.strip().lower(), canonical))


def looks_like_html(data: bytes) -> bool:
    """True when the first bytes of the page carry an HTML tag."""
    return bool(_HTML_RE.search(data[:_SNIFF_BYTES]))


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """The (label, method) of a charset the page declares, method ``meta`` or ``xml``."""
    head = data[:_SNIFF_BYTES]
    match = _XML_RE.search(head)
    if match:
        return match.group(1).decode("ascii"), "xml"
    match = _META_RE.search(head)
    if match:
        return match.group(1).decode("ascii"), "meta"
    return None


def _decodes_cleanly(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect(data: bytes) -> str | None:
    """What chardet says the bytes are, as a widened codec name, or None."""
    guess = chardet.detect(data[:_DETECT_BYTES]).get("encoding")
    return normalise_encoding(guess) if guess else None


def choose_encoding(data: bytes) -> tuple[str, str, str | None, str | None]:
    """Pick the codec for ``data``: returns (encoding, method, declared, detected)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, "bom", None, None
    declared = declared_charset(data)
    label = declared[0] if declared else None
    if declared:
        name = normalise_encoding(declared[0])
        if name and _decodes_cleanly(data, name):
            return name, declared[1], label, None
    if _decodes_cleanly(data, "utf-8"):
        return "utf-8", "utf-8", label, None
    detected = detect(data)
    if detected and _decodes_cleanly(data, detected):
        return detected, "chardet", label, detected
    for fallback in ("gb18030", "big5hkscs"):
        if _decodes_cleanly(data, fallback):
            return fallback, "fallback", label, detected
    return detected or "utf-8", "chardet-lossy", label, detected


def decode(data: bytes | str, path: str | None = None) -> Decoded:
    """Turn a page's bytes (or an already-decoded str) into text plus its ``Source``.

    Raises ``InputError`` for input that is not text: empty, or binary (NUL bytes in
    the first kilobytes, or a known binary signature).
    """
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
        text = data.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(data) else data
        sha = hashlib.sha256(raw).hexdigest()
        fmt = "html" if looks_like_html(raw) else "text"
        return Decoded(text.lstrip("\ufeff"), Source(path, sha, "str", "str", format=fmt))
    check_binary(data, path)
    encoding, method, declared, detected = choose_encoding(data)
    errors = "strict" if method != "chardet-lossy" else "replace"
    text = data.decode(encoding, errors)
    if text.startswith("\ufeff"):
        text = text[1:]
    fmt = "html" if looks_like_html(data) else "text"
    source = Source(path, hashlib.sha256(data).hexdigest(), encoding, method, declared,
                    detected, fmt)
    return Decoded(text, source)


_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def check_binary(data: bytes, path: str | None = None) -> None:
    """Raise ``InputError`` when ``data`` is empty or clearly not a text page."""
    if not data.strip():
        raise InputError(path, "empty file")
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(path, f"binary file ({what}), not a text page")
    head = data[:8192]
    is_wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not is_wide and head.count(b"\x00") > len(head) // 100:
        raise InputError(path, "binary file (NUL bytes), not a text page")


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)
