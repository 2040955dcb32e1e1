from hypothesis import given
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
