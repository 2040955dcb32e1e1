"""Progress of a batch: a tqdm bar on a terminal, plain periodic log lines otherwise."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import TextIO

#: Seconds between two log lines when the stream is not a terminal.
LOG_INTERVAL = 10.0


class Progress:
    """Counts page outcomes and shows them on ``stream``; ``note`` prints one message.

    ``bar`` picks the display: a tqdm bar (True) or a log line every ``interval`` seconds
    (False), each line ``pipeline: build: DONE/TOTAL pages (N built, ...), R pages/s``.

    The rate counts from the first page finished: an engine's start-up (a Ray instance,
    each worker loading the models) can take longer than the interval, and counted in,
    it made the rate of a Ray build read 0.0 pages/s.
    """

    def __init__(self, total: int, stream: TextIO, bar: bool, interval: float = LOG_INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.counts: Counter[str] = Counter()
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._start = self._last = clock()
        self._first: float | None = None  # when the first page finished
        self._bar = None
        if bar:
            from tqdm import tqdm

            self._bar = tqdm(total=total, file=stream, unit="page", dynamic_ncols=True,
                             leave=False)

    @property
    def done(self) -> int:
        """Pages finished so far, whatever their status."""
        return sum(self.counts.values())

    def line(self) -> str:
        """The current state as one log line."""
        parts = ", ".join(f"{self.counts[s]} {label}" for s, label in (
            ("built", "built"), ("skipped", "up to date"), ("failed", "failed")))
        return f"pipeline: build: {self.done}/{self.total} pages ({parts}), {self.rate()}"

    def rate(self) -> str:
        """Pages per second since the first page finished (``R pages/s``), or how long
        the first page took while only one has."""
        now = self._clock()
        if self._first is None or self.done < 2 or now <= self._first:
            return f"first page after {now - self._start:.1f} s"
        return f"{(self.done - 1) / (now - self._first):.1f} pages/s"

    def note(self, message: str) -> None:
        """Print ``message`` on its own line (above the bar, if there is one)."""
        if self._bar is not None:
            self._bar.write(message, file=self._stream)
        else:
            print(message, file=self._stream, flush=True)

    def update(self, status: str) -> None:
        """Count one finished page; refresh the bar or, when due, print a log line."""
        self.counts[status] += 1
        if self._first is None:
            self._first = self._clock()
        if self._bar is not None:
            self._bar.update(1)
            return
        now = self._clock()
        if now - self._last >= self._interval and self.done < self.total:
            self._last = now
            print(self.line(), file=self._stream, flush=True)

    def close(self) -> None:
        """Remove the bar (the caller prints the summary)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
