"""The simulator's texts: held-out (the reported figures) and tuning (constants and the
confidence calibration) are written for the project, share no sentence, and are big
enough that the figures rest on more than a few spots."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
HELDOUT = CASES / "heldout_texts.txt"
TUNING = CASES / "tuning_texts.txt"
#: Paragraph characters each file holds at least.
SIZES = {HELDOUT: 10_000, TUNING: 7_000}

sys.path.insert(0, str(ROOT / "bench"))
from repair_calibration import main, texts  # noqa: E402


def paragraphs(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines()
            if line and not line.startswith("#")]


@pytest.mark.parametrize("path", [HELDOUT, TUNING], ids=lambda p: p.name)
def test_each_file_has_its_size_one_paragraph_a_line_no_repeats(path):
    lines = paragraphs(path)
    assert sum(map(len, lines)) >= SIZES[path]
    assert len(set(lines)) == len(lines)
    assert all(line.endswith("。") for line in lines)
    assert path.read_text("utf-8").startswith("# ")  # the header says what the file is for


def test_the_two_files_share_no_sentence():
    held, tuning = set(texts(HELDOUT)), set(texts(TUNING))
    assert held and tuning
    assert not held & tuning


def test_sentences_are_cut_at_the_full_stop_and_comments_skipped(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("# 注释。\n第一句。第二句。\n\n第三句。\n", "utf-8")
    assert texts(path) == ["第一句。", "第二句。", "第三句。"]


def test_the_bench_says_which_file_and_how_many_characters(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_text("各地要加强组织领导。\n", "utf-8")
    assert main(["--seeds", "1", "--texts", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"texts: {path} (10 characters, 1 sentences)\n")


def test_the_calibration_is_fitted_on_the_tuning_texts_by_default():
    sys.path.insert(0, str(ROOT / "scripts"))
    from fit_calibration import TEXTS

    assert TEXTS == [TUNING]
