"""The benchmark's corpus and naive baseline (the benchmark itself is ``make bench``)."""

from __future__ import annotations

from bench.baseline import ANNOTATION, run_baseline
from bench.corpus import TEXTS, base_for, bases, make_corpus, page_text


def test_corpus_pages_all_differ_and_mix_the_sample_with_the_written_texts(tmp_path):
    stats = make_corpus(tmp_path / "raw", 8)
    pages = sorted((tmp_path / "raw").iterdir())
    assert [p.name.split("-", 1)[1] for p in pages] == [
        "sample.txt", "business-environment.txt", "sample.txt", "digital-village.txt",
        "sample.txt", "elderly-care.txt", "sample.txt", "waste-sorting.txt"]
    contents = [p.read_bytes() for p in pages]
    assert len(set(contents)) == 8
    assert stats == {"pages": 8, "bytes": sum(map(len, contents)),
                     "mean_page_bytes": round(sum(map(len, contents)) / 8)}
    assert all(ANNOTATION.search(c.decode("utf-8")) for c in contents)


def test_page_text_adds_a_numbered_line_after_the_title():
    base = bases()[1]
    lines = page_text(base, 37).split("\n")
    assert lines[0] == base.text.split("\n")[0]
    assert lines[1] == "文号：政办〔2022〕37号　发布日期：2022年2月10日"
    assert "\n".join(lines[2:]).strip() == base.text.split("\n", 1)[1].strip()
    assert len(bases()) == 1 + len(list(TEXTS.glob("*.txt")))
    assert base_for(0, bases()).name == "sample"


def test_baseline_strips_every_parenthesised_pinyin_and_converts(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("關(guān)于進(jìn)一步(含技工院校)發(fa)展\n", "utf-8")
    result = run_baseline(raw, tmp_path / "out")
    assert result["pages"] == 1
    assert (tmp_path / "out" / "a.txt").read_text("utf-8") == "关于进一步(含技工院校)发展\n"
