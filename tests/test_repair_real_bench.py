"""The real-page repair benchmark: it times pages it is given, and says so in one line
when the (third-party, out of repository) folder is absent."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from repair_real_bench import main, pages_of  # noqa: E402


def test_an_absent_folder_is_one_line_and_exit_0(tmp_path, capsys):
    assert main(["--data", str(tmp_path / "none")]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "absent, nothing measured" in out


def test_pages_are_read_in_name_order_and_timed(tmp_path, capsys):
    (tmp_path / "002.txt").write_text("各地要加強監管?,F(xiàn)已完成。\n", "utf-8")
    (tmp_path / "001.txt").write_text("關(guān)于加強社區養老服務的通知\n", "utf-8")
    (tmp_path / "notes.md").write_text("not a page", "utf-8")
    assert [p[0][:2] for p in pages_of(tmp_path)] == ["關(", "各地"]
    assert main(["--data", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "repair, 2 real damaged pages, fresh process, load included",
        "repair, 2 real damaged pages, warm, best of 5"]
    assert all(" ms a page (cpu " in line for line in lines)
