"""Builds: same bytes whatever the engine, failures isolated, incremental, resumable, corpus."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import build as build_module
from pipeline.build import (
    JOURNAL_FILE,
    STATE_FILE,
    WRITERS,
    Build,
    internal_error,
    jsonl_line,
    load_state,
    render_page,
)
from pipeline.emit.json import compact, dumps
from tests.conftest import ROOT, SAMPLE

#: A line that makes a page different from the sample without changing its structure.
VARIANT = "\n本页编号：{n}。\n"


def make_raw(root: Path, count: int, bad: bool = True) -> Path:
    """A raw directory of ``count`` different pages (p000.txt, ...), plus two bad ones."""
    raw = root / "raw"
    raw.mkdir()
    sample = SAMPLE.read_bytes()
    for n in range(count):
        (raw / f"p{n:03d}.txt").write_bytes(sample + VARIANT.format(n=n).encode())
    if bad:
        (raw / "empty.txt").write_bytes(b"")
        (raw / "zbinary.bin").write_bytes(b"text" + bytes(512))
    return raw


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file of a build (not its state), by name."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def run_build(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "build", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", **kwargs)


def statuses(job: Build) -> dict[str, tuple[str, str]]:
    return {o.name: (o.status, o.detail) for o in job.run()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, object]:
    """One raw directory built with one job and with two: outputs, corpora, stderr."""
    root = tmp_path_factory.mktemp("corpus")
    raw = make_raw(root, 5)
    runs = {}
    for jobs in ("1", "2"):
        result = run_build(str(raw), "-o", str(root / f"out{jobs}"), "--jobs", jobs,
                           "--jsonl", str(root / f"corpus{jobs}.jsonl"))
        runs[jobs] = result
    return {"root": root, "raw": raw, "runs": runs}


def test_one_and_two_jobs_give_the_same_bytes(corpus):
    root = corpus["root"]
    one, two = outputs(root / "out1"), outputs(root / "out2")
    assert sorted(one) == sorted(f"p{n:03d}{s}" for n in range(5) for s in WRITERS)
    assert one == two
    assert (root / "corpus1.jsonl").read_bytes() == (root / "corpus2.jsonl").read_bytes()


def test_failed_pages_are_named_with_their_reason_and_summarised(corpus):
    raw = corpus["raw"]
    for result in corpus["runs"].values():
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert f"pipeline: {raw / 'empty.txt'}: empty file" in lines
        assert "built 5, up to date 0, failed 2" in lines
        summary = lines[lines.index("pipeline: 2 of 7 pages failed:") + 1:]
        assert summary[0] == f"  {raw / 'empty.txt'}: empty file"
        assert summary[1] == f"  {raw / 'zbinary.bin'}: binary file (NUL bytes), not a text page"
        assert len(summary) == 2


def test_jsonl_is_one_compact_document_per_built_page_in_name_order(corpus):
    root = corpus["root"]
    lines = (root / "corpus2.jsonl").read_text("utf-8").split("\n")
    assert lines[-1] == ""
    docs = [json.loads(line) for line in lines[:-1]]
    assert [Path(d["source"]["path"]).name for d in docs] == [f"p{n:03d}.txt" for n in range(5)]
    for n, line in enumerate(lines[:-1]):
        json_text = (root / "out2" / f"p{n:03d}.json").read_text("utf-8")
        assert line == jsonl_line(json_text)
        assert json.loads(line) == json.loads(json_text)
        assert f"本页编号：{n}。" in docs[n]["text"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(JSON_VALUES, st.sampled_from([None, 1, 2, 4, "\t"]))
def test_jsonl_line_is_the_same_document_on_one_line(value, indent):
    text = json.dumps(value, ensure_ascii=False, indent=indent) + "\n"
    line = jsonl_line(text)
    assert "\n" not in line and "\r" not in line
    assert json.loads(line) == value
    if isinstance(value, dict):
        assert list(json.loads(line)) == list(value)


def test_outputs_are_ordinary_files_and_no_temporaries_remain(corpus):
    out = corpus["root"] / "out2"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [
        build_module.LOCK_FILE, STATE_FILE]
    assert all(p.stat().st_mode & 0o044 for p in out.iterdir())
    assert not list(corpus["root"].glob(".*.tmp"))


def test_up_to_date_pages_still_go_into_the_corpus(corpus, tmp_path):
    root = corpus["root"]
    again = run_build(str(corpus["raw"]), "-o", str(root / "out2"), "--jobs", "2",
                      "--jsonl", str(tmp_path / "again.jsonl"))
    assert "built 0, up to date 5, failed 2" in again.stderr
    assert (tmp_path / "again.jsonl").read_bytes() == (root / "corpus1.jsonl").read_bytes()


def test_rebuilds_only_what_changed(tmp_path, monkeypatch):
    raw = make_raw(tmp_path, 3, bad=False)
    out = tmp_path / "out"
    assert statuses(Build(raw, out)) == {f"p{n:03d}.txt": ("built", "") for n in range(3)}
    (raw / "p001.txt").write_bytes(SAMPLE.read_bytes() + b"\nchanged\n")
    (out / "p002.md").unlink()
    assert statuses(Build(raw, out)) == {"p000.txt": ("skipped", ""),
                                         "p001.txt": ("built", ""), "p002.txt": ("built", "")}
    assert "changed" in (out / "p001.json").read_text("utf-8")
    monkeypatch.setattr(build_module, "code_fingerprint", lambda: "another pipeline")
    assert {s for s, _ in statuses(Build(raw, out)).values()} == {"built"}
    assert statuses(Build(raw, out, force=True))["p000.txt"] == ("built", "")


def test_formats_choose_the_outputs_and_count_in_the_build_key(tmp_path):
    raw = make_raw(tmp_path, 2, bad=False)
    out = tmp_path / "out"
    assert {s for s, _ in statuses(Build(raw, out)).values()} == {"built"}
    full = outputs(out)
    assert sorted(full) == ["p000.html", "p000.json", "p000.md",
                            "p001.html", "p001.json", "p001.md"]
    # JSON alone: same JSON bytes and corpus lines; the other outputs of a rebuilt page
    # go, as they would describe an older build.
    result = statuses(Build(raw, out, formats=(".json",), jsonl=tmp_path / "c.jsonl"))
    assert result == {"p000.txt": ("built", ""), "p001.txt": ("built", "")}
    assert outputs(out) == {name: full[name] for name in ("p000.json", "p001.json")}
    lines = (tmp_path / "c.jsonl").read_text("utf-8").splitlines()
    assert lines == [jsonl_line(full[f"p00{n}.json"].decode("utf-8")) for n in range(2)]
    assert {s for s, _ in statuses(Build(raw, out, formats=(".json",))).values()} == {
        "skipped"}
    # Back to every format: rebuilt, byte-identical to the first build.
    assert {s for s, _ in statuses(Build(raw, out)).values()} == {"built"}
    assert outputs(out) == full
    # Order given does not matter; unknown formats and builds without JSON are refused.
    assert Build(raw, out, formats=(".html", ".json")).formats == (".json", ".html")
    for wrong in ((".md",), (".json", ".pdf")):
        with pytest.raises(ValueError, match=r"formats must include \.json"):
            Build(raw, out, formats=wrong)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_a_fresh_corpus_line_equals_the_line_read_back_from_the_json_output(value):
    # A built page's line comes from the document, an up-to-date page's from its .json
    # file: the two must be the same bytes (big integers and exponents included).
    assert compact(value) == jsonl_line(dumps(value))
    assert json.loads(dumps(value)) == value


@pytest.mark.parametrize(("value", "message"), [
    (",", "pipeline: argument --formats: unknown format ',' (choose from json, md, html)"),
    ("json,pdf", "pipeline: argument --formats: unknown format 'pdf' (choose from json, md, "
                 "html)"),
])
def test_cli_refuses_wrong_formats_in_one_line(tmp_path, value, message):
    raw = make_raw(tmp_path, 1, bad=False)
    result = run_build(str(raw), "-o", str(tmp_path / "out"), "--formats", value)
    assert (result.returncode, result.stderr) == (2, message + "\n")
    assert not (tmp_path / "out").exists()


def test_cli_json_only_build(tmp_path):
    raw = make_raw(tmp_path, 1, bad=False)
    result = run_build(str(raw), "-o", str(tmp_path / "out"), "--formats", "json")
    assert result.returncode == 0, result.stderr
    assert sorted(outputs(tmp_path / "out")) == ["p000.json"]


def test_an_unexpected_exception_fails_one_page_only(tmp_path, monkeypatch):
    raw = make_raw(tmp_path, 3, bad=False)
    real = build_module.render

    def render(data: bytes, name: str, suffixes: tuple[str, ...]) -> tuple[object, dict]:
        if name.endswith("p001.txt"):
            raise ValueError("no such\nthing")
        return real(data, name, suffixes)

    monkeypatch.setattr(build_module, "render", render)
    result = statuses(Build(raw, tmp_path / "out", jsonl=tmp_path / "c.jsonl"))
    assert result["p001.txt"] == ("failed", "internal error: ValueError: no such thing")
    assert result["p000.txt"] == result["p002.txt"] == ("built", "")
    assert len((tmp_path / "c.jsonl").read_text("utf-8").splitlines()) == 2
    assert "p001.txt" not in load_state(tmp_path / "out")


def test_pages_that_would_share_output_names_are_refused(tmp_path):
    raw = make_raw(tmp_path, 1, bad=False)
    (raw / "p000.html").write_bytes(SAMPLE.read_bytes())
    result = statuses(Build(raw, tmp_path / "out"))
    assert result == {"p000.html": ("built", ""),
                      "p000.txt": ("failed", "same output names as p000.html")}
    assert '"path": "raw/p000.html"' in (tmp_path / "out" / "p000.json").read_text("utf-8")


def test_a_page_whose_output_cannot_be_written_fails_alone(tmp_path):
    raw = make_raw(tmp_path, 2, bad=False)
    out = tmp_path / "out"
    (out / "p000.md").mkdir(parents=True)
    result = statuses(Build(raw, out))
    assert result == {"p000.txt": ("failed", f"cannot write {out / 'p000.md'}: Is a directory"),
                      "p001.txt": ("built", "")}
    assert "p000.txt" not in load_state(out)


def test_an_output_directory_that_cannot_be_made_is_one_line_exit_2(tmp_path):
    raw = make_raw(tmp_path, 1, bad=False)
    (tmp_path / "file").write_text("not a directory")
    result = run_build(str(raw), "-o", str(tmp_path / "file" / "out"))
    assert (result.returncode, result.stderr) == (
        2, f"pipeline: {tmp_path / 'file' / 'out'}: cannot write: Not a directory\n")


def test_render_page_turns_every_failure_into_a_reason(sample_bytes):
    assert render_page(b"", "e.txt", False).reason == "empty file"
    assert render_page(b"", "e.txt", False).outputs is None
    good = render_page(sample_bytes, "s.txt", True)
    assert good.reason == "" and set(good.outputs) == set(WRITERS)
    assert good.line == jsonl_line(good.outputs[".json"].decode("utf-8")).encode("utf-8")
    assert render_page(sample_bytes, "s.txt", False).line is None
    assert internal_error(ValueError()) == "internal error: ValueError"
    assert internal_error(OSError("a\n  b")) == "internal error: OSError: a b"


def test_freeze_gc_freezes_once_after_the_first_page_only_when_asked(tmp_path):
    script = (
        "import gc, sys\n"
        "from pipeline.build import render_page\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "render_page(data, 'a.txt', False)\n"
        "counts = [gc.get_freeze_count()]\n"
        "render_page(data, 'a.txt', False, ('.json',), True)\n"
        "counts.append(gc.get_freeze_count())\n"
        "render_page(b'', 'e.txt', False, ('.json',), True)\n"
        "counts.append(gc.get_freeze_count())\n"
        "print(counts)\n")
    result = subprocess.run([sys.executable, "-c", script, str(SAMPLE)], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8")
    first, frozen, later = json.loads(result.stdout)
    assert first == 0 and frozen > 10_000 and later == frozen


def test_cli_reports_an_internal_error_in_one_line(tmp_path):
    raw = make_raw(tmp_path, 2, bad=False)
    script = (
        "import sys, pipeline.build as b\n"
        "real = b.render\n"
        "def render(data, name, suffixes):\n"
        "    if name.endswith('p000.txt'):\n"
        "        raise RuntimeError('boom')\n"
        "    return real(data, name, suffixes)\n"
        "b.render = render\n"
        "from pipeline.cli import main\n"
        f"sys.exit(main(['build', {str(raw)!r}, '-o', {str(tmp_path / 'out')!r}]))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, encoding="utf-8")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"pipeline: {raw / 'p000.txt'}: internal error: RuntimeError: boom",
        "built 1, up to date 0, failed 1",
        "pipeline: 1 of 2 pages failed:",
        f"  {raw / 'p000.txt'}: internal error: RuntimeError: boom",
    ]


def test_journal_replays_over_the_snapshot_and_ignores_a_torn_line(tmp_path):
    (tmp_path / STATE_FILE).write_text('{"a.txt": "k1", "b.txt": "k2"}\n', "utf-8")
    (tmp_path / JOURNAL_FILE).write_text(
        '["c.txt", "k3"]\n["a.txt", null]\n["b.txt", "k4"]\n["d.txt", "k', "utf-8")
    assert load_state(tmp_path) == {"b.txt": "k4", "c.txt": "k3"}


def build_in_background(raw: Path, out: Path, *args: str, pages_done: int,
                        timeout: float = 60) -> subprocess.Popen:
    """``build RAW -o OUT --jobs 2 ARGS`` in its own session, returned once its journal
    records ``pages_done`` pages (or it ended, or ``timeout`` passed): a build to kill."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", str(raw), "-o", str(out), "--jobs", "2",
         *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    journal = out / JOURNAL_FILE
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_text("utf-8").count("\n") >= pages_done:
            break
        time.sleep(0.005)
    return process


def test_a_killed_build_resumes_with_what_is_missing(tmp_path):
    raw = make_raw(tmp_path, 40, bad=False)
    out = tmp_path / "out"
    process = build_in_background(raw, out, "--jsonl", str(tmp_path / "c.jsonl"),
                                  pages_done=3)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done = len(load_state(out))
    assert 3 <= done < 40, "the build should have been killed part-way"
    assert not (tmp_path / "c.jsonl").exists()
    resumed = run_build(str(raw), "-o", str(out), "--jobs", "2", "--jsonl",
                        str(tmp_path / "c.jsonl"))
    assert resumed.returncode == 0
    assert f"built {40 - done}, up to date {done}, failed 0" in resumed.stderr
    fresh = tmp_path / "fresh"
    assert statuses(Build(raw, fresh)) == {f"p{n:03d}.txt": ("built", "") for n in range(40)}
    assert outputs(out) == outputs(fresh)
    assert not list(out.glob(".*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert not (out / JOURNAL_FILE).exists()
    lines = (tmp_path / "c.jsonl").read_text("utf-8").splitlines()
    assert lines == [jsonl_line((fresh / f"p{n:03d}.json").read_text("utf-8"))
                     for n in range(40)]
