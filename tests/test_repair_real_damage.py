"""Damage the real pages show beyond the sample page, reproduced on texts written here:
every full-width form folded inside runs, ASCII swallowed by a lone byte, lead bytes that
vanish, dropped pairs, annotations read on the Simplified character; and the simulator
and the confidence calibration that go with them."""

from __future__ import annotations

import sys

import pytest

from pipeline.corrupt import (
    REAL_PAGES,
    corrupt,
    decode_out_of_step,
    fold_punctuation,
    garble,
    to_traditional,
)
from pipeline.repair import repair_blocks, repair_text
from pipeline.repair.calibration import calibrated, table
from tests.conftest import ROOT


def damaged(text: str, index: int) -> str:
    """``text`` with the lead byte of character ``index`` lost, decoded as the real pages
    were: every full-width form folded, any ASCII byte below 0x40 swallowed."""
    return garble(text, {}, lost=frozenset({index}), fold_all=True, swallow_any=True)


def test_a_folded_exclamation_mark_inside_a_run_is_a_full_width_pair():
    # 。 (A1 A3) loses its lead; A3 A1 (！) is shown folded as !
    garbled = damaged("他說要做好工作。《實施意見》提出要求", 7)
    assert garbled.startswith("他說要做好工作?!秾嵤┮庖姟")
    result = repair_text(garbled)
    assert result.text.startswith("他說要做好工作。《實施意見》提出")
    assert result.changes[0].replacement == "。《實施意見》提出"


def test_a_folded_full_width_letter_inside_a_run_is_a_full_width_pair():
    # 校 (D0 A3) + 企 (C6 F3) out of step show A3 C6: a full-width Ｆ, folded to F
    garbled = damaged("因為校企雙方合作", 0)
    assert garbled == "?驗樾F箅p方合作"
    assert repair_text(garbled).text == "因為校企雙方合作"


def test_letters_of_a_latin_word_are_not_full_width_forms():
    assert repair_text("應該怎麼做?ABC").text == "應該怎麼做?ABC"


def test_a_digit_swallowed_by_a_lone_byte_is_marked_lost_in_its_place():
    garbled = damaged("佔總人口的10.28%", 2)
    assert garbled == "佔總?丝诘?0.28%"  # the lone trail byte of 的 ate the 1
    result = repair_text(garbled)
    assert result.text == "佔總人口的□0.28%"
    lost = result.changes[-1]
    assert (lost.kind, lost.start, lost.end, lost.replacement) == ("lost", 6, 6, "□")


@pytest.mark.parametrize(("text", "index", "shown", "repaired"), [
    # 到 loses its lead (?), its trail ate the 3 (?): both places are marked, not ??
    ("全年產值達到3.5億元。", 5, "達??.5億", "全年產值達□□.5億元。"),
    ("本辦法自2026年1月1日起施行。", 3, "法??026年", "本辦法□□026年1月1日起施行。"),
])
def test_two_question_marks_before_a_number_are_a_lost_character_and_a_swallowed_digit(
        text, index, shown, repaired):
    garbled = damaged(text, index)
    assert shown in garbled
    result = repair_text(garbled)
    assert result.text == repaired
    assert [c.kind for c in result.changes] == ["lost", "lost"]


def test_two_question_marks_before_a_number_after_latin_text_are_left_alone():
    assert repair_text("What??2026").changes == []


def test_a_question_mark_inside_a_run_is_a_lost_byte_and_the_decoder_is_back_in_step():
    data = bytearray("我們要提高質量。".encode("gbk"))
    data[6] = 0x3F  # the lead of 提: out of step from here
    data[11] = 0x3F  # the trail of 質 (shown ? before 量, in step again)
    garbled = decode_out_of_step(bytes(data))
    assert garbled == "我們要?岣哔?量。"
    assert repair_text(garbled).text in ("我們要提高質量。", "我們要提高□量。")


def test_simulator_folds_every_full_width_form_when_asked():
    assert fold_punctuation("Ａ！，", True) == "A!,"
    assert fold_punctuation("Ａ！，") == "Ａ！,"


def test_simulator_swallows_any_ascii_below_0x40_when_asked():
    assert decode_out_of_step(b"\xc4" + b"10") == "?10"
    assert decode_out_of_step(b"\xc4" + b"10", bytes(range(0x20, 0x40))) == "?0"


