"""The sample page's structure, targets and references, twice: on a clean text fixture
and end to end from the raw page (ingest, extract, repair, convert, parse).

tests/cases/docs/guangdong_sample_clean.txt is the output of
``python -m pipeline clean raw/guangdong-fertility-support-2023.txt`` as it was before the
GBK repair landed, HAND-CORRECTED in the labels and titles of measures
（三）（四）（六）（七）（八）（十三）（十六）（十七); nothing else was changed. The ``raw``
parameter checks that the repaired page gives the same structure on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.parse import parse

FIXTURE = Path(__file__).parent / "cases" / "docs" / "guangdong_sample_clean.txt"

TITLES = ["优化生育全程服务", "提升儿童健康服务能力", "强化生殖健康服务", "提高婴幼儿家庭照护能力",
          "支持普惠托育服务壮大发展", "降低托育机构运营成本", "促进托育服务提质培优",
          "推动学前教育普及普惠发展", "推动义务教育优质均衡发展", "建立更加灵活适宜的生育休假制度",
          "完善生育保险等社会保障制度", "加快完善住房保障体系", "实施精准购房租房倾斜政策",
          "强化税收、经济补助等支持政策", "推动构建家庭友好型工作场所", "加强劳动者就业权益保障",
          "构建新型婚育文化", "加快完善人口服务体系"]


@pytest.fixture(scope="module", params=["fixture", "raw"])
def parsed(request, sample_doc):
    if request.param == "raw":
        return sample_doc
    return parse(FIXTURE.read_text("utf-8").rstrip("\n"))


def test_sections_and_all_eighteen_measures(parsed):
    assert [(n.id, n.label, n.title) for n in parsed.outline] == [
        ("s1", "一、", "总体要求"), ("s2", "二、", "重点任务")]
    measures = parsed.outline[1].children
    assert [m.title for m in measures] == TITLES
    assert [m.number for m in measures] == list(range(1, 19))
    assert [m.id for m in measures] == [f"s2/m{i}" for i in range(1, 19)]
    assert {m.kind for m in measures} == {"measure"}
    assert parsed.warnings == []


def test_metadata(parsed):
    m = parsed.metadata
    assert parsed.title == "广东关于进一步完善和落实积极生育支持措施的实施意见"
    assert (m.is_summary, m.issuer, m.region, m.doc_number, m.signature) == (
        True, "广东省卫生健康委", "广东省", None, [])


def _find(parsed, text, node_id):
    [target] = [t for t in parsed.targets if t.text == text and t.node_id == node_id]
    return target


def test_done_when_targets(parsed):
    t = _find(parsed, "1所", "s2/m1")
    assert (t.value, t.unit, t.object, t.scope) == (
        1, "所", "妇幼保健机构", ["省", "市", "县"])
    t = _find(parsed, "不少于4个", "s2/m7")
    assert (t.value, t.comparator, t.object, t.deadline) == (4, ">=", "示范城市", "2025")
    t = _find(parsed, "33万个以上", "s2/m8")
    assert (t.value, t.unit, t.comparator, t.object, t.deadline) == (
        330000, "个", ">=", "公办幼儿园学位", "十四五")
    t = _find(parsed, "2500所", "s2/m8")
    assert (t.value, t.object, t.deadline) == (2500, "公办幼儿园", "十四五")
    t = _find(parsed, "21个", "s2/m8")
    assert (t.value, t.object) == (21, "城乡学前教育一体化管理资源中心")
    t = _find(parsed, "三个", "s2/m8")
    assert (t.value, t.object) == (3, "乡村学前教育发展研究中心")
    centre, institution = (_find(parsed, "1个", "s2/m5"), _find(parsed, "1家", "s2/m5"))
    assert (centre.value, centre.object, centre.scope) == (
        1, "市级示范性托育综合服务中心", ["市", "县"])
    assert (institution.value, institution.object, institution.scope) == (
        1, "示范性托育服务机构", ["市", "县"])
    t = _find(parsed, "一次", "s2/m7")
    assert (t.value, t.unit, t.frequency, t.object) == (
        1, "次", "每年", "卫生保健培训和健康检查")
    t = _find(parsed, "0―6岁", "s2/m2")
    assert (t.value, t.comparator, t.range, t.unit) == (None, "range", (0, 6), "岁")
    t = _find(parsed, "2―3岁", "s2/m5")
    assert (t.comparator, t.range, t.object) == ("range", (2, 3), "幼儿")
    t = _find(parsed, "3岁以下", "s2/m14")
    assert (t.value, t.comparator, t.unit) == (3, "<=", "岁")


def test_no_target_from_years_labels_or_quoted_names(parsed):
    texts = [t.text for t in parsed.targets]
    assert not any("2025" in x or "2023" in x or "5080" in x or "十四五" in x for x in texts)
    assert all(not t.text.startswith("（") for t in parsed.targets)


def test_references(parsed):
    own, notice = parsed.references
    assert (own.is_self, own.node_id, own.kind, own.issuers) == (
        True, None, "opinion", ["广东省卫生健康委"])
    assert notice.title == "关于进一步做好〈广东省人口与计划生育条例〉相关假期贯彻落实工作的通知"
    assert notice.nested == ["广东省人口与计划生育条例"]
    assert (notice.doc_number.text, notice.doc_number.issuer_code, notice.doc_number.year,
            notice.doc_number.serial) == ("粤人社规〔2023〕1号", "粤人社规", 2023, 1)
    assert (notice.kind, notice.node_id, notice.is_self) == ("notice", "s2/m10", False)
    assert notice.issuers == ["省人力资源社会保障厅", "省卫生健康委"]


def test_programmes(parsed):
    names = [p.name for p in parsed.programmes]
    assert names[:3] == ["一老一小", "以奖代投", "广东技工"]
    assert {"5080", "两免一补", "双减", "出生一件事"} <= set(names)
    assert len(names) == len(set(names))
    first = parsed.programmes[0]
    assert first.node_ids == ["s2/m5", "s2/m18"]
