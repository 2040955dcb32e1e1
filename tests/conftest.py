"""Shared fixtures: the sample page and its processed document (computed once)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

import pipeline

#: Property tests draw the same examples on every run and machine (no example database):
#: a test fails for the code, never for the draw.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "guangdong-fertility-support-2023.txt"


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def sample_doc(sample_bytes: bytes) -> pipeline.Document:
    return pipeline.process(sample_bytes, "raw/guangdong-fertility-support-2023.txt")
