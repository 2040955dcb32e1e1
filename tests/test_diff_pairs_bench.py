"""The real-pairs diff benchmark's source list, text conversion and skip (no network)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import diff_pairs_bench
from bench.lawpairs import plain, sources


def test_source_list_names_pairs_of_dated_versions() -> None:
    rows = sources()
    assert len(rows) >= 20
    assert len({name for name, *_ in rows}) == len(rows)
    for _name, repo, commit, old, new in rows:
        assert repo == "LawRefBook/Laws" and len(commit) == 40
        assert old != new and old.split("(")[0] == new.split("(")[0]
        assert old.endswith(").md") and new.endswith(").md")


def test_markdown_becomes_one_paragraph_per_line() -> None:
    page = "# 某条例\n\n2020年1月1日 公布\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 甲。\n"
    assert plain(page) == "某条例\n2020年1月1日 公布\n第一章 总则\n第一条 甲。\n"


def test_benchmark_says_so_and_skips_without_the_pairs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["diff_pairs_bench.py", "--dir", str(tmp_path)])
    assert diff_pairs_bench.main() == 0
    assert capsys.readouterr().out == (
        f"diff pairs benchmark: skipped, no pairs in {tmp_path} "
        "(fetch them with bench/lawpairs.py)\n")
