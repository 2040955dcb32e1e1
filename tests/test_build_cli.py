"""Build options on the command line, and how progress is shown."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from pipeline.progress import Progress
from tests.conftest import ROOT, SAMPLE
from tests.test_build import make_raw, run_build


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_log_lines_come_at_the_interval_not_per_page():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(5, stream, bar=False, interval=10.0, clock=clock)
    for status in ("built", "skipped"):
        clock.now += 4
        progress.update(status)
    assert stream.getvalue() == ""
    clock.now += 4
    progress.update("failed")
    assert stream.getvalue() == (
        "pipeline: build: 3/5 pages (1 built, 1 up to date, 1 failed), 0.2 pages/s\n")
    clock.now += 20
    progress.update("built")
    progress.note("pipeline: x.txt: empty file")
    clock.now += 20
    progress.update("built")
    assert stream.getvalue().splitlines()[1:] == [
        "pipeline: build: 4/5 pages (2 built, 1 up to date, 1 failed), 0.1 pages/s",
        "pipeline: x.txt: empty file"]
    assert progress.done == 5


def test_bar_draws_on_the_stream_and_notes_go_above_it():
    stream = io.StringIO()
    progress = Progress(2, stream, bar=True)
    progress.update("built")
    progress.note("pipeline: a.txt: empty file")
    progress.update("failed")
    progress.close()
    text = stream.getvalue()
    assert "pipeline: a.txt: empty file\n" in text
    assert "0/2" in text and "1/2" in text and "page/s" in text


def test_not_a_terminal_means_no_bar(tmp_path):
    raw = make_raw(tmp_path, 2, bad=False)
    result = run_build(str(raw), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 0
    assert result.stderr == "built 2, up to date 0, failed 0\n"


def test_bad_build_options_are_one_line_exit_2(tmp_path):
    raw = make_raw(tmp_path, 1, bad=False)
    cases = {
        ("--jobs", "0"): "pipeline: argument -j/--jobs: not a positive integer: '0'\n",
        ("--jobs", "two"): "pipeline: argument -j/--jobs: not a positive integer: 'two'\n",
        ("--engine", "spark"): "pipeline: argument --engine: invalid choice: 'spark' "
                               "(choose from 'local', 'ray')\n",
        ("--ray-address", "auto"): "pipeline: --ray-address needs --engine ray\n",
        ("--jsonl", str(tmp_path)): f"pipeline: {tmp_path}: is a directory, not a file for "
                                    "--jsonl\n",
    }
    for args, message in cases.items():
        result = run_build(str(raw), "-o", str(tmp_path / "out"), *args)
        assert (result.returncode, result.stderr) == (2, message), args
    assert not (tmp_path / "out").exists()


def test_clean_starts_without_the_heavy_libraries_it_does_not_need():
    script = (
        "import sys\n"
        "from pipeline.cli import main\n"
        f"status = main(['clean', {str(SAMPLE)!r}])\n"
        "heavy = sorted(m for m in ('jieba', 'ray', 'tqdm', 'jinja2', 'importlib.metadata')\n"
        "               if m in sys.modules)\n"
        "print('loaded:', heavy, file=sys.stderr)\n"
        "sys.exit(status)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, encoding="utf-8")
    assert result.returncode == 0
    # the sample page has no repair below the low-confidence threshold (issue 13)
    assert result.stderr == "loaded: []\n"
    assert result.stdout.splitlines()[2] == "一、总体要求"


def test_the_rate_does_not_count_the_engine_start_up():
    """A Ray build's log line read 0.0 pages/s: its start-up (30 s here) was counted."""
    stream, clock = io.StringIO(), Clock()
    progress = Progress(100, stream, bar=False, interval=10.0, clock=clock)
    clock.now += 30
    progress.update("built")
    assert progress.line().endswith(", first page after 30.0 s")
    for _ in range(40):
        clock.now += 0.25
        progress.update("built")
    assert stream.getvalue().splitlines() == [
        "pipeline: build: 1/100 pages (1 built, 0 up to date, 0 failed), "
        "first page after 30.0 s",
        "pipeline: build: 41/100 pages (41 built, 0 up to date, 0 failed), 4.0 pages/s"]


def test_jsonl_dash_writes_the_corpus_to_standard_output(tmp_path):
    """``--jsonl -`` created a file named ``-``; progress and the summary stay on stderr."""
    raw = make_raw(tmp_path, 3, bad=False)
    to_file = run_build(str(raw), "-o", str(tmp_path / "a"), "--jsonl", str(tmp_path / "c.jsonl"))
    assert to_file.returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", str(raw), "-o",
                             str(tmp_path / "b"), "--jsonl", "-", "--jobs", "2"],
                            cwd=tmp_path, capture_output=True, env=env)
    assert (result.returncode, result.stderr) == (0, b"built 3, up to date 0, failed 0\n")
    assert result.stdout == (tmp_path / "c.jsonl").read_bytes()
    assert not (tmp_path / "-").exists()


def test_formats_without_json_still_write_json(tmp_path):
    """The README says JSON is always written; ``--formats md`` was refused."""
    raw = make_raw(tmp_path, 1, bad=False)
    result = run_build(str(raw), "-o", str(tmp_path / "out"), "--formats", "md")
    assert (result.returncode, result.stderr) == (0, "built 1, up to date 0, failed 0\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()
                  if not p.name.startswith(".")) == ["p000.json", "p000.md"]


def test_help_lists_every_command_in_plain_text():
    """The top-level help omitted ``diff`` and showed reStructuredText backticks."""
    top = subprocess.run([sys.executable, "-m", "pipeline", "--help"], cwd=ROOT,
                         capture_output=True, text=True, encoding="utf-8")
    assert top.returncode == 0 and top.stdout.startswith("usage: pipeline [-h] COMMAND ...")
    listed = [line.split()[0] for line in top.stdout.splitlines()
              if line.startswith("    ") and line.split()[0].isalpha()]
    assert listed == ["build", "clean", "parse", "diff"]
    for command in ("", "build", "clean", "parse", "diff"):
        text = subprocess.run([sys.executable, "-m", "pipeline", *command.split(), "--help"],
                              cwd=ROOT, capture_output=True, text=True, encoding="utf-8").stdout
        assert "``" not in text and "python -m" not in text, command
