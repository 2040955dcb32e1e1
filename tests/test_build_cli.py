"""Build options on the command line, and how progress is shown."""

from __future__ import annotations

import io
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
    assert result.stderr == "loaded: []\n"
    assert result.stdout.splitlines()[2] == "一、总体要求"
