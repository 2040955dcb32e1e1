"""Setting up from a fresh clone (issue 16, item 10): ``make`` installs what running
needs, ``make test``/``lint``/``bench`` add the test tools; the README's commands exist."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


def planned(target: str, tmp_path: Path) -> list[str]:
    """The commands ``make TARGET`` would run in a fresh clone (no ``.venv`` yet)."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    # a clean environment: under ``make test`` the outer make's variables would make this
    # one a sub-make, which prints "Entering/Leaving directory" lines
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    result = subprocess.run(["make", "-n", target], cwd=tmp_path, capture_output=True,
                            text=True, check=True, env=env)
    return result.stdout.splitlines()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_installs_only_what_running_needs(tmp_path: Path) -> None:
    commands = planned("all", tmp_path)
    installs = [c for c in commands if "pip install" in c and "--upgrade pip" not in c]
    assert installs == [".venv/bin/python -m pip install --quiet -e ."]
    assert commands[-2:] == ["touch .venv/.installed",
                             ".venv/bin/python -m pipeline build raw -o output"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("target", ["test", "lint", "bench"])
def test_make_test_lint_and_bench_add_the_test_tools(tmp_path: Path, target: str) -> None:
    installs = [c for c in planned(target, tmp_path)
                if "pip install" in c and "--upgrade pip" not in c]
    assert installs == [".venv/bin/python -m pip install --quiet -e .",
                        ".venv/bin/python -m pip install --quiet -e '.[test]'"]


def test_the_readme_commands_name_the_console_command() -> None:
    """``python -m pipeline`` from the checkout without the environment was a traceback
    (``No module named 'bs4'``): the README runs ``.venv/bin/pipeline`` (or activates)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(\S+) (build|clean|parse|diff)\b", section, re.MULTILINE)
    assert {c for c, _ in commands} == {".venv/bin/pipeline", "make"}
    assert {c for _, c in commands} == {"build", "clean", "parse", "diff"}
    setup = readme.split("## Set up and run", 1)[1].split("\n## Hostile", 1)[0]
    assert not re.search(r"(?<!\.venv/bin/)python -m pipeline", setup)