def test_simulator_vanished_lead_and_simplified_readings():
    # the lead byte of 動 vanishes: its trail D3 pairs with the lead of 力
    assert garble("推動力", {}, vanished=frozenset({1})) == "推恿?"
    # an annotation carries the reading of the Simplified character when asked
    assert garble("績效", {0: False}, source="绩效") == "績(jì)效"
    assert garble("績效", {0: False}) == "績(jī)效"


def test_simulator_converts_with_opencc_when_asked():
    assert to_traditional("于是后来", "naive") == "于是后來"
    assert to_traditional("于是后来", "s2t") == "於是後來"
    assert len(corrupt("关于进一步加强管理的通知", 1, **REAL_PAGES)) >= 12


def test_calibration_is_a_non_decreasing_probability():
    bounds, values = table()
    assert bounds[0] == 0.0 and list(bounds) == sorted(bounds)
    assert list(values) == sorted(values) and all(0 < v < 1 for v in values)
    assert calibrated(1.0) >= 0.99
    assert calibrated(0.5) < 0.5


def test_a_steps_probability_is_the_lower_bound_of_its_share_right():
    sys.path.insert(0, str(ROOT / "scripts"))
    from fit_calibration import lower_bound
    assert round(lower_bound(91, 100), 4) == 0.8515  # 91 % seen 100 times claims less
    assert round(lower_bound(9100, 10000), 4) == 0.9052
    assert lower_bound(0, 5) == 0.0 and lower_bound(5, 5) < 1.0


def test_a_step_claims_a_high_confidence_only_when_it_keeps_the_promise():
    sys.path.insert(0, str(ROOT / "scripts"))
    from fit_calibration import claim
    assert claim(0.5) == 0.5 and claim(0.899) == 0.899
    assert claim(0.8995) == claim(0.9029) == claim(0.98) == 0.899  # not 0.9 when rounded
    assert claim(0.99) == 0.99 and claim(0.9987) == 0.9987


def test_isotonic_fit_pools_violators():
    sys.path.insert(0, str(ROOT / "scripts"))
    from fit_calibration import isotonic

    pairs = [(0.1, False), (0.2, True), (0.3, False), (0.9, True), (1.0, True)]
    assert isotonic(pairs) == [(0.1, 0, 1), (0.2, 1, 2), (0.9, 2, 2)]


def test_closing_marks_a_block_leaves_open():
    from pipeline.repair.shift import expected_closers

    assert expected_closers("【要點：做“好”工作。《通知") == frozenset({"】", "》"})
    assert expected_closers("【要點】做好工作。") == frozenset()


def test_an_open_bracket_on_the_page_weighs_for_its_closer():
    # the lead of 。 is lost (the run starts), and the last byte of 】 was replaced by ?:
    # a character [A1][?] is all the bytes say; the open 【 makes 】 a candidate
    data = bytearray("【點評：大有可為。】".encode("gbk"))
    data[16] = 0x3F
    data[-1] = 0x3F
    garbled = fold_punctuation(decode_out_of_step(bytes(data)), True)
    assert garbled == "【點評:大有可為?!?"

    # the block does not close 【 anywhere else: the page owes 】, and that outweighs
    # the language model's preference after 。
    result = repair_text(garbled)
    assert result.text == "【點評:大有可為。】"
    assert [(c.replacement, c.kind) for c in result.changes] == [("。】", "gbk-shift")]
    # without the open 【, 】 is neither chosen nor even a candidate
    alone = repair_text(garbled.replace("【", ""))
    assert "】" not in alone.text
    assert not any("】" in c.text for change in alone.changes for c in change.candidates)


def test_closing_marks_the_rest_of_a_block_supplies():
    from pipeline.repair.shift import closers_after
    from pipeline.repair.tokens import tokenize
    tokens = tokenize("【甲】乙《丙?丁》", [])
    later = closers_after(tokens)
    assert len(later) == len(tokens) + 1
    assert later[0] == frozenset("】》") and later[3] == frozenset("》")
    assert later[-2] == frozenset("》") and later[-1] == frozenset()


