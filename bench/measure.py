"""Run a command and measure it: wall time, and the peak memory of its process tree.

Memory is sampled from ``/proc`` every ``interval`` seconds: the resident set of the
command itself (the build's driver), the largest single process, and the sum over the
command and every descendant (driver, fork server, workers, Ray daemons). Sampling is
used rather than ``getrusage``'s ``ru_maxrss`` because on Linux a child's ``ru_maxrss``
starts from its parent's size at fork (it survives ``exec``), which would report the
benchmark's own memory. Linux only; elsewhere the memory figures are 0.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, for every process visible in /proc."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def tree_rss(root: int) -> tuple[int, int, int]:
    """(``root``, sum, largest) resident bytes over ``root`` and its descendants."""
    tree, stack, sizes = _children(), [root], []
    while stack:
        pid = stack.pop()
        sizes.append(_rss(pid))
        stack.extend(tree.get(pid, []))
    return sizes[0], sum(sizes), max(sizes)


def run_measured(argv: list[str], cwd: Path, interval: float = 0.05) -> dict[str, float]:
    """Run ``argv``: exit status, wall seconds, peak RSS (MB) of it, its tree, its largest."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peaks = [0, 0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            peaks[:] = [max(old, new) for old, new in zip(peaks, tree_rss(process.pid),
                                                          strict=True)]

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc/self/statm").exists():
        sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    stop.set()
    if sampler.is_alive():
        sampler.join()
    return {"status": process.returncode, "seconds": wall, "stderr_tail": stderr[-300:],
            "driver_peak_rss_mb": round(peaks[0] / 2**20, 1),
            "tree_peak_rss_mb": round(peaks[1] / 2**20, 1),
            "largest_process_peak_rss_mb": round(peaks[2] / 2**20, 1)}
