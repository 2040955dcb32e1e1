"""Builds that hostile pages and broken runs cannot stall or wedge (issue 16)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline import build as build_module
from pipeline.build import Build
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
