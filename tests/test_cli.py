"""The command line, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8")


def test_clean_prints_paragraphs():
    result = run("clean", str(SAMPLE))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[2] == "一、总体要求"
    assert "重点任务" in lines[4]


def test_parse_json_and_md():
    out = run("parse", str(SAMPLE), "--format", "json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["outline"][1]["title"] == "重点任务"
    md = run("parse", str(SAMPLE), "--format", "md")
    assert md.stdout.startswith("# 广东关于")


def test_missing_file_is_one_line_exit_2(tmp_path):
    result = run("clean", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert result.stderr == f"pipeline: {tmp_path / 'nope.txt'}: no such file\n"


def test_build_is_incremental_and_reports_failures(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_bytes(SAMPLE.read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    first = run("build", str(raw), "-o", str(out))
    assert first.returncode == 1
    assert f"pipeline: {raw / 'empty.txt'}: empty file\n" in first.stderr
    assert "built 1, up to date 0, failed 1" in first.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "page.html", "page.json", "page.md"]
    before = (out / "page.json").read_bytes()
    second = run("build", str(raw), "-o", str(out))
    assert "built 0, up to date 1, failed 1" in second.stderr
    forced = run("build", str(raw), "-o", str(out), "--force")
    assert "built 1" in forced.stderr
    assert (out / "page.json").read_bytes() == before
    assert (raw / "page.txt").read_bytes() == SAMPLE.read_bytes()


def test_build_refuses_outputs_inside_the_raw_directory(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_bytes(SAMPLE.read_bytes())
    for args in (["-o", str(raw)], ["-o", str(raw / "out")], ["-o", str(tmp_path / "out"),
                                                             "--jsonl", str(raw / "c.jsonl")]):
        result = run("build", str(raw), *args)
        assert result.returncode == 2
        assert "inside the raw directory" in result.stderr
        assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in raw.iterdir()) == ["page.txt"]


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys):
    from pipeline import cli

    def broken(*_args):
        raise ValueError("boom")

    monkeypatch.setattr(cli, "clean", broken)
    assert cli.main(["clean", str(SAMPLE)]) == 2
    assert capsys.readouterr().err == f"pipeline: {SAMPLE}: internal error: ValueError: boom\n"


def test_unreadable_raw_directory_is_one_line(monkeypatch, capsys, tmp_path):
    from pipeline import build, cli

    def refuse(_raw_dir):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(build, "raw_pages", refuse)
    assert cli.main(["build", str(tmp_path), "-o", str(tmp_path.parent / "o")]) == 2
    assert capsys.readouterr().err == f"pipeline: {tmp_path}: cannot read: Permission denied\n"


def test_a_page_that_now_fails_loses_its_old_outputs(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "page.txt").write_bytes(SAMPLE.read_bytes())
    (raw / "other.txt").write_bytes(SAMPLE.read_bytes())
    assert run("build", str(raw), "-o", str(out)).returncode == 0
    (raw / "page.txt").write_bytes(b"")
    result = run("build", str(raw), "-o", str(out))
    assert result.returncode == 1
    assert f"pipeline: {raw / 'page.txt'}: empty file\n" in result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "other.html", "other.json", "other.md"]


def test_clean_says_on_stderr_how_many_repairs_to_check(tmp_path):
    page = tmp_path / "page.txt"
    # a lone byte ate the ( of an annotation that context cannot settle: one lost mark
    page.write_text("第一段正文。\n\n在?guó)。\n", encoding="utf-8")
    result = run("clean", str(page))
    assert result.returncode == 0
    assert "□" in result.stdout
    assert result.stderr == f"pipeline: {page}: 0 repairs low-confidence, 1 lost\n"
    # the sample page: every repair at 0.6 or more (calibration refitted on the tuning
    # texts), nothing lost: nothing to say
    assert run("clean", str(SAMPLE)).stderr == ""
