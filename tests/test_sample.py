"""The sample page end to end: content, structure, provenance, schema."""

from pipeline.emit.json import validate

SURVIVING = [
    ("（一）", "优化生育全程服务"), ("（二）", "提升儿童健康服务能力"),
    ("（五）", "支持普惠托育服务壮大发展"), ("（九）", "推动义务教育优质均衡发展"),
    ("（十）", "建立更加灵活适宜的生育休假制度"), ("（十一）", "完善生育保险等社会保障制度"),
    ("（十二）", "加快完善住房保障体系"), ("（十四）", "强化税收、经济补助等支持政策"),
    ("（十五）", "推动构建家庭友好型工作场所"), ("（十八）", "加快完善人口服务体系"),
]


def test_title_and_summary(sample_doc):
    assert sample_doc.title == "广东关于进一步完善和落实积极生育支持措施的实施意见"
    assert sample_doc.metadata.is_summary
    assert sample_doc.metadata.lede.startswith("近日，广东省卫生健康委发布《关于进一步完善")


def test_sections(sample_doc):
    sections = [(n.label, n.title) for n in sample_doc.outline]
    assert sections == [("一、", "总体要求"), ("二、", "重点任务")]


def test_surviving_measures_in_order(sample_doc):
    measures = [(m.label, m.title) for m in sample_doc.outline[1].children]
    for item in SURVIVING:
        assert item in measures
    assert [m for m in measures if m in SURVIVING] == SURVIVING


def test_no_furniture_no_annotations(sample_doc):
    text = sample_doc.text
    for furniture in ("友情链接", "Copyright", "ICP", "技术支持", "||"):
        assert furniture not in text
    assert "(guān)" not in text and "关于进一步" in text
    assert {d.reason for d in sample_doc.dropped} == {
        "separator", "friendly-links", "copyright", "icp-licence", "technical-support"}


def test_repairs_trace_back_to_the_page(sample_doc, sample_bytes):
    page = sample_bytes.decode("utf-8")
    annotations = [r for r in sample_doc.repairs if r.kind == "annotation"]
    assert len(annotations) > 900
    for repair in sample_doc.repairs:
        assert page[repair.start:repair.end] == repair.original
        assert sample_doc.text[repair.clean_start:repair.clean_end] == repair.replacement


def test_json_validates_and_is_deterministic(sample_doc):
    import json

    import pipeline
    validate(json.loads(sample_doc.to_json()))
    again = pipeline.process(sample_doc.text.encode("utf-8"))
    assert again.to_json() == pipeline.process(sample_doc.text.encode("utf-8")).to_json()


def test_markdown_has_anchored_headings(sample_doc):
    md = sample_doc.to_markdown()
    assert md.startswith("# 广东关于进一步完善和落实积极生育支持措施的实施意见\n")
    assert '## <a id="s2"></a>二、重点任务' in md
    assert '### <a id="s2-m18"></a>（十八）加快完善人口服务体系' in md


def test_outputs_are_byte_identical_across_processes_and_hash_seeds(tmp_path):
    """The raw page built in two processes with different hash seeds gives the same bytes
    (CI checks them against the committed output/)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT, SAMPLE

    built = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "pipeline", "build", str(SAMPLE.parent), "-o",
                        str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
        built.append({p.name: p.read_bytes() for p in out.iterdir()
                      if not p.name.startswith(".")})
    assert built[0] == built[1]
    assert sorted(built[0]) == [f"{SAMPLE.stem}{suffix}" for suffix in (".html", ".json", ".md")]

