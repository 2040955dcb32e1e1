"""Calibrated confidence: the GBK solver's raw posterior mapped to the share of repairs
that came out right on simulated damage.

The table ``data/confidence.tsv`` (raw lower bound, calibrated probability; ascending) is
fitted by ``scripts/fit_calibration.py`` with isotonic regression on thousands of
simulated runs whose truth is known (texts never used to build the language model,
damaged by ``pipeline.corrupt`` as the real pages are). A raw value takes the calibrated
probability of the last row whose bound it reaches.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from importlib import resources

#: Set to False to get the raw posteriors (the fitting script does).
ENABLED = True


@lru_cache(maxsize=1)
def table() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(raw lower bounds, calibrated probabilities) from ``data/confidence.tsv``."""
    text = resources.files("pipeline.data").joinpath("confidence.tsv").read_text("utf-8")
    bounds, values = [], []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            low, value = line.split("\t")
            bounds.append(float(low))
            values.append(float(value))
    return tuple(bounds), tuple(values)


def calibrated(raw: float) -> float:
    """The probability that a repair with raw posterior ``raw`` is right."""
    if not ENABLED:
        return raw
    bounds, values = table()
    index = bisect.bisect_right(bounds, raw) - 1
    return values[max(index, 0)] if values else raw
