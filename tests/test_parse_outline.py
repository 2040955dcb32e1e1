"""The outline grammar: levels by order of appearance, legal ranks, ids, warnings."""

from __future__ import annotations

from pipeline.parse.outline import parse_outline


def flat(text: str) -> list[tuple]:
    roots, _ = parse_outline(text)
    out: list[tuple] = []

    def walk(nodes, depth):
        for n in nodes:
            out.append((depth, n.id, n.kind, n.label, n.number, n.title))
            walk(n.children, depth + 1)

    walk(roots, 0)
    return out


def test_legal_sections_nest_under_chapters_even_after_articles():
    text = ("第一章 总则\n第一条 目的。\n第二章 分则\n第二条 内容。\n"
            "第一节 一般规定\n第三条 规定。\n"
            "第二节 特别规定\n第四条　特别。\n第三章 附则\n第五条 施行。")
    assert flat(text) == [
        (0, "c1", "chapter", "第一章", 1, "总则"), (1, "c1/a1", "article", "第一条", 1, ""),
        (0, "c2", "chapter", "第二章", 2, "分则"), (1, "c2/a2", "article", "第二条", 2, ""),
        (1, "c2/p1", "section", "第一节", 1, "一般规定"),
        (2, "c2/p1/a3", "article", "第三条", 3, ""),
        (1, "c2/p2", "section", "第二节", 2, "特别规定"),
        (2, "c2/p2/a4", "article", "第四条", 4, ""),
        (0, "c3", "chapter", "第三章", 3, "附则"), (1, "c3/a5", "article", "第五条", 5, ""),
    ]
    assert parse_outline(text)[1] == []  # article numbers run on across chapters


def test_mixed_punctuation_and_four_levels():
    text = "一、甲\n(一)子。正文\n1.细\n（1）末\n2、细二\n（二）子二\n①圈\n②圈二"
    assert flat(text) == [
        (0, "s1", "section", "一、", 1, "甲"),
        (1, "s1/m1", "measure", "(一)", 1, "子"),
        (2, "s1/m1/i1", "item", "1.", 1, "细"),
        (3, "s1/m1/i1/i1", "item", "（1）", 1, "末"),
        (2, "s1/m1/i2", "item", "2、", 2, "细二"),
        (1, "s1/m2", "measure", "（二）", 2, "子二"),
        (2, "s1/m2/i1", "item", "①", 1, "圈"),
        (2, "s1/m2/i2", "item", "②", 2, "圈二"),
    ]


def test_levels_follow_the_order_schemes_appear_in():
    # （一） first, so it is the outer level and 一、 nests under it
    assert flat("（一）外\n一、内\n二、内二\n（二）外二") == [
        (0, "m1", "measure", "（一）", 1, "外"), (1, "m1/s1", "section", "一、", 1, "内"),
        (1, "m1/s2", "section", "二、", 2, "内二"), (0, "m2", "measure", "（二）", 2, "外二")]


def test_repeated_numbers_get_unique_ids_and_warnings():
    roots, warnings = parse_outline("一、甲\n（一）子\n（一）又\n（三）丙\n一、乙")
    ids = [n.id for n in roots] + [c.id for c in roots[0].children]
    assert ids == ["s1", "s1_2", "s1/m1", "s1/m1_2", "s1/m3"]
    assert warnings == [
        "numbering: （一） repeated where 2 was expected (s1/m1_2)",
        "numbering: （三） found where 2 was expected (s1/m3)",
        "numbering: 一、 repeated where 2 was expected (s1_2)",
    ]


def test_numerals_to_the_hundreds():
    roots, warnings = parse_outline("第九十九条 甲\n第一百条 乙\n第一百零一条 丙")
    assert [(n.id, n.number) for n in roots] == [("a99", 99), ("a100", 100), ("a101", 101)]
    assert warnings == ["numbering: 第九十九条 found where 1 was expected (a99)"]


