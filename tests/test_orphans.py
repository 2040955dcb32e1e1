"""A killed build leaves no process behind (issue 16, item 4): ``kill -9`` of
``build --jobs 2`` left the fork server, the resource tracker and the workers alive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.engines import orphans
from tests.conftest import ROOT
from tests.test_build import build_in_background, make_raw

#: Seconds the processes of a killed build get to notice and end (they take well under one).
GRACE = 30.0


def processes() -> dict[int, tuple[int, int]]:
    """Every live (not zombie) process: pid -> (parent pid, process group)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != b"Z":
            found[int(entry.name)] = (int(fields[1]), int(fields[2]))
    return found


def family(root: int) -> set[int]:
    """The live processes whose parent chain leads to ``root`` or whose group is its."""
    table = processes()
    members = set()
    for pid, (_parent, group) in table.items():
        chain, seen = pid, set()
        while chain in table and chain not in seen and chain != root:
            seen.add(chain)
            chain = table[chain][0]
        if (chain == root or group == root) and pid != root:
            members.add(pid)
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_build_killed_with_sigkill_leaves_no_process(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, 60, bad=False)  # killed after two: many left to do
    out = tmp_path / "out"
    build = build_in_background(raw, out, pages_done=2, timeout=120)
    try:
        started = family(build.pid)
        assert build.poll() is None and len(started) >= 3, "kill it mid-build, workers up"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline and (family(build.pid) or started & set(processes())):
            time.sleep(0.05)
        assert family(build.pid) == set() and started & set(processes()) == set()
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
        for pid in family(build.pid):
            os.kill(pid, signal.SIGKILL)


def test_a_worker_whose_build_is_gone_ends() -> None:
    """``watch_parent`` of a process that has already ended ends the caller at once."""
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()
    script = (f"from pipeline.engines.orphans import watch_parent\n"
              f"watch_parent({gone.pid})\n"
              "import time; time.sleep(60)\n")
    worker = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=GRACE)
    assert worker.returncode == -signal.SIGKILL


def test_a_worker_ends_when_its_build_ends_later() -> None:
    """The watching thread sees the build end (pidfd on Linux, polling elsewhere)."""
    build = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)
    script = (f"from pipeline.engines.orphans import watch_parent\n"
              f"watch_parent({build.pid})\n"
              "print('watching', flush=True)\n"
              "import time; time.sleep(60)\n")
    worker = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert worker.stdout is not None and worker.stdout.readline() == "watching\n"
        assert worker.poll() is None
        build.communicate(b"")
        assert worker.wait(timeout=GRACE) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_the_poll_interval_is_short() -> None:
    assert orphans.POLL_INTERVAL <= 1.0
