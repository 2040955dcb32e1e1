"""Builds that hostile pages and broken runs cannot stall or wedge (issue 16)."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import build as build_module
from pipeline.build import JOURNAL_FILE, Build, load_state, lock_output
from tests.conftest import SAMPLE
from tests.test_build import make_raw, outputs, run_build, statuses


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


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2] if how == "truncate" else b"")


def test_damaged_outputs_are_built_again(tmp_path: Path) -> None:
    """A truncated ``.json`` and an emptied ``.html``/``.md`` were trusted as up to date
    (item 6): the state's hashes no longer match, so those pages are built again."""
    raw = make_raw(tmp_path, 4, bad=False)
    out = tmp_path / "out"
    list(Build(raw, out).run())
    before = outputs(out)
    _damage(out / "p000.json", "truncate")
    _damage(out / "p001.html", "empty")
    _damage(out / "p002.md", "empty")
    assert statuses(Build(raw, out)) == {"p000.txt": ("built", ""), "p001.txt": ("built", ""),
                                         "p002.txt": ("built", ""), "p003.txt": ("skipped", "")}
    assert outputs(out) == before


def test_a_damaged_output_with_jsonl_is_rebuilt_not_fatal(tmp_path: Path) -> None:
    """With ``--jsonl``, a damaged output aborted the whole build naming no page."""
    raw = make_raw(tmp_path, 3, bad=False)
    out = tmp_path / "out"
    first = run_build(str(raw), "-o", str(out), "--jsonl", str(tmp_path / "a.jsonl"))
    assert first.returncode == 0
    _damage(out / "p001.json", "truncate")
    (out / "p002.json").write_text("[1, 2]\n", "utf-8")  # valid JSON, not the output
    again = run_build(str(raw), "-o", str(out), "--jsonl", str(tmp_path / "b.jsonl"))
    assert (again.returncode, again.stderr) == (0, "built 2, up to date 1, failed 0\n")
    assert (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()


def _failing_replace(monkeypatch, fails: Callable[[str, int], bool]) -> None:
    """``os.replace`` failing like a full disk when ``fails(destination, call number)``
    (calls counted from 1 over renames onto ``p000`` outputs)."""
    real = os.replace
    calls = 0

    def replace(src, dst, **kwargs):
        nonlocal calls
        if Path(dst).name.startswith("p000."):
            calls += 1
            if fails(str(dst), calls):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def _changed_page(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A built page whose raw file then changed: raw, out, its old outputs."""
    raw = make_raw(tmp_path, 2, bad=False)
    out = tmp_path / "out"
    list(Build(raw, out).run())
    before = {p.name: p.read_bytes() for p in out.glob("p000.*")}
    (raw / "p000.txt").write_bytes((raw / "p000.txt").read_bytes() + "\n新增一行。\n".encode())
    return raw, out, before


def test_a_rename_failing_on_the_third_output_leaves_the_old_set(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """Item 7: the new ``.json`` and ``.md`` were renamed into place and the ``.html``
    failed, leaving the old ``.html`` beside them. Now the old set comes back whole."""
    raw, out, before = _changed_page(tmp_path)
    _failing_replace(monkeypatch, lambda dst, n: n == 3)
    assert statuses(Build(raw, out)) == {
        "p000.txt": ("failed", f"cannot write {out / 'p000.html'}: No space left on device"),
        "p001.txt": ("skipped", "")}
    assert {p.name: p.read_bytes() for p in out.glob("p000.*")} == before
    assert "p000.txt" not in load_state(out)
    assert not [p for p in out.rglob("*") if p.name.startswith(".kept.")]
    monkeypatch.undo()
    assert statuses(Build(raw, out)) == {"p000.txt": ("built", ""), "p001.txt": ("skipped", "")}
    assert outputs(out) == _fresh(raw, tmp_path)


def test_when_the_old_set_cannot_come_back_the_page_has_no_outputs(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """Renames failing from the third on (putting back fails too): none rather than a mix;
    the next build repairs the page."""
    raw, out, _ = _changed_page(tmp_path)
    _failing_replace(monkeypatch, lambda dst, n: n >= 3)
    assert statuses(Build(raw, out))["p000.txt"][0] == "failed"
    assert sorted(p.name for p in out.glob("p000.*")) == []
    monkeypatch.undo()
    assert statuses(Build(raw, out)) == {"p000.txt": ("built", ""), "p001.txt": ("skipped", "")}
    assert outputs(out) == _fresh(raw, tmp_path)


def _fresh(raw: Path, tmp_path: Path) -> dict[str, bytes]:
    fresh = tmp_path / "fresh"
    list(Build(raw, fresh).run())
    return outputs(fresh)


def test_entries_that_are_not_pages_are_counted_and_named(tmp_path: Path) -> None:
    """Item 9: subfolders, pipes and links in the raw folder were skipped silently."""
    raw = make_raw(tmp_path, 1, bad=False)
    (raw / "sub").mkdir()
    os.mkfifo(raw / "fifo")
    (raw / "gone").symlink_to(raw / "missing.txt")
    (raw / "to-sub").symlink_to(raw / "sub")
    (raw / "linked.txt").symlink_to(raw / "p000.txt")  # a link to a page is a page
    (raw / ".hidden").mkdir()  # hidden entries are not looked at
    result = run_build(str(raw), "-o", str(tmp_path / "out"))
    assert (result.returncode, result.stderr.splitlines()) == (0, [
        "built 2, up to date 0, failed 0, not pages 4",
        f"pipeline: 4 entries of {raw} are not pages (regular files) and were skipped:",
        f"  {raw / 'fifo'}: pipe",
        f"  {raw / 'gone'}: broken link",
        f"  {raw / 'sub'}: folder",
        f"  {raw / 'to-sub'}: link"])
