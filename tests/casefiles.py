"""Reading test cases from ``tests/cases/*.tsv``: tab-separated, ``#`` comments, and
``\\uXXXX`` escapes for characters that would be invisible in the file."""

from __future__ import annotations

import re
from pathlib import Path

CASES = Path(__file__).parent / "cases"
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def unescape(field: str) -> str:
    """``field`` with each ``\\uXXXX`` replaced by its character."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), field)


def read_cases(name: str) -> list[list[str]]:
    """The rows of ``tests/cases/NAME`` as lists of unescaped fields."""
    rows = []
    for line in (CASES / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([unescape(f) for f in line.split("\t")])
    return rows
