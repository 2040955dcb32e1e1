import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.ingest import choose_encoding, decode, normalise_encoding, plausibility

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


# --- the declaration cross-checked against the bytes -----------------------------------

SIMPLIFIED = ("关于加强社区养老服务的实施意见。坚持政府主导、社会参与、市场运作，"
              "到2025年，全市社区养老服务设施覆盖率达到百分之百。")
TRADITIONAL = ("關於加強社區養老服務的實施意見。堅持政府主導、社會參與、市場運作，"
               "到2025年，全市社區養老服務設施覆蓋率達到百分之百。")


def _page(charset: str, body: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{body}</p></body></html>'


@pytest.mark.parametrize("declared, text, codec, encoding, method", [
    ("gb2312", SIMPLIFIED, "gbk", "gb18030", "meta"),
    ("big5", TRADITIONAL, "big5", "big5hkscs", "meta"),
    ("utf-8", SIMPLIFIED, "utf-8", "utf-8", "meta"),
    ("gbk", TRADITIONAL, "big5", "big5hkscs", "meta-mismatch"),
    ("big5", SIMPLIFIED, "gbk", "gb18030", "meta-mismatch"),
    ("gb2312", SIMPLIFIED, "utf-8", "utf-8", "meta-mismatch"),
    ("utf-8", SIMPLIFIED, "gbk", "gb18030", "meta-mismatch"),
    ("iso-8859-1", SIMPLIFIED, "gbk", "gb18030", "meta-mismatch"),
    ("utf-16", SIMPLIFIED, "utf-8", "utf-8", "meta"),
])
def test_declared_charset_is_checked_against_the_bytes(declared, text, codec, encoding, method):
    decoded = decode(_page(declared, text).encode(codec), "p.html")
    assert (decoded.source.encoding, decoded.source.encoding_method) == (encoding, method)
    assert decoded.source.declared == declared
    assert text in decoded.text
    mismatch = [w for w in decoded.warnings if "declares" in w]
    if method == "meta-mismatch":
        assert mismatch == [f"ingest: the page declares {declared} but its bytes are "
                            f"{encoding}; decoded as {encoding}"]
    else:
        assert mismatch == []


@pytest.mark.parametrize("text, codec, encoding", [
    (TRADITIONAL, "big5", "big5hkscs"),
    (SIMPLIFIED, "gbk", "gb18030"),
    ("通知", "gbk", "gb18030"),  # four bytes that also happen to be valid UTF-8
    ("通知", "utf-8", "utf-8"),
])
def test_undeclared_bytes_are_read_by_what_they_say(text, codec, encoding):
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.source.encoding == encoding
    assert decoded.warnings == []


def test_gb18030_four_byte_and_private_use_characters():
    text = SIMPLIFIED + "𠀀𪚥\ue000\ue5e5" + SIMPLIFIED
    data = text.encode("gb18030")
    assert b"\x95\x32\x82\x36" in data  # 𠀀 is a four-byte sequence
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.source.encoding == "gb18030"
    assert decoded.warnings == []


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE),
                                        ("utf-16-be", codecs.BOM_UTF16_BE),
                                        ("utf-32-le", codecs.BOM_UTF32_LE)])
def test_utf16_and_utf32_with_bom(codec, bom):
    page = _page("utf-8", SIMPLIFIED)
    decoded = decode(bom + page.encode(codec))
    assert decoded.text == page
    assert (decoded.source.encoding, decoded.source.encoding_method) == (codec, "bom")
    assert decoded.source.format == "html"


def test_truncated_multibyte_sequences_are_replaced_with_a_warning():
    data = SIMPLIFIED.encode("utf-8")
    cut = data[:10] + data[12:] + "实".encode()[:2]  # one character cut inside, one at the end
    decoded = decode(cut)
    assert decoded.source.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 2
    assert decoded.warnings == [
        "ingest: 2 undecodable byte sequence(s) in utf-8 replaced by U+FFFD"]


def test_genuine_replacement_characters_are_not_counted_as_errors():
    decoded = decode(("坏字\ufffd" + SIMPLIFIED).encode("utf-8"))
    assert decoded.warnings == []


