"""The sample page, repaired: exact cleaned text, all eighteen measures, provenance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"
ROOT = Path(__file__).resolve().parent.parent

MEASURES = [
    "优化生育全程服务", "提升儿童健康服务能力", "强化生殖健康服务", "提高婴幼儿家庭照护能力",
    "支持普惠托育服务壮大发展", "降低托育机构运营成本", "促进托育服务提质培优",
    "推动学前教育普及普惠发展", "推动义务教育优质均衡发展", "建立更加灵活适宜的生育休假制度",
    "完善生育保险等社会保障制度", "加快完善住房保障体系", "实施精准购房租房倾斜政策",
    "强化税收、经济补助等支持政策", "推动构建家庭友好型工作场所", "加强劳动者就业权益保障",
    "构建新型婚育文化", "加快完善人口服务体系",
]
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
            "十四", "十五", "十六", "十七", "十八"]


def test_clean_command_prints_the_expected_text():
    expected = (CASES / "sample_expected.txt").read_text("utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "clean", "raw/guangdong-fertility-support-2023.txt"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout == expected


def test_restored_phrases(sample_doc):
    for phrase in ["稳妥有序实施一对夫妻", "（三）强化生殖健康服务", "专家库和资源库",
                   "结合当地经济发展水平", "用管道燃气执行", "住房规模化租赁改造",
                   "推广“妈妈岗”等", "社保卡申领", "医保基金支付范围", "服务。纵深推进"]:
        assert phrase in sample_doc.text
    for artifact in ["?", "□", "rdquo", "(", ")"]:
        assert artifact not in sample_doc.text


def test_all_eighteen_measures_in_the_outline(sample_doc):
    measures = [(m.label, m.title) for m in sample_doc.outline[1].children]
    assert measures == [(f"（{n}）", t) for n, t in zip(NUMERALS, MEASURES, strict=True)]


def test_gbk_repairs_carry_provenance(sample_doc, sample_bytes):
    page = sample_bytes.decode("utf-8")
    shifts = [r for r in sample_doc.repairs if r.kind == "gbk-shift"]
    assert len(shifts) == 24
    assert not [r for r in sample_doc.repairs if r.kind == "lost"]
    for repair in shifts:
        assert page[repair.start:repair.end] == repair.original
        assert "?" in repair.original or not repair.original.isascii()
        assert 0.0 <= repair.confidence <= 1.0
        assert repair.low_confidence == (repair.confidence < 0.6)
    by_original = {r.original: r.replacement for r in shifts}
    assert by_original["?qū)嵤┮粚?duì)"] == "实施一对"
    assert by_original["?。ㄈ?qiáng)"] == "（三）强"
    assert by_original["?shí)?rdquo;"] == "岗”"


def test_labels_restored_from_the_numbering_say_so(sample_doc):
    """Eight measure labels are garbled; each repair names the numbering as its evidence."""
    credited = {r.replacement.split("）")[0] + "）": r.note for r in sample_doc.repairs
                if "implied by the page's numbering" in r.note}
    assert sorted(credited) == sorted(
        ["（三）", "（四）", "（六）", "（七）", "（八）", "（十三）", "（十六）", "（十七）"])
    assert credited["（三）"] == (
        "GBK decoded out of step; label （三） implied by the page's numbering")
