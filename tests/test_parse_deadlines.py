"""Deadlines carried by the scope that sets them (texts written for these tests)."""

from __future__ import annotations

from pipeline.parse import parse


def _deadlines(text: str) -> list[tuple[str, str | None]]:
    return [(t.text, t.deadline) for t in parse(text).targets]


def test_paragraph_opened_by_a_year() -> None:
    text = "\n".join([
        "一、发展目标",
        "到2025年，产业体系基本形成。某产业规模达到500亿元，培育20家龙头企业。"
        "到2030年，规模达到1000亿元。",
        "二、保障措施",
        "每年安排1亿元专项资金。",
    ])
    assert _deadlines(text) == [("500亿元", "2025"), ("20家", "2025"), ("1000亿元", "2030"),
                                ("1亿元", None)]


def test_list_opened_by_a_year() -> None:
    text = "\n".join([
        "一、主要目标",
        "到2027年，实现以下目标：",
        "（一）新建公办幼儿园30所。",
        "（二）普惠性幼儿园覆盖率达到90%。",
        "二、重点任务",
        "（三）新增学位5000个。",
    ])
    assert _deadlines(text) == [("30所", "2027"), ("90%", "2027"), ("5000个", None)]


def test_year_before_the_verb() -> None:
    text = "一、扩大规模\n逐年扩大招生规模，2028年达到3000人。"
    assert _deadlines(text) == [("3000人", "2028")]