def test_encoded_surrogates_in_bytes_and_lone_surrogates_in_str():
    decoded = decode(SIMPLIFIED.encode() + b"\xed\xa0\x80" + SIMPLIFIED.encode())
    assert decoded.source.encoding == "utf-8"
    assert "\ufffd" in decoded.text
    assert decoded.warnings == [
        "ingest: 3 undecodable byte sequence(s) in utf-8 replaced by U+FFFD"]
    from_str = decode("前\ud800后\udfff")
    assert from_str.text == "前\ufffd后\ufffd"
    assert from_str.warnings == [
        "ingest: 2 invalid surrogate code point(s) replaced by U+FFFD"]


def test_a_few_nul_and_control_bytes_are_removed_with_a_warning():
    text = SIMPLIFIED * 3
    data = (text[:10] + "\x00\x00" + text[10:] + "\x1b\x07").encode("utf-8")
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.warnings == ["ingest: removed 4 control character(s) (2 NUL)"]


def test_c1_controls_are_kept_for_the_repair_stage():
    garbled = "关于".encode().decode("latin-1")  # has U+0085 and U+008x
    decoded = decode(("<p>" + garbled + "</p>").encode("utf-8"))
    assert garbled in decoded.text


@pytest.mark.parametrize("data, what", [
    (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
    (b"\x7fELF\x02\x01\x01", "an ELF executable"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "a WebP image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an OLE document (doc/xls/ppt)"),
])
def test_binary_signatures(data, what):
    with pytest.raises(InputError) as info:
        decode(data + b"text" * 10, "f")
    assert info.value.reason == f"binary file ({what}), not a text page"


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200))
@settings(max_examples=100, deadline=None)
def test_plausibility_is_a_share(text):
    assert 0.0 <= plausibility(text) <= 1.0


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL, "（一）总体要求：“一老一小”……"])
def test_correct_chinese_text_is_plausible_and_garbled_text_is_not(text):
    assert plausibility(text) > 0.95
    checked = 0
    for wrong in ("big5hkscs", "gb18030", "cp1252"):
        for right in ("gbk", "big5", "utf-8"):
            try:
                data = text.encode(right)
            except UnicodeError:
                continue  # Big5 has no code for Simplified-only characters
            garbled = data.decode(wrong, "replace")
            if garbled != text:
                assert plausibility(garbled) < 0.75, (right, wrong, garbled)
                checked += 1
    assert checked >= 5


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    page = _page("utf-8", SIMPLIFIED)
    decoded = decode(page.encode(codec))
    assert (decoded.text, decoded.source.encoding, decoded.source.encoding_method) == (
        page, codec, "nul-pattern")
    text = SIMPLIFIED.replace("2025", "二〇二五")  # no ASCII, no NUL: plausibility decides
    bare = decode(text.encode(codec))
    assert (bare.text, bare.source.encoding, bare.source.encoding_method) == (
        text, codec, "fallback")


def test_page_mixing_utf8_and_gbk_is_decoded_segment_by_segment():
    head = f"<html><head><title>{SIMPLIFIED[:15]}</title></head><body>\n".encode()
    body = f"<p>{SIMPLIFIED}</p><p>{TRADITIONAL[:10]}</p>".encode("gbk", "replace")
    decoded = decode(head + body + b"\n</body></html>\n")
    assert decoded.source.encoding == "utf-8+gb18030"
    assert decoded.source.encoding_method == "mixed"
    assert SIMPLIFIED[:15] in decoded.text and SIMPLIFIED in decoded.text
    assert decoded.warnings == [
        "ingest: the page mixes encodings: 2 segment(s) read as gb18030, the rest as utf-8"]


def test_a_truncated_character_alone_in_a_segment_is_not_another_encoding():
    data = f"<p>{SIMPLIFIED}</p><b>".encode() + "施".encode()[:2] + b"</b>"
    decoded = decode(data)
    assert decoded.source.encoding == "utf-8"
    assert decoded.text.endswith("<b>\ufffd</b>")
