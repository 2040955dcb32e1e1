"""The real-data scorers (``evaluation``) on small fixtures written for these tests."""

from __future__ import annotations

from evaluation.diffs import score_diff
from evaluation.repair import (
    TruthRun,
    classify,
    control_changes,
    reliability,
    score_run,
    summarise_runs,
)
from evaluation.structure import (
    align,
    object_right,
    score_metadata,
    score_outline,
    score_references,
    score_targets,
    titles_agree,
)
from evaluation.text import norm, year_of

# --- text ------------------------------------------------------------------------------


def test_norm_folds_width_and_removes_spaces():
    assert norm("（一） 总 体\u3000要求，Ｆ") == "(一)总体要求,F"
    assert norm(None) == ""


def test_year_of():
    assert year_of(2025) == 2025
    assert year_of("到2030年底") == 2030
    assert year_of("年底") is None
    assert year_of(None) is None


# --- repair runs -----------------------------------------------------------------------

PAGE = "前言。要求?,F(xiàn)有规定。"


def page_doc(clean: str, repairs: list[dict]) -> dict:
    return {"text": clean, "source_paragraphs": [{"text": PAGE, "start": 10}],
            "repairs": repairs}


def shift(original: str, replacement: str, start: int, clean_start: int, conf=0.99) -> dict:
    return {"kind": "gbk-shift", "original": original, "replacement": replacement,
            "start": start, "end": start + len(original), "clean_start": clean_start,
            "clean_end": clean_start + len(replacement), "confidence": conf}


RUN = TruthRun("R1", "001", "要求?,F(xiàn)有", "要求。现有")


def test_restored_run():
    doc = page_doc("前言。要求。现有规定。", [shift("?,F", "。现", 15, 5)])
    result = score_run(RUN, doc)
    assert (result.status, result.confidence, result.missing) == ("restored", 0.99, [])


def test_run_left_as_it_was_is_garbled():
    doc = page_doc("前言。要求?,F(xiàn)有规定。", [])
    assert score_run(RUN, doc).status == "garbled"


def test_annotation_removal_alone_does_not_repair_a_run():
    annotation = {**shift("(xiàn)", "", 18, 8), "kind": "annotation"}
    doc = page_doc("前言。要求?,F有规定。", [annotation])
    assert score_run(RUN, doc).status == "garbled"


def test_invented_character_is_wrong_with_its_confidence():
    doc = page_doc("前言。要求。先有规定。", [shift("?,F", "。先", 15, 5, conf=0.95)])
    result = score_run(RUN, doc)
    assert (result.status, result.confidence) == ("wrong", 0.95)
    assert result.missing == ["要求。现有"]
    assert summarise_runs([result])["wrong_high_confidence"] == ["R1"]


ANNOTATION = {**shift("(xiàn)", "", 18, 7), "kind": "annotation", "clean_end": 7}


def test_marked_loss_is_lost():
    # 规 follows the run on the page: it is context, not a character the repair invented
    doc = page_doc("前言。要求。□有规定。", [shift("?,F", "。□", 15, 5, conf=0.2), ANNOTATION])
    assert score_run(RUN, doc).status == "lost"


def test_pieces_must_each_appear():
    run = TruthRun("R2", "001", "要求?,F(xiàn)有", "要求|有规定")
    assert score_run(run, page_doc("前言。要求□有规定。", [])).status == "restored"
    run = TruthRun("R3", "001", "要求?,F(xiàn)有", "要求|有规矩")
    assert score_run(run, page_doc("前言。要求□有规定。", [])).missing == ["有规矩"]


def test_classify_order():
    run = TruthRun("R", "p", "重要?jiǎng)恿ΑEc", "重要动力。与")
    assert classify(run, "□恿Α") == "garbled"   # garbage of the run still there
    assert classify(run, "□力。") == "lost"
    assert classify(run, "勤力。") == "wrong"    # 勤: neither the truth nor the garble
    assert classify(run, "力。与") == "wrong"    # 动 dropped without a mark


