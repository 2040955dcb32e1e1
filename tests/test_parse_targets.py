"""Targets found in single sentences (cases in tests/cases/targets.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.numerals import label_number
from pipeline.parse.locate import NodeLocator
from pipeline.parse.targets import find_targets, number_value

CASES = Path(__file__).parent / "cases" / "targets.tsv"


def _cases() -> dict[str, list[list[str]]]:
    by_sentence: dict[str, list[list[str]]] = {}
    for line in CASES.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        sentence, *fields = line.split("\t")
        by_sentence.setdefault(sentence, []).append(fields)
    return by_sentence


def _expected(fields: list[str]) -> tuple:
    text, value, unit, comparator, rng, obj, deadline, frequency, scope, aspirational = fields

    def none(x: str) -> str | None:
        return None if x == "-" else x

    number = None if value == "-" else float(value)
    pair = None if rng == "-" else tuple(float(x) for x in rng.split(","))
    return (text, number, unit, comparator, pair, "" if obj == "-" else obj, none(deadline),
            none(frequency), [] if scope == "-" else scope.split(","), aspirational == "yes")


@pytest.mark.parametrize(("sentence", "rows"), list(_cases().items()))
def test_sentence_targets(sentence, rows):
    found = find_targets(sentence, NodeLocator([]))
    got = [(t.text, t.value, t.unit, t.comparator, t.range, t.object, t.deadline, t.frequency,
            t.scope, t.aspirational) for t in found]
    assert got == [_expected(r) for r in rows if r != ["-"]]
    for t in found:
        assert sentence[t.span[0]:t.span[1]] == t.text


@pytest.mark.parametrize("sentence", [
    "2023年5月10日印发。", "第十二条规定。", "推进一体化发展，实施“5080”工程。",
    "千家万户受益。", "按粤府〔2023〕12号文件执行。", "（一）加强领导。",
])
def test_no_target(sentence):
    masks = [(0, 3)] if sentence.startswith("（") else []
    found = find_targets(sentence, NodeLocator([]), masks + _quoted(sentence))
    assert [t.text for t in found] == []


def _quoted(sentence: str) -> list[tuple[int, int]]:
    """Spans the parse stage masks: quoted names and document numbers."""
    from pipeline.parse.docnumber import PATTERN
    from pipeline.parse.programmes import QUOTED

    return [m.span() for m in QUOTED.finditer(sentence)] + [
        m.span() for m in PATTERN.finditer(sentence)]


def test_number_values():
    cases = {"33万": 330000, "1.5": 1.5, "2,500": 2500, "１２": 12, "三": 3, "三十三万": 330000,
             "1.2亿": 120000000, "两千五百": 2500}
    assert {k: number_value(k) for k in cases} == cases
    assert number_value("abc") is None


def test_label_numbers():
    assert [label_number(x) for x in ("12", "１２", "十二", "⑫", "一百零一", "x")] == [
        12, 12, 12, 12, 101, None]


def test_numbers_beyond_a_float_are_no_target_and_large_ones_stay_floats():
    huge = "9" * 400
    assert number_value(huge) is None
    assert number_value(huge + "万") is None
    text = f"一、完成{huge}万元投资。\n二、新增{'9' * 25}个岗位。\n三、新增30万个岗位。"
    targets = find_targets(text, NodeLocator([]))
    assert [(t.text, t.value, type(t.value)) for t in targets] == [
        ("9" * 25 + "个", 1e25, float), ("30万个", 300000, int)]
