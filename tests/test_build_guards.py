"""Builds that hostile pages and broken runs cannot stall or wedge (issue 16)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline import build as build_module
from pipeline.build import JOURNAL_FILE, Build, lock_output
from tests.conftest import SAMPLE
from tests.test_build import make_raw, run_build, statuses


def test_a_page_over_its_time_limit_fails_alone(tmp_path: Path, monkeypatch) -> None:
    raw = make_raw(tmp_path, 2, bad=False)
    real = build_module.render

    def slow_first(data: bytes, name: str, suffixes: tuple[str, ...]):
        if name.endswith("p000.txt"):
            while True:
                time.sleep(0.01)
        return real(data, name, suffixes)

    real(SAMPLE.read_bytes(), "warm-up.txt", (".json",))  # models load outside the limit
    monkeypatch.setattr(build_module, "render", slow_first)
    result = statuses(Build(raw, tmp_path / "out", page_timeout=2))
    assert result == {"p000.txt": ("failed", "timeout (limit 2 s)"),
                      "p001.txt": ("built", "")}


@pytest.mark.parametrize("value", ["-1", "x", "inf"])
def test_page_timeout_must_be_seconds(tmp_path: Path, value: str) -> None:
    result = run_build(str(tmp_path), "-o", str(tmp_path / "out"), "--page-timeout", value)
    assert result.returncode == 2
    assert result.stderr.endswith(f"argument --page-timeout: not a number of seconds: "
                                  f"{value!r}\n")


def test_a_bad_journal_line_is_skipped_with_a_warning(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, 1, bad=False)
    out = tmp_path / "out"
    out.mkdir()
    (out / JOURNAL_FILE).write_text('[1, "k"]\n[null, "k"]\n', "utf-8")
    result = run_build(str(raw), "-o", str(out))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"pipeline: {out / JOURNAL_FILE}: line 1 is not a [page, key] pair; skipped",
        f"pipeline: {out / JOURNAL_FILE}: line 2 is not a [page, key] pair; skipped",
        "built 1, up to date 0, failed 0"]


def test_a_second_build_into_a_locked_folder_is_refused(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, 1, bad=False)
    out = tmp_path / "out"
    out.mkdir()
    held = lock_output(out)
    try:
        result = run_build(str(raw), "-o", str(out))
    finally:
        held.close()
    assert result.returncode == 2
    assert result.stderr == (f"pipeline: {out}: another build is writing into this folder "
                             "(it is locked); wait for it or choose another\n")
    assert not (out / "p000.json").exists()


@pytest.mark.parametrize("target", ["out/p000.json", "out/.build-state.json", "out/c.jsonl"])
def test_jsonl_inside_the_output_folder_is_refused(tmp_path: Path, target: str) -> None:
    raw = make_raw(tmp_path, 1, bad=False)
    result = run_build(str(raw), "-o", str(tmp_path / "out"), "--jsonl", str(tmp_path / target))
    assert result.returncode == 2
    assert result.stderr == (
        f"pipeline: {tmp_path / target}: inside the output folder {tmp_path / 'out'}; "
        "--jsonl must go elsewhere (it would replace an output or the build state)\n")


def test_user_temporary_files_and_other_corpora_are_left_alone(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, 1, bad=False)
    out = tmp_path / "out"
    out.mkdir()
    mine = out / ".notes.tmp"
    mine.write_text("keep", "utf-8")
    other = tmp_path / f".c.jsonl.{os.getppid()}.abc.tmp"  # a live process's corpus
    other.write_text("x", "utf-8")
    dead = tmp_path / ".c.jsonl.999999999.abc.tmp"
    dead.write_text("x", "utf-8")
    result = run_build(str(raw), "-o", str(out), "--jsonl", str(tmp_path / "c.jsonl"))
    assert result.returncode == 0
    assert mine.read_text("utf-8") == "keep" and other.exists() and not dead.exists()
    assert not list(out.glob(".build-tmp.*"))


def test_a_failed_write_leaves_every_old_output(tmp_path: Path, monkeypatch) -> None:
    raw = make_raw(tmp_path, 1, bad=False)
    out = tmp_path / "out"
    list(Build(raw, out).run())
    before = {p.name: p.read_bytes() for p in out.glob("p000.*")}
    (raw / "p000.txt").write_bytes((raw / "p000.txt").read_bytes() + "\n新增一行。\n".encode())
    real = build_module.temporary_beside

    def full_disk_on_html(path: Path, directory=None, tag=""):
        handle, tmp = real(path, directory, tag)
        if path.suffix == ".html":
            handle.close()
            handle = open(tmp, "rb")  # writing to it fails like a full disk  # noqa: SIM115
        return handle, tmp

    monkeypatch.setattr(build_module, "temporary_beside", full_disk_on_html)
    result = statuses(Build(raw, out))
    assert result["p000.txt"][0] == "failed"
    assert {p.name: p.read_bytes() for p in out.glob("p000.*")} == before
