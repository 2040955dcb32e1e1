"""Forward processes of the mojibake families, to garble clean text in tests.

Each function takes clean text and returns what a page shows after the wrong decoding:
the real bytes of ``encoding`` read by the decoder of the family.
"""

from __future__ import annotations


def sloppy_single_byte(data: bytes) -> str:
    """Windows-1252 where it defines a byte, Latin-1 (C1 controls) where it does not."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def gbk_as_latin1(text: str) -> str:
    """GBK bytes shown by a Latin-1 decoder."""
    return text.encode("gbk").decode("latin-1")


def gbk_as_utf8_else_latin1(text: str) -> str:
    """GBK bytes shown by a decoder that reads valid UTF-8 sequences as UTF-8 and every
    other byte as Latin-1 (how ``ÊÐ³¡`` becomes ``Êг¡``)."""
    data = text.encode("gbk")
    out, i = [], 0
    while i < len(data):
        for size in (4, 3, 2):
            try:
                out.append(data[i:i + size].decode("utf-8"))
            except UnicodeDecodeError:
                continue
            if len(out[-1]) == 1 and size > 1:
                i += size
                break
            out.pop()
        else:
            out.append(chr(data[i]))
            i += 1
    return "".join(out)


def gbk_as_cp1252(text: str) -> str:
    """GBK bytes shown by a Windows-1252 decoder."""
    return sloppy_single_byte(text.encode("gbk"))


def utf8_as_cp1252(text: str) -> str:
    """UTF-8 bytes shown by a Windows-1252 decoder."""
    return sloppy_single_byte(text.encode("utf-8"))


def gbk_decode_like_browser(data: bytes, lost: str = "\ufffd") -> str:
    """Decode ``data`` as a browser's GBK decoder does (WHATWG, two-byte part).

    0x80 alone is the euro sign; a lead byte followed by an ASCII byte that cannot be its
    trail becomes ``lost`` and the ASCII byte is read again; a lead byte at the end of the
    data becomes ``lost``.
    """
    out = []
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b == 0x80:
            out.append("\u20ac")
            i += 1
        else:
            try:
                out.append(data[i:i + 2].decode("gb18030"))
                if len(out[-1]) != 1:
                    raise UnicodeDecodeError("gb18030", data, i, i + 2, "not one char")
                i += 2
            except UnicodeDecodeError:
                out.append(lost)
                i += 1 if i + 1 >= len(data) or data[i + 1] < 0x80 else 2
    return "".join(out)


def utf8_as_gbk(text: str, lost: str = "\ufffd") -> str:
    """UTF-8 bytes shown by a GBK decoder; unpairable bytes become ``lost``."""
    return gbk_decode_like_browser(text.encode("utf-8"), lost)


def strict_cp1252(data: bytes) -> str:
    """Windows-1252 as Python decodes it with ``errors="replace"``: U+FFFD for the five
    bytes it leaves undefined."""
    return data.decode("cp1252", errors="replace")
