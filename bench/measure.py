"""Run a command and measure it: wall time, CPU time and peak memory of its process tree.

The tree (the command, which is the build's driver, and every descendant: fork server,
workers, Ray daemons) is sampled from ``/proc`` every ``interval`` seconds: resident
set of the driver, of the largest process and summed over the tree; CPU time (user +
system) of each process as last seen, summed. CPU time tells the cost per page even
when other programs share the machine. Sampling is used rather than ``getrusage``
because on Linux a child's ``ru_maxrss`` starts from its parent's size at fork (it
survives ``exec``), and a pool's workers are not the driver's children. Linux only;
elsewhere the sampled figures are 0.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PROC = Path("/proc")


@dataclass
class Sample:
    """What one look at ``/proc`` saw of a process."""

    ppid: int
    rss: int
    cpu: float


def read_proc() -> dict[int, Sample]:
    """Every visible process: parent, resident bytes, CPU seconds (user + system)."""
    seen = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            rss = int((entry / "statm").read_text().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        seen[int(entry.name)] = Sample(int(fields[1]), rss,
                                       (int(fields[11]) + int(fields[12])) / _TICK)
    return seen


def descendants(root: int, procs: dict[int, Sample]) -> list[int]:
    """``root`` and every process under it."""
    children: dict[int, list[int]] = {}
    for pid, sample in procs.items():
        children.setdefault(sample.ppid, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in procs:
            found.append(pid)
            stack.extend(children.get(pid, []))
    return found


@dataclass
class TreeWatch:
    """Peaks and CPU of one process tree, updated by ``look``."""

    root: int
    driver_peak: int = 0
    tree_peak: int = 0
    largest_peak: int = 0
    cpu: dict[int, float] = field(default_factory=dict)

    def look(self) -> None:
        procs = read_proc()
        pids = descendants(self.root, procs)
        if not pids:
            return
        sizes = [procs[pid].rss for pid in pids]
        self.driver_peak = max(self.driver_peak, procs[self.root].rss)
        self.tree_peak = max(self.tree_peak, sum(sizes))
        self.largest_peak = max(self.largest_peak, max(sizes))
        for pid in pids:
            self.cpu[pid] = procs[pid].cpu


def run_measured(argv: list[str], cwd: Path, interval: float = 0.05) -> dict[str, object]:
    """Run ``argv``: exit status, wall and CPU seconds, peak RSS (MB) of driver/tree/largest."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    watch = TreeWatch(process.pid)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            watch.look()

    sampler = threading.Thread(target=sample, daemon=True)
    if _PROC.joinpath("self", "statm").exists():
        sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    stop.set()
    if sampler.is_alive():
        sampler.join()
    return {"status": process.returncode, "seconds": wall, "stderr_tail": stderr[-300:],
            "cpu_seconds": sum(watch.cpu.values()),
            "driver_peak_rss_mb": round(watch.driver_peak / 2**20, 1),
            "tree_peak_rss_mb": round(watch.tree_peak / 2**20, 1),
            "largest_process_peak_rss_mb": round(watch.largest_peak / 2**20, 1)}