def test_the_same_garble_twice_on_a_page_decodes_the_same_way():
    from pipeline.repair import _same_garble_same_text
    from pipeline.repair.changes import Change

    texts = ["是因?yàn)樨?cái)政支出", "也是因?yàn)樨?cái)政收入", "認?yàn)樨?cái)"]
    solved = [[Change(2, 11, "為財", "gbk-shift", 0.95)],
              [Change(3, 12, "為貝", "gbk-shift", 0.6)],
              [Change(1, 10, "為貝", "gbk-shift", 0.6)]]
    _same_garble_same_text(texts, solved)
    assert [(c.replacement, c.confidence) for c in solved[1]] == [("為財", 0.95)]
    assert "same garble" in solved[1][0].note
    # after another character the bytes before the run differ: left alone
    assert [(c.replacement, c.confidence) for c in solved[2]] == [("為貝", 0.6)]


def test_readings_that_disagree_on_a_character_mark_it_lost():
    from pipeline.repair.shift import char_rivals
    rivals, gaps = char_rivals([("保險", 0.45), ("危險", 0.4), ("，危險", 0.15)])
    # an uneven replacement aligns from its left, its excess is a gap after it
    assert rivals[0] == {"保": 0.45, "危": 0.4, "，": 0.15}
    assert rivals[1] == {"險": 1.0}
    assert gaps == [{}, {"危": 0.15}, {}]


def test_a_character_readings_disagree_on_is_marked_lost_with_its_candidates():
    from pipeline.repair.shift import Piece, Step, mark_ambiguous
    piece = Piece(Step(0, 2, "保險", True), "保險")
    mark_ambiguous(piece, [{"保": 0.45, "危": 0.4}, {"險": 1.0}], [{}, {}])
    assert piece.text == "□險" and piece.lost
    assert [(c.text, c.score) for c in piece.candidates] == [("保", 0.45), ("危", 0.4)]


def test_a_dropped_pair_the_readings_weigh_is_marked_where_it_would_stand():
    from pipeline.repair.shift import Piece, Step, mark_ambiguous
    piece = Piece(Step(0, 2, "統籌", True), "統籌")
    mark_ambiguous(piece, [{"統": 1.0}, {"籌": 1.0}], [{"政": 0.4}, {}, {}])
    assert piece.text == "□統籌"
    assert [(c.text, c.score) for c in piece.candidates] == [("政", 0.4)]


def test_a_vanished_pair_the_bytes_leave_open_comes_back_as_a_lost_mark():
    # 財政統籌: the solver's readings weigh 政 before 統 but do not settle it
    garbled = ("對符合條(tiáo)件的企業給(gěi)予一次性獎(jiǎng)勵,獎(jiǎng)勵(lì)資金由市財"
               "?y(tǒng)籌安排。")
    result = repair_text(garbled)
    assert result.text == "對符合條件的企業給予一次性獎勵,獎勵資金由市財□統籌安排。"
    lost = [c for c in result.changes if c.kind == "lost"]
    assert [(c.replacement, c.candidates[0].text) for c in lost] == [("□統", "政")]
    assert "disagree" in lost[0].note


def test_a_character_the_readings_do_not_settle_is_not_guessed():
    garbled = ("推動(dòng)農(nóng)村供水工程建設,提升農(nóng)村供水保障水平,讓(ràng)羣(qún)"
               "衆?壬戏判乃?")
    assert repair_text(garbled).text == "推動農村供水工程建設,提升農村供水保障水平,讓羣衆□上放心□"


def test_two_bare_question_marks_ending_a_block_are_its_last_character():

    # 。 (A1 A3) lost both bytes at the end of a block: the page's blocks end with 。
    blocks = ["各地要抓緊制定實施方案。", "明確責任分工，加強協調配合。", "確保各項措施落到實處??"]
    result = repair_blocks(blocks)[2]
    assert result.text == "確保各項措施落到實處。"
    assert [(c.replacement, c.kind) for c in result.changes] == [("。", "gbk-shift")]
    # one ? or three are not a character's two bytes: left alone
    assert repair_text("確保各項措施落到實處?").changes == []
    assert repair_text("確保各項措施落到實處???").changes == []
    # after a number too: 。 of 增長7.9%。
    blocks[2] = "全年地區生產總值增長7.9%??"
    assert repair_blocks(blocks)[2].text == "全年地區生產總值增長7.9%。"
    assert repair_text("是否超過3?").changes == []