def test_reliability_bands():
    results = [score_run(RUN, page_doc("前言。要求。现有规定。", [shift("?,F", "。现", 15, 5, c)]))
               for c in (0.95, 0.995)]
    results.append(score_run(RUN, page_doc("前言。要求。先有规定。",
                                           [shift("?,F", "。先", 15, 5, 0.996)])))
    rows = {r["band"]: r for r in reliability(results)}
    assert rows["0.90-0.99"] == {"band": "0.90-0.99", "count": 1, "right": 1, "share_right": 1.0}
    assert rows["0.99-1.00"]["count"] == 2 and rows["0.99-1.00"]["right"] == 1


def test_control_changes_ignore_conversion_annotations_and_punctuation():
    doc = {"text": "关于发展，见下。\n第二段", "source_paragraphs": [
        {"text": "關(guān)于發(fā)展,見下。", "start": 0}, {"text": "第二段", "start": 20}]}
    table = str.maketrans("關發見", "关发见")
    assert control_changes(doc, lambda t: t.translate(table)) == []
    doc["text"] = "关于发达，见下。\n第二段"
    assert control_changes(doc, lambda t: t.translate(table)) == [
        ("关于发展,见下", "关于发达,见下")]


# --- outline ---------------------------------------------------------------------------


def node(label, title="", children=()):
    return {"label": label, "title": title, "children": list(children)}


def test_titles_agree():
    assert titles_agree(None, "任何")
    assert titles_agree("总体要求", "总体要求和原则")
    assert not titles_agree("总体要求", "总体")       # under 4 characters: must be equal
    assert not titles_agree("总体要求", "主要目标")


def test_align_is_in_order():
    assert align([1, 2, 3], [2, 1, 2, 3], int.__eq__) == [(0, 1), (1, 2), (2, 3)]


def test_outline_recall_precision_depth():
    truth = {"outline": [{"label": "一、", "title": "总体要求", "depth": 1},
                         {"label": "（一）", "title": "指导思想", "depth": 2},
                         {"label": "（二）", "title": "基本原则", "depth": 2}]}
    doc = {"outline": [node("一、", "总体要求", [node("（一）", "指导思想"),
                                               node("（三）", "主要目标")]),
                       node("二、", "重点任务")]}
    result = score_outline(truth, doc)
    assert (result["truth"], result["found"], result["matched"]) == (3, 4, 2)
    assert result["depth_right"] == 2
    assert result["misses"] == ["（二）基本原则 (depth 2)"]
    flat = {"outline": [node("一、", "总体要求"), node("（一）", "指导思想")]}
    assert score_outline(truth, flat)["depth_right"] == 1


# --- targets ---------------------------------------------------------------------------


def truth_target(value, unit, obj, comparator="=", low=None, high=None, deadline=None):
    return {"text": f"{value}{unit}", "value": value, "unit": unit, "object": obj,
            "comparator": comparator, "low": low, "high": high, "deadline": deadline}


def doc_target(value, unit, obj, comparator="=", rng=None, deadline=None):
    return {"text": f"{value}{unit}", "value": value, "unit": unit, "object": obj,
            "comparator": comparator, "range": rng, "deadline": deadline}


def test_object_right_rules():
    assert object_right("高等职业学校", "建设高等职业学校50所")
    assert object_right("职业学校数量", "职业学校")
    assert object_right("培训补贴人数", "补贴培训人员")  # 4 of 6 distinct Han characters
    assert not object_right("培训补贴人数", "基础上")


def test_targets_scored():
    truth = {"targets": [
        truth_target(50, "所", "高水平高等职业学校", deadline=2022),
        truth_target(80, "%", "覆盖率", ">="),
        truth_target(None, "天", "期限", "range", low=3, high=5),
        truth_target(7, "天", "公示期"),
    ]}
    doc = {"targets": [
        doc_target(50, "所", "建设高水平高等职业学校", deadline="2022"),
        doc_target(80, "%", "覆盖率", "<"),
        doc_target(None, "天", "期限", "range", rng=[3, 5]),
        doc_target(1, "个", "时期"),
    ]}
    result = score_targets(truth, doc)
    assert (result["matched"], result["found"], result["truth"]) == (3, 4, 4)
    assert (result["object_right"], result["comparator_right"]) == (3, 2)
    assert (result["with_deadline"], result["deadline_right"]) == (1, 1)
    assert result["misses"] == ["7天 [公示期]"]
    assert result["extra"] == ["1个 [时期]"]
    assert result["wrong_fields"] == ["80%: comparator want '>=' got '<'"]


