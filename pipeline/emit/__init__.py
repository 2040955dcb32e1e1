"""Emit: the document model as JSON (for programs) and Markdown (for people)."""

from pipeline.emit.json import document_json
from pipeline.emit.markdown import document_markdown

__all__ = ["document_json", "document_markdown"]