def test_two_question_marks_inside_a_block_are_a_lost_lead_and_the_trail_0x80():
    # 個 (82 80) loses its lead; 80 cannot start a pair, so it shows as ? and the
    # decoder is back in step before ，: the character's trail byte is 0x80
    text = "全市已建成一百二十個社區食堂，累計服務老年人三萬人次。"
    garbled = garble(text, {}, lost=frozenset({9}), fold_all=True, swallow_any=True)
    assert garbled == "全市已建成一百二十??社區食堂,累計服務老年人三萬人次。"
    assert repair_blocks(["各地要抓緊制定實施方案。", garbled])[1].text == text.replace("，", ",")
    # before a Latin letter they stay: nothing says they are one character
    assert repair_text("一百二十??abc").changes == []


def test_two_question_marks_after_an_annotation_end_the_annotated_character():

    # the last character before 。 kept its annotation: 門(mén)?? ends with 門
    blocks = ["各地要抓緊制定實施方案。", "明確責任分工，加強協調配合。", "及時通報相關部門(mén)??"]
    result = repair_blocks(blocks)[2]
    assert result.text == "及時通報相關部門。"
    assert [c.replacement for c in result.changes if c.kind == "gbk-shift"] == ["。"]


def test_a_run_decoded_just_before_gives_the_next_run_its_context():

    # 業 (98 49) carries an early annotation, so it arrives as ?xiàn)I; then 。 loses its
    # lead: the ?? that end the block follow 業, a Han character, not the I shown
    text = "各地要組織開展職業技能培訓，促進重點羣體穩定就業。"
    garbled = garble(text, {len(text) - 2: True}, lost=frozenset({len(text) - 1}),
                     fold_all=True, swallow_any=True)
    assert garbled.endswith("就?xiàn)I??")
    result = repair_blocks(["各地要抓緊制定實施方案。", "明確責任分工，加強協調配合。", garbled])[2]
    assert result.text == "各地要組織開展職業技能培訓,促進重點羣體穩定就業。"
    assert [c.replacement for c in result.changes if c.kind == "gbk-shift"] == ["業", "。"]


def test_a_dropped_pairs_character_is_weighed_against_the_others_its_bytes_allow():
    # 強 loses its lead: 校 (D0 A3) then A3 88, a user-defined pair that vanishes, so
    # 小, 校, 笑 and the rest of row D0 whose trail starts a dropped pair all fit the bytes
    text = "我們要加強對校園周邊食品經營者的日常檢查。"
    garbled = damaged(text, 4)
    assert garbled == "我們要加?妼π@周邊食品經營者的日常檢查。"
    alone = repair_text(garbled)  # nothing on the page settles it: marked, not guessed
    assert alone.text == "我們要加強對□這周邊食品經營者的日常檢查。"
    lost = next(c for c in alone.changes if c.kind == "lost")
    assert [c.text for c in lost.candidates] == ["小", "些", "笑"]  # likeliest in context
    # the page uses 校園: the likelier character the bytes allow takes the place

    page = repair_blocks(["校園周邊的環境要整治。", garbled])[1]
    assert page.text == "我們要加強對校園周邊食品經營者的日常檢查。"
    assert [(c.replacement, c.kind) for c in page.changes] == [("強對校園", "gbk-shift")]


def test_a_run_like_one_that_could_not_be_decoded_is_not_solved_again():
    from pipeline.repair import _run_key
    from pipeline.repair.tokens import tokenize
    tokens = tokenize("关?" * 100, [])
    # far from the block's end, every ? reads the same: one key
    assert _run_key(tokens, 1, "", "关") == _run_key(tokens, 3, "", "关")
    assert _run_key(tokens, 1, "", "关") != _run_key(tokens, 3, "关", "关")
    assert _run_key(tokens, 1, "", "关") != _run_key(tokens, 197, "", "关")  # near the end
    assert repair_text("关?" * 100).changes == []



def test_skipping_runs_like_failed_ones_changes_no_result(monkeypatch):
    import pipeline.repair as repair
    pages = ["关?" * 60 + damaged("因為校企雙方合作", 0),
             ("关?" * 30 + "。") * 3 + damaged("他說要做好工作。《實施意見》提出要求", 7)]
    remembered = [repair_text(p).text for p in pages]
    monkeypatch.setattr(repair, "_run_key", lambda tokens, i, *context: (i,))
    assert [repair_text(p).text for p in pages] == remembered
    assert remembered[1].endswith("。他說要做好工作。《實施意見》提出□")


