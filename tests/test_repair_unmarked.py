"""Runs with no ``?``: a lead byte that vanished without a mark (``repair/unmarked.py``)."""

from __future__ import annotations

import pytest

from pipeline.corrupt import garble
from pipeline.repair import _prepare, repair_blocks
from pipeline.repair.lm import PageModel, load
from pipeline.repair.unmarked import annotated_trails, rare_chars, suspect_starts

PAGE = ["各地要抓緊制定實施方案。"]


def vanished(text: str, index: int) -> str:
    """``text`` with the lead byte of character ``index`` gone, decoded as the real pages
    were (every full-width form folded, any ASCII byte below 0x40 swallowed)."""
    return garble(text, {}, vanished=frozenset({index}), fold_all=True, swallow_any=True)


@pytest.mark.parametrize(("text", "index", "shown"), [
    # 導 vanishes: its trail and every pair after it until , is back in step
    ("各級人民政府應當加強對社會保障工作的領導，保障資金按時足額發放。", 19, "領ВU腺Y金"),
    # 地 vanishes: 兀嘤龎汛笮屡d
    ("推動科技成果在本地轉化落地，培育壯大新興產業。", 12, "落兀嘤龎汛笮屡d"),
])
def test_a_run_whose_lead_byte_vanished_without_a_mark_is_decoded(text, index, shown):
    garbled = vanished(text, index)
    assert "?" not in garbled and shown in garbled
    result = repair_blocks([*PAGE, garbled])[1]
    assert result.text.replace(",", "，") == text  # a folded comma is convert's to unfold
    [change] = [c for c in result.changes if c.kind == "gbk-shift"]
    assert garbled[change.start:change.end].startswith(shown[1:3])


@pytest.mark.parametrize("text", [
    "李克強總理在國務院常務會議上指出，要推進鄱陽湖生態經濟區建設。",
    "對口幫扶粵東粵西粵北地區，推動珠三角地區產業有序轉移。",
    "發行A股和H股的公司應當按照規定披露信息。",
    "落實紓困政策，幫助中小企業渡過難關。",  # 紓: very rare, a block to look at, no run
])
def test_clean_text_with_rare_characters_is_left_alone(text):
    assert repair_blocks([*PAGE, text])[1].changes == []


def test_suspected_starts_are_the_first_unlikely_characters_and_the_one_before():
    model = load()
    garbled = vanished("推動科技成果在本地轉化落地，培育壯大新興產業。", 12)
    tokens = _prepare(garbled, rare_chars(model)).tokens
    starts = suspect_starts(tokens, PageModel(model))
    assert [tokens[k].text for k in starts][:2] == ["落", "兀"]
    clean = "李克強總理在國務院常務會議上指出，要推進鄱陽湖生態經濟區建設。"
    assert suspect_starts(_prepare(clean, rare_chars(model)).tokens, PageModel(model)) == []


def test_a_block_with_no_very_rare_character_is_not_tokenized():
    model = load()
    assert _prepare("各地要抓緊制定實施方案。", rare_chars(model)).tokens == []
    assert not rare_chars(model).suspicious("各地要抓緊制定實施方案。")
    assert not rare_chars(model).suspicious("要推進鄱陽湖生態經濟區建設")  # 鄱: rare, not very
    assert rare_chars(model).suspicious("源鐣U喜块T")  # 鐣
    assert rare_chars(model).is_rare("喜") is False and rare_chars(model).is_rare("鄱")


def annotated_and_vanished(text: str, vanish: int, *annotate: int) -> str:
    """``text`` with the lead byte of character ``vanish`` gone and the characters
    ``annotate`` annotated with their readings, decoded as the real pages were."""
    return garble(text, dict.fromkeys(annotate, False), vanished=frozenset({vanish}),
                  fold_all=True, swallow_any=True)


@pytest.mark.parametrize(("text", "vanish", "annotate", "shown"), [
    # after folded punctuation, and after an annotated character (in step: the run
    # starts at the trail)
    ("異地居住，醫保待遇如何享受。", 5, (5,), "住,t(yī)保"),
    ("支持企業開發見習崗位並給予見習補貼。", 15, (14, 15), "習(xí)a(bǔ)貼"),
    # 縣 (BF 68) loses BF: its trail shows as h, and its own annotation follows
    ("據縣氣象局預報本週後期將出現降溫。", 1, (1,), "據h(xiàn)氣"),
    # 次 (B4 CE) loses B4: CE and the lead of 貸 (D9 4A) show 钨, then J and 貸's reading
    ("對首次貸款的個體工商戶給予貼息。", 2, (3,), "首钨J(dài)款"),
    # 補 (D1 61) loses D1 after a run of clean text
    ("支持企業開發見習崗位並給予見習補貼。", 15, (15,), "見習a(bǔ)貼"),
])
def test_a_run_ending_at_an_annotated_trail_byte_is_decoded(text, vanish, annotate, shown):
    garbled = annotated_and_vanished(text, vanish, *annotate)
    assert "?" not in garbled and shown in garbled
    result = repair_blocks([*PAGE, garbled])[1]
    assert result.text.replace(",", "，") == text  # a folded comma is convert's to unfold
    [change] = [c for c in result.changes if c.kind == "gbk-shift"]
    assert garbled[change.end - 1] == ")"


@pytest.mark.parametrize("text", [
    "漢語拼音中的a(ā)、o(ō)、e(ē)是單韻母。",  # readings of Latin letters, not garble
    "維生素C(wéi)片",
    "型號為X(xíng)的產品",
])
def test_a_latin_letter_with_a_reading_after_it_is_left_alone(text):
    assert repair_blocks([*PAGE, text])[1].changes == []


def test_annotated_trails_offer_the_trail_and_the_garbled_characters_before_it():
    model = load()
    garbled = annotated_and_vanished("對首次貸款的個體工商戶給予貼息。", 2, 3)
    tokens = _prepare(garbled, rare_chars(model)).tokens
    [(first, starts)] = annotated_trails(tokens, model).items()
    assert [tokens[k].text for k in starts] == ["J", "钨", "首", "對"]
    assert first == starts[-1]
    # a trail after a ? is the marked run's: no start of its own
    tokens = _prepare("對首?J(dài)款", rare_chars(model)).tokens
    assert annotated_trails(tokens, model) == {}
    # after an annotated character, only the trail itself
    tokens = _prepare("見習(xí)a(bǔ)貼", rare_chars(model)).tokens
    assert [[tokens[k].text for k in s] for s in annotated_trails(tokens, model).values()
            ] == [["a"]]
