import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.repair import repair_text
from pipeline.repair.annotations import find_annotations, is_reading


def test_tone_marked_annotations_are_removed():
    result = repair_text("關(guān)于進(jìn)一步完善")
    assert result.text == "關于進一步完善"
    assert [(c.start, c.end, c.note) for c in result.changes] == [(1, 7, "guān"), (9, 14, "jìn")]


def test_toneless_variant_is_removed():
    assert repair_text("发(fa)展").text == "发展"


def test_real_parentheticals_are_kept():
    for text in ["職業院校(含技工院校)等", "(一)優化", "(粵人社規〔2023〕1號)", "總值(GDP)增長",
                 "備案(ICP)號", "鄉鎮(街道)、村(社區)", "中(guo)國"]:
        assert repair_text(text).text == text


def test_reading_must_belong_to_the_character():
    assert is_reading("關", "guān")
    assert is_reading("關", "guan")
    assert not is_reading("關", "jìn")
    assert find_annotations("關(jìn)") == []


CLEAN_ALPHABET = "关于进一步完善和落实积极生育支持措施的实施意见，。、（）()一二三"


@given(st.text(alphabet=CLEAN_ALPHABET, max_size=60))
def test_text_without_annotations_is_unchanged(text):
    assert repair_text(text).text == text


#: Characters with one reading each, and bracketed strings to follow them.
READING = {"进": "jìn", "关": "guān", "实": "shí", "完": "wán", "善": "shàn", "關": "guān"}
BRACKETED = ["", "(jìn)", "(guān)", "(shí)", "(wán)", "(shan)", "(guan)", "(GDP)", "(一)",
             "(含技工院校)", "(xyz)"]


@given(st.lists(st.tuples(st.sampled_from(sorted(READING)), st.sampled_from(BRACKETED)),
                max_size=30))
def test_only_a_reading_of_the_character_before_is_removed(pairs):
    text = "".join(char + bracket for char, bracket in pairs)
    expected = "".join(
        char if bracket[1:-1] in {READING[char], _toneless(READING[char])} else char + bracket
        for char, bracket in pairs)
    assert repair_text(text).text == expected


def _toneless(reading: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", reading) if c.isascii())



def test_a_reading_of_the_simplified_form_validates_an_annotation():
    # pypinyin reads 績 jī only; annotators read the Simplified 绩 (jì)
    assert [(c.start, c.end) for c in find_annotations("績(jì)效管理")] == [(1, 5)]
    assert [(c.start, c.end) for c in find_annotations("績(jī)效")] == [(1, 5)]
    # a reading of neither form stays text
    assert find_annotations("績(xiào)效") == []


@pytest.fixture(scope="module")
def build_sources():
    """``scripts/build_sources.py`` as a module (it needs marisa-trie, a test extra)."""
    pytest.importorskip("marisa_trie")
    path = Path(__file__).resolve().parent.parent / "scripts" / "build_sources.py"
    spec = importlib.util.spec_from_file_location("build_sources", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_reading_of_any_simplified_source_validates_an_annotation():
    # OpenCC's t2s keeps 瞭 (瞭望), but its s2t writes 了解 as 瞭解: the annotator read 了
    assert [(c.start, c.end, c.note) for c in find_annotations("據瞭(le)解，")] == [
        (2, 6, "le")]
    # 著 is s2tw's 着 (着力 -> 著力): read zhuó as 着
    assert [(c.start, c.end) for c in find_annotations("著(zhuó)力")] == [(1, 7)]
    # a reading of none of the forms stays text
    assert find_annotations("瞭(wàng)望") == []


def _source_pairs() -> list[tuple[str, str]]:
    from pipeline.repair.annotations import _reading_table, _sources

    table = _reading_table()
    return [(trad, simple) for trad, simples in sorted(_sources().items())
            for simple in simples if table.get(simple)]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(_source_pairs()))
def test_every_reading_of_a_simplified_source_validates_its_annotation(pair):
    """Each Traditional character of ``data/simplified_sources.tsv`` followed by a reading
    of one of its sources (tone-marked, as annotators write) is an annotation."""
    from pipeline.repair.annotations import _reading_table

    trad, simple = pair
    for reading in _reading_table()[simple].split("\t")[0].split(","):
        text = f"{trad}({reading})"
        assert [(c.start, c.end) for c in find_annotations(text)] == [(1, len(text))]


def test_simplified_sources_table_is_current(build_sources):
    """``data/simplified_sources.tsv`` is what scripts/build_sources.py builds from the
    installed OpenCC's dictionaries (another OpenCC release may change them: then the
    table is to be rebuilt, which the skip says)."""
    table = build_sources.OUT.read_text("utf-8").splitlines()
    assert "瞭\t了" in table and "著\t着" in table
    built_with = table[0].split()[2]
    if built_with != build_sources.opencc_version():
        pytest.skip(f"table built with OpenCC {built_with}, installed "
                    f"{build_sources.opencc_version()}: run scripts/build_sources.py")
    assert table[1:] == build_sources.rows()


def test_reading_an_opencc_dictionary_rejects_other_files(build_sources, tmp_path):
    bad = tmp_path / "x.ocd2"
    bad.write_bytes(b"OPENCC_MARISA_0.2.4 not this")
    with pytest.raises(ValueError, match="not an OpenCC binary dictionary"):
        build_sources.read_ocd2(bad)
    found = build_sources.read_ocd2(build_sources.dictionary_dir() / "STCharacters.ocd2")
    assert found["了"] == ["了", "瞭"] and found["发"] == ["發", "髮"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.integers(0x3400, 0x9FFF))
def test_reading_table_agrees_with_pypinyin(code):
    """``data/readings.tsv`` (generated by scripts/build_readings.py) says what pypinyin
    says of each character: tone-marked and toneless heteronyms."""
    from pypinyin import Style, pinyin

    from pipeline.repair.annotations import _reading_table

    char = chr(code)
    row = _reading_table().get(char)
    known = pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")
    if not known or not known[0]:
        assert row is None
        return
    tone, plain, usual = row.split("\t")
    assert set(tone.split(",")) == set(known[0])
    # the usual readings: the first one and those pypinyin's phrases use, all known ones
    assert usual.split(",")[0] == known[0][0] and set(usual.split(",")) <= set(known[0])
    assert set(plain.split(",")) == set(
        pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0])


def test_usual_readings_leave_out_heteronyms_no_phrase_uses():
    from pipeline.repair.annotations import usual_readings

    assert "wèi" not in usual_readings("立") and "lì" in usual_readings("立")
    assert {"wéi", "wèi", "wei"} <= usual_readings("爲")  # through 为's phrases
    assert {"zhǎng", "cháng", "chang"} <= usual_readings("長")
    assert "jì" in usual_readings("績")  # the Simplified form's reading


def test_validating_annotations_loads_no_pypinyin():
    """Cold start: the repair stage reads its own table, never pypinyin's dictionaries."""
    import subprocess
    import sys

    code = ("import sys\nfrom pipeline.repair import repair_text\n"
            "print(repair_text('關(guān)于').text, 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "關于 False"  # conversion is a later stage
