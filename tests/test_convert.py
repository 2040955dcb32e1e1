from pipeline.convert import chinese_punctuation, convert_text, to_simplified


def test_t2s_and_phrase_fix():
    assert to_simplified("關于進一步著力補齊") == "关于进一步着力补齐"


def test_punctuation_in_chinese_context():
    assert chinese_punctuation("近日,广东发布:如下;") == "近日，广东发布：如下；"
    assert chinese_punctuation("院校(含技工院校)等") == "院校（含技工院校）等"
    assert chinese_punctuation("version 1.2, see (a) and b: c") == "version 1.2, see (a) and b: c"


def test_convert_keeps_length():
    text = "廣東省衛生健康委發布《關于進一步完善的實施意見》,主要內容如下:"
    assert len(convert_text(text)) == len(text)
