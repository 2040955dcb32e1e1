from pipeline.numerals import chinese_to_int, int_to_chinese
from pipeline.parse import parse

DOC = "\n".join([
    "某省关于做好某项工作的实施意见摘要：",
    "近日，某省发布意见。",
    "一、总体要求",
    "坚持稳中求进。",
    "二、重点任务",
    "（一）优化服务。实施计划。",
    "补充说明。",
    "（二）提升能力。做好工作。",
    "（四）强化保障。加强领导。",
])


def test_sections_measures_and_spans():
    parsed = parse(DOC)
    assert parsed.title == "某省关于做好某项工作的实施意见"
    assert parsed.metadata.is_summary
    assert parsed.metadata.lede == "近日，某省发布意见。"
    assert [(n.id, n.label, n.title) for n in parsed.outline] == [
        ("s1", "一、", "总体要求"), ("s2", "二、", "重点任务")]
    measures = parsed.outline[1].children
    assert [(m.id, m.number, m.title) for m in measures] == [
        ("s2/m1", 1, "优化服务"), ("s2/m2", 2, "提升能力"), ("s2/m4", 4, "强化保障")]
    assert measures[0].text == "（一）优化服务。实施计划。\n补充说明。"
    for node in parsed.outline + measures:
        assert DOC[node.span[0]:node.span[1]] == node.text
    assert parsed.warnings == ["numbering: （四） found where 3 was expected (s2/m4)"]


def test_numerals():
    words = ["一", "十", "十八", "二十一", "一百零五", "两千五百", "三十三万"]
    assert [chinese_to_int(t) for t in words] == [1, 10, 18, 21, 105, 2500, 330000]
    assert chinese_to_int("二〇二三") == 2023
    assert chinese_to_int("abc") is None
    assert [int_to_chinese(n) for n in (1, 10, 13, 18, 105, 110)] == [
        "一", "十", "十三", "十八", "一百零五", "一百一十"]


def test_arbitrary_text_does_not_raise():
    for text in ["", "\n\n", "一、", "（）", "十、\n（十）"]:
        parse(text)
