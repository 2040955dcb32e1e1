"""Diff two versions of a policy: matched provisions, changed targets and references.

``diff_files(old_path, new_path)`` loads each side (a raw page or a JSON output of this
pipeline) and returns the report dict (``schema/diff.schema.json``);
``diff_documents(old, new)`` does the same for two document dicts. ``diff_json`` and
``diff_markdown`` render a report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.diff.load import load_document
from pipeline.diff.markdown import diff_markdown
from pipeline.diff.report import DIFF_SCHEMA_VERSION, diff_documents
from pipeline.emit.json import dumps


def diff_files(old: Path, new: Path, punctuation: bool = True) -> dict[str, Any]:
    """The diff report of two files (pages or JSON outputs); raises ``InputError``.
    ``punctuation`` False leaves out edits of punctuation or width alone."""
    return diff_documents(load_document(old), load_document(new), punctuation)


def diff_json(report: dict[str, Any]) -> str:
    """The report as JSON text in the house style (UTF-8, 2-space indent, newline)."""
    return dumps(report)


__all__ = ["DIFF_SCHEMA_VERSION", "diff_documents", "diff_files", "diff_json", "diff_markdown"]
