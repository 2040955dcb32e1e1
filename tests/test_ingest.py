import codecs

import pytest

from pipeline.errors import InputError
from pipeline.ingest import choose_encoding, decode, normalise_encoding

TEXT = "关于进一步完善和落实积极生育支持措施的实施意见"


def test_utf8_bom_is_used_and_stripped():
    decoded = decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert decoded.text == TEXT
    assert (decoded.source.encoding, decoded.source.encoding_method) == ("utf-8", "bom")


def test_meta_charset_gb2312_is_widened_to_gb18030():
    page = f'<html><head><meta charset="gb2312"></head><body><p>{TEXT}</p></body></html>'
    decoded = decode(page.encode("gb18030"))
    assert decoded.source.encoding == "gb18030"
    assert decoded.source.encoding_method == "meta"
    assert decoded.source.declared == "gb2312"
    assert decoded.source.format == "html"
    assert TEXT in decoded.text


def test_xml_declaration():
    page = f'<?xml version="1.0" encoding="GBK"?><doc>{TEXT}</doc>'.encode("gbk")
    choice = choose_encoding(page)
    assert (choice.encoding, choice.method, choice.declared) == ("gb18030", "xml", "GBK")


def test_undeclared_gbk_bytes_go_to_chardet():
    data = (TEXT * 5).encode("gbk")
    decoded = decode(data)
    assert decoded.text == TEXT * 5
    assert decoded.source.encoding_method in {"chardet", "fallback"}


def test_plain_utf8_text():
    decoded = decode(TEXT.encode("utf-8"), "a.txt")
    assert decoded.text == TEXT
    assert decoded.source.path == "a.txt"
    assert decoded.source.format == "text"
    assert len(decoded.source.sha256) == 64


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (a PNG image), not a text page"),
    (b"%PDF-1.7\n", "binary file (a PDF document), not a text page"),
    (b"abc\x00\x00\x00\x00def" * 10, "binary file (NUL bytes), not a text page"),
])
def test_unusable_input_raises_one_line_reason(data, reason):
    with pytest.raises(InputError) as info:
        decode(data, "x.bin")
    assert str(info.value) == f"x.bin: {reason}"


def test_normalise_encoding():
    assert normalise_encoding("GB2312") == "gb18030"
    assert normalise_encoding("utf8") == "utf-8"
    assert normalise_encoding("no-such-charset") is None