def test_a_question_mark_before_a_reading_is_a_lone_byte_not_a_folded_question_mark():
    # 路 loses its lead; 、's trail and 橋's lead make a pair that vanishes; 橋's trail
    # stands alone before the ( of its annotation: ?qiáo) names 橋, and ? is no ？
    text = "各地要加強農村道路、橋樑的日常養護。"
    garbled = garble(text, {10: False}, lost=frozenset({8}), fold_all=True, swallow_any=True)
    assert garbled == "各地要加強農村道?贰?qiáo)樑的日常養護。"
    assert repair_blocks(["各地要抓緊制定實施方案。", garbled])[1].text == text


def test_a_reading_no_phrase_gives_the_character_does_not_name_it():
    # 爲 loses its lead byte; its trail stands alone before (wèi): pypinyin also reads
    # 立 wèi (archaic, in no phrase), and 建立 is likelier than 建爲, but no annotator
    # writes 立(wèi)
    text = "這座舊廠房將改建爲社區文化活動中心。"
    garbled = garble(text, {8: False}, lost=frozenset({8}), fold_all=True, swallow_any=True)
    assert garbled == "這座舊廠房將改建??wèi)社區文化活動中心。"
    assert repair_blocks(["各地要抓緊制定實施方案。", garbled])[1].text == text


def test_a_trail_letter_before_a_number_is_read_when_its_lead_byte_is_known():
    # 比 loses its lead: 仍 鲩 carry 比 增 and the lead of 長 (E9), whose trail is L;
    # 12 after it is a number, not the rest of a Latin word
    text = "今年全市外貿進出口總額同比增長12%，增速加快。"
    garbled = garble(text, {}, lost=frozenset({12}), fold_all=True, swallow_any=True)
    assert garbled == "今年全市外貿進出口總額同?仍鲩L12%,增速加快。"
    assert repair_blocks(["各地要抓緊制定實施方案。", garbled])[1].text == text.replace("，", ",")


def test_simulator_shows_the_byte_0x80_as_cp936_does_when_asked():
    # 指個 out of step: [B8 82] is 競, then 個's trail 0x80 has no pair
    data = bytes.fromhex("d6b8 8280 cce5")[1:]
    assert decode_out_of_step(data) == "競?体"
    # Windows code page 936 maps the single byte 0x80 to U+20AC
    assert decode_out_of_step(data, euro=True) == "競€体"


def test_the_euro_sign_a_cp936_decoder_shows_inside_a_run_is_the_trail_byte_0x80():
    # 個 is 82 80: out of step, its trail stands alone and cp936 shows it as €; the
    # annotation after it is 個's and goes with it
    text = "这几个项目由每个社区自行申报，三个部门联合审核。"
    garbled = corrupt(text, 0, annotate=0.9, misalign=0.3, euro=True)
    assert garbled.startswith("這(zhè)几?jìng)€項(xiàng)目")
    result = repair_text(garbled)
    assert result.text.startswith("這几個項目由每個社區自行申報")
    assert result.changes[1].replacement == "個"
    assert result.changes[1].confidence >= 0.9


def test_a_euro_sign_in_step_is_a_euro_sign():
    assert repair_text("門票爲20€,約合人民幣一百五十元").text == "門票爲20€,約合人民幣一百五十元"


# 入 (C8 EB) then [: out of step, EB 5B is 隱, and the decoder is back in step after it.
# 力 (C1 A6) then [: A6 5B is user-defined (A140-A7A0), so both bytes vanish and the
# decoder is in step at 4]; the [ is what a citation's 4] owes.
ASCII_AFTER_A_TRAIL = [
    ("近年來相關研究不斷深入[1-3],取得了一定成果。", 9,
     "近年來相關研究不斷?钊隱1-3],取得了一定成果。", "深入["),
    ("他們把工作重點放在能力[4]提升上。", 8, "他們把工作重點放?谀芰4]提升上。", "在能力["),
]


@pytest.mark.parametrize(("text", "lost", "garbled", "replacement"), ASCII_AFTER_A_TRAIL)
def test_an_ascii_byte_after_a_trail_is_text_whether_its_pair_showed_or_vanished(
        text, lost, garbled, replacement):
    assert damaged(text, lost) == garbled
    result = repair_text(garbled)
    assert result.text == text
    assert [c.replacement for c in result.changes] == [replacement]


