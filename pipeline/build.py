"""Build: every page of a raw directory to ``<stem>.json`` and ``<stem>.md``.

Incremental: a page is rebuilt when its bytes or the pipeline's code changed since the
last build (a state file in the output directory records both). Every output is written
to a temporary file and renamed, so an interrupted build leaves the old file or the new.
Raw files are only ever read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.emit.html import document_html
from pipeline.errors import InputError
from pipeline.flow import process
from pipeline.model import Document

STATE_FILE = ".build-state.json"
#: Output writers: file suffix -> function of the document.
WRITERS: dict[str, Callable[[Document], str]] = {
    ".json": Document.to_json,
    ".md": Document.to_markdown,
    ".html": document_html,
}


@dataclass
class BuildReport:
    """What a build did: pages built, pages skipped as up to date, pages that failed."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the pipeline package's code and data: changes whenever outputs may."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def raw_pages(raw_dir: Path) -> list[Path]:
    """The pages of ``raw_dir``: regular, non-hidden files, sorted by name."""
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(data: bytes, name: str) -> dict[str, str]:
    """Process one page and render every output: suffix -> text."""
    doc = process(data, name)
    return {suffix: writer(doc) for suffix, writer in WRITERS.items()}


def _load_state(out_dir: Path) -> dict[str, str]:
    try:
        return json.loads((out_dir / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def build(raw_dir: Path, out_dir: Path, force: bool = False) -> Iterator[tuple[str, str, str]]:
    """Build every page; yields (page name, status, detail) as each page finishes.

    status is ``built``, ``skipped`` (up to date) or ``failed`` (detail is the reason).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    state = _load_state(out_dir)
    fingerprint = code_fingerprint()
    for page in raw_pages(raw_dir):
        try:
            data = page.read_bytes()
        except OSError as err:
            yield page.name, "failed", f"cannot read: {err.strerror}"
            continue
        key = hashlib.sha256(data).hexdigest() + ":" + fingerprint
        outputs = [out_dir / (page.stem + suffix) for suffix in WRITERS]
        if not force and state.get(page.name) == key and all(p.exists() for p in outputs):
            yield page.name, "skipped", ""
            continue
        try:
            rendered = render(data, str(page))
        except InputError as err:
            state.pop(page.name, None)
            yield page.name, "failed", err.reason
            continue
        for suffix, text in rendered.items():
            write_atomic(out_dir / (page.stem + suffix), text)
        state[page.name] = key
        write_atomic(out_dir / STATE_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n")
        yield page.name, "built", ""