def test_split_range_is_not_the_range():
    truth = {"targets": [truth_target(None, "天", "期限", "range", low=3, high=5)]}
    doc = {"targets": [doc_target(3, "天", "期限", ">="), doc_target(5, "天", "期限", "<=")]}
    assert score_targets(truth, doc)["matched"] == 0


# --- references and metadata -----------------------------------------------------------


def test_references_by_title_or_number():
    truth = {"references": [{"title": "中华人民共和国职业教育法", "doc_number": None},
                            {"title": "关于加强管理的通知", "doc_number": "国发〔2018〕3号"}]}
    doc = {"references": [
        {"title": "中华人民共和国职业教育法", "doc_number": None, "is_self": False},
        {"title": "通知", "doc_number": {"text": "国发〔2018〕3号"}, "is_self": False},
        {"title": "规划", "doc_number": None, "is_self": False},
        {"title": "本办法", "doc_number": None, "is_self": True},
    ]}
    result = score_references(truth, doc)
    assert (result["recalled"], result["right"], result["found"]) == (2, 2, 3)
    assert result["extra"] == ["《规划》"]


def test_metadata_fields():
    truth = {"metadata": {"title": "专利代理条例", "doc_number": "国务院令第706号",
                          "issuer": "国务院", "date": "2018-11-06"}}
    doc = {"title": "专利 代理条例", "metadata": {"doc_number": None, "issuer": "国务院",
                                              "date": "2018-11-16"}}
    result = score_metadata(truth, doc)
    assert result["right"] == {"title": True, "doc_number": False, "issuer": True,
                               "date": False}


# --- diffs -----------------------------------------------------------------------------


def side(label, path):
    return {"label": label, "path_label": path}


def test_diff_changes_matched_by_kind_and_labels():
    truth = {"changes": [
        {"old_label": "第二条(一)", "new_label": "第二条（一）", "change": "modified"},
        {"old_label": None, "new_label": "第七条", "change": "added"},
        {"old_label": "第七条", "new_label": "第八条", "change": "renumbered"},
    ]}
    report = {"provisions": [
        {"change": "unchanged", "old": side("第一条", "第一条"), "new": side("第一条", "第一条")},
        {"change": "modified", "old": side("（一）", "第二条（一）"),
         "new": side("（一）", "第二条（一）")},
        {"change": "added", "old": None, "new": side("第七条", "第七条")},
        {"change": "modified", "old": side("第七条", "第七条"), "new": side("第八条", "第八条")},
    ]}
    result = score_diff(truth, report)
    assert (result["found"], result["not_changes"], result["reported"]) == (2, 1, 3)
    assert result["misses"] == ["renumbered 第七条 -> 第八条: "]
    assert result["extra"] == ["modified 第七条 -> 第八条"]


# --- the command -----------------------------------------------------------------------


def test_absent_data_is_one_line_and_success(tmp_path, capsys):
    from evaluation.__main__ import main

    out = tmp_path / "eval.json"
    assert main(["--data", str(tmp_path / "nowhere"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1 and "no real data" in printed
    assert not out.exists()


def test_results_file_keeps_figures_not_texts():
    from evaluation.run import figures_only

    result = {"runs": [{"id": "R1", "status": "wrong", "page_text": "x?y", "produced": "xy"}],
              "total": {"misses": ["7天 [公示期]"], "matched": 3}}
    assert figures_only(result) == {"runs": [{"id": "R1", "status": "wrong"}],
                                    "total": {"matched": 3}}
