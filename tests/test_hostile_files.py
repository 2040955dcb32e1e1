"""Hostile files: names that are not UTF-8, device files, JSON that is not a document
(issue 16, items 1, 5 and 9)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.build import STATE_FILE, Build
from pipeline.names import readable, state_key
from tests.conftest import ROOT, SAMPLE
from tests.test_build import run_build

GBK_NAME = "关于生育支持措施的通知.txt".encode("gbk")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8",
                          errors="backslashreplace")


def test_names_of_any_bytes() -> None:
    gbk = os.fsdecode(GBK_NAME)
    assert readable(gbk) == "关于生育支持措施的通知.txt"
    assert readable(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert readable("页面.txt") == "页面.txt" and state_key("页面.txt") == "页面.txt"
    assert state_key(gbk) == "\0" + GBK_NAME.hex()
    assert state_key(os.fsdecode(b"caf\xe9.txt")) == "\0" + b"caf\xe9.txt".hex()


@pytest.fixture()
def byte_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (GBK_NAME, b"caf\xe9.txt", b"plain.txt"):
        shutil.copyfile(SAMPLE, os.path.join(os.fsencode(raw), name))
    return raw


def test_a_build_with_byte_names_builds_every_page(byte_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_build(str(byte_raw), "-o", str(out), "--jsonl", str(tmp_path / "c.jsonl"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "built 3, up to date 0, failed 0\n"
    names = sorted(os.listdir(os.fsencode(out)))
    assert names == sorted([b".build-lock", b".build-state.json", *(
        stem + suffix for stem in (GBK_NAME[:-4], b"caf\xe9", b"plain")
        for suffix in (b".html", b".json", b".md"))])
    paths = sorted(json.loads(line)["source"]["path"]
                   for line in (tmp_path / "c.jsonl").read_text("utf-8").splitlines())
    assert paths == ["raw/caf\\xe9.txt", "raw/plain.txt", "raw/关于生育支持措施的通知.txt"]
    state = json.loads((out / STATE_FILE).read_text("utf-8"))
    assert sorted(state) == sorted(["\0" + GBK_NAME.hex(), "\0" + b"caf\xe9.txt".hex(),
                                    "plain.txt"])
    again = run_build(str(byte_raw), "-o", str(out))
    assert again.stderr == "built 0, up to date 3, failed 0\n"


def test_source_path_does_not_depend_on_the_working_directory(byte_raw: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    list(Build(byte_raw, out).run())
    first = (out / "plain.json").read_bytes()
    subprocess.run([sys.executable, "-m", "pipeline", "build", "raw", "-o", "again"],
                   cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
                   capture_output=True)
    assert (tmp_path / "again" / "plain.json").read_bytes() == first
    assert json.loads(first)["source"]["path"] == "raw/plain.txt"


def test_parse_and_clean_a_byte_name(byte_raw: Path) -> None:
    page = os.path.join(os.fsencode(byte_raw), b"caf\xe9.txt")
    for command in (["parse"], ["clean"]):
        result = subprocess.run([sys.executable, "-m", "pipeline", *command, page], cwd=ROOT,
                                capture_output=True)
        assert result.returncode == 0, result.stderr
    parsed = subprocess.run([sys.executable, "-m", "pipeline", "parse", page], cwd=ROOT,
                            capture_output=True, check=True)
    assert json.loads(parsed.stdout)["source"]["path"].endswith("raw/caf\\xe9.txt")


def test_a_missing_byte_name_is_one_line(tmp_path: Path) -> None:
    page = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    result = subprocess.run([sys.executable, "-m", "pipeline", "parse", page], cwd=ROOT,
                            capture_output=True)
    assert result.returncode == 2
    assert result.stderr.decode() == f"pipeline: {tmp_path}/caf\\xe9.txt: no such file\n"


@pytest.mark.parametrize("command", ["clean", "parse"])
def test_a_device_is_refused_unread(command: str) -> None:
    result = run(command, "/dev/zero")
    assert result.returncode == 2
    assert result.stderr == (
        "pipeline: /dev/zero: not a regular file (a device or socket), not a page\n")


def test_a_pipe_is_read(sample_bytes: bytes) -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "clean", "/dev/stdin"],
                            cwd=ROOT, input=sample_bytes, capture_output=True)
    assert result.returncode == 0 and "生育" in result.stdout.decode()


@pytest.mark.parametrize(("content", "reason"), [
    (b'{"schema_version": "1.1.0", "ti',
     "not valid JSON (Unterminated string starting at: line 1, column 29): "
     "neither a page nor a document"),
    (b"[1, 2]", "a JSON list, not a document of this pipeline"),
    (b'{"title": "x"}', "an object without schema_version, not a document of this pipeline"),
    (b'{"schema_version": "1.1.0", "title": "\\ud800"}',
     "JSON with a lone surrogate escape (such as \\ud800), not a document of this pipeline"),
])
def test_diff_refuses_json_that_is_not_a_document(tmp_path: Path, content: bytes,
                                                   reason: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("diff", str(bad), str(SAMPLE))
    assert result.returncode == 2
    assert result.stderr == f"pipeline: {bad}: {reason}\n"