def test_article_items_and_bracket_title():
    text = "第一条【目的】为了规范。\n第二条　下列：\n1．甲；\n2．乙。\n第三条 完"
    assert flat(text) == [
        (0, "a1", "article", "第一条", 1, "目的"), (0, "a2", "article", "第二条", 2, ""),
        (1, "a2/i1", "item", "1．", 1, ""), (1, "a2/i2", "item", "2．", 2, ""),
        (0, "a3", "article", "第三条", 3, "")]


def test_attachment_headings_hold_their_content():
    text = "正文\n附件1\n一、附件内容\n（一）项\n附件2：表格\n内容"
    assert flat(text) == [
        (0, "att1", "attachment", "附件1", 1, ""),
        (1, "att1/s1", "section", "一、", 1, "附件内容"),
        (2, "att1/s1/m1", "measure", "（一）", 1, "项"),
        (0, "att2", "attachment", "附件2", 2, "表格")]


def test_attachment_list_closes_the_body():
    text = "一、甲\n正文。\n附件：1．方案\n2．分工表\n此后不是附件。"
    roots, _ = parse_outline(text)
    assert [(n.id, n.kind, n.title, n.text) for n in roots] == [
        ("s1", "section", "甲", "一、甲\n正文。"),
        ("att1", "attachment", "方案", "1．方案"),
        ("att2", "attachment", "分工表", "2．分工表")]


def test_indented_labels_and_end_limit():
    text = "\u3000\u3000一、甲\n正文\n署名"
    roots, _ = parse_outline(text, end=text.index("署名"))
    assert roots[0].label == "一、" and roots[0].text == "一、甲\n正文"
    assert text[roots[0].span[0]:roots[0].span[1]] == roots[0].text


def test_parts_hold_chapters():
    text = "第一部分 总体要求\n一、目标\n第二部分 重点任务\n第一章 托育\n第一条 甲"
    assert flat(text) == [
        (0, "d1", "chapter", "第一部分", 1, "总体要求"), (1, "d1/s1", "section", "一、", 1, "目标"),
        (0, "d2", "chapter", "第二部分", 2, "重点任务"),
        (1, "d2/c1", "chapter", "第一章", 1, "托育"),
        (2, "d2/c1/a1", "article", "第一条", 1, "")]


def test_single_attachment_without_number():
    roots, warnings = parse_outline("一、甲\n附件：某某方案\n某省民政厅")
    assert [(n.id, n.kind, n.label, n.number, n.title, n.text) for n in roots] == [
        ("s1", "section", "一、", 1, "甲", "一、甲"),
        ("att1", "attachment", "附件：", 1, "某某方案", "附件：某某方案")]
    assert warnings == []


def test_paragraph_after_item_list_belongs_to_the_article():
    text = ("第六条 下列事项应当登记：\n（一）甲；\n（二）乙。\n"
            "登记机关应当公告。\n第七条 完")
    roots, _ = parse_outline(text)
    article, last = roots[0], roots[0].children[-1]
    assert [c.label for c in article.children] == ["（一）", "（二）"]
    assert last.text == "（二）乙。"
    assert article.text == ("第六条 下列事项应当登记：\n（一）甲；\n（二）乙。\n"
                            "登记机关应当公告。")
    assert roots[1].label == "第七条"


def test_second_item_list_after_a_paragraph_nests_under_the_article():
    text = ("第五条 应当提交：\n(一)甲；\n(二)乙。\n其中，还应当提交：\n(一)丙；\n(二)丁。\n"
            "可以调查核实。")
    roots, _ = parse_outline(text)
    article = roots[0]
    assert [(c.label, c.text) for c in article.children] == [
        ("(一)", "(一)甲；"), ("(二)", "(二)乙。"), ("(一)", "(一)丙；"), ("(二)", "(二)丁。")]
    assert article.text.endswith("(二)丁。\n可以调查核实。")


def test_paragraphs_of_a_measure_outside_articles_stay_in_it():
    text = "一、总体要求\n（一）目标。\n到2025年建成体系。\n（二）任务。"
    roots, _ = parse_outline(text)
    first = roots[0].children[0]
    assert first.text == "（一）目标。\n到2025年建成体系。"