def test_an_ascii_byte_that_vanished_before_no_citation_is_lost():
    # no "]" closes after it: the byte (A) is unknown, marked lost where it stood
    text = "他們把工作重點放在能力A2020年提升上。"
    garbled = damaged(text, 8)
    assert garbled == "他們把工作重點放?谀芰2020年提升上。"
    result = repair_text(garbled)
    assert result.text == "他們把工作重點放在能力□2020年提升上。"
    assert [(c.kind, c.start, c.end) for c in result.changes][-1] == ("lost", 11, 11)


def test_a_run_with_no_question_mark_does_not_end_at_an_ascii_mark():
    # a vanished ASCII byte would let any garble end at a space or full stop: text in
    # another script (rare to the model) must not be decoded into Chinese through it
    assert repair_text("Москва — столица России.").text == "Москва — столица России."


# Journal headers whose first byte was lost (　［ is A1A1 A3DB ...). 關鍵詞: the closing ]
# after it has no opener before it, so the run's ［ is owed. 收稿日期: ］ is garbled with the
# 2 its lone trail byte swallowed, and the ［ the run opened is not closed later in the
# block, so ］ is owed too; weighed against ） and ， it is marked lost, as is the 2.
BRACKETED_HEADERS = [
    ("\u3000［關鍵詞］鄉村振興；基層治理", "?。坳P鍵詞]鄉村振興;基層治理",
     "［關鍵詞]鄉村振興;基層治理"),
    ("\u3000［收稿日期］2016年5月", "?。凼崭迦掌冢?016年5月", "［收稿日期□□016年5月"),
]


@pytest.mark.parametrize(("text", "garbled", "repaired"), BRACKETED_HEADERS)
def test_a_bracket_the_block_owes_comes_back_in_a_run(text, garbled, repaired):
    assert damaged(text, 0) == garbled
    assert repair_text(garbled).text == repaired


def test_openers_owed_by_closing_marks_later_in_the_block():
    from pipeline.repair.shift import openers_owed
    from pipeline.repair.tokens import tokenize
    text = "甲]乙“丙”丁】"
    owed = openers_owed(tokenize(text, []))
    assert owed[0] == frozenset({"［", "【"})
    assert owed[2] == frozenset({"【"})  # after ]: “ is closed by ” within
    assert owed[len(text)] == frozenset()


def test_a_lost_lead_then_the_euro_sign_is_the_character_with_trail_0x80():
    # as ?? (lost lead, then 0x80 shown as ?), when cp936 shows the 0x80 as €
    text = "全市已建成一百二十個社區食堂，累計服務老年人三萬人次。"
    garbled = garble(text, {}, lost=frozenset({9}), fold_all=True, swallow_any=True,
                     euro=True)
    assert garbled == "全市已建成一百二十?€社區食堂,累計服務老年人三萬人次。"
    assert repair_blocks(["各地要抓緊制定實施方案。", garbled])[1].text == text.replace("，", ",")


def test_labels_decoded_around_a_block_imply_its_own():
    # every item's label is garbled (its first byte lost); （六）'s bytes A8 C1 and F9 A3
    # are unassigned and vanish, so only the decoded labels around it say what it was
    items = ["加強組織領導，明確責任分工。", "完善政策體系，加大資金投入。",
             "推進項目建設，加快工作進度。", "強化監督檢查，嚴格考核問責。",
             "做好宣傳引導，營造良好氛圍。", "啟動試點工作，及時總結經驗。",
             "健全長效機制，鞏固工作成果。"]
    blocks = ["關于做好有關工作的通知"] + [
        damaged(f"\u3000（{n}）{t}", 0) for n, t in zip("一二三四五六七", items, strict=True)]
    assert blocks[6] == "?。﹩釉圏c工作,及時總結經驗。"
    results = repair_blocks(blocks)
    assert [r.text[:3] for r in results[1:]] == [f"（{n}）" for n in "一二三四五六七"]
    assert results[6].text == "（六）啟動試點工作,及時總結經驗。"


def test_a_rare_name_before_a_marked_run_is_read_as_it_stands():
    # 崍's annotation landed a byte early: 邛 is a rare character (a run with no ? could
    # start there), but the ? after it is where the decoder went out of step
    text = "工作組前往邛崍市開展調研。"
    garbled = garble(text, {6: True})
    assert garbled == "工作組前往邛?tǎ)埵虚_展調研。"
    assert repair_text(garbled).text == text
