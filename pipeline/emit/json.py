"""JSON output: UTF-8, not ASCII-escaped, keys in schema order, 2-space indent."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.model import Document


def dumps(data: Any) -> str:
    """The house JSON style: UTF-8 text, 2-space indent, newline at end."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def document_json(doc: Document) -> str:
    """``doc`` as JSON text, following ``schema/document.schema.json``."""
    return dumps(doc.to_dict())


@lru_cache(maxsize=4)
def load_schema(name: str = "document") -> dict[str, Any]:
    """A JSON Schema shipped in ``pipeline/schema`` (``document`` or ``diff``)."""
    text = resources.files("pipeline.schema").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def validate(data: dict[str, Any], name: str = "document") -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` follows the schema."""
    import jsonschema

    jsonschema.validate(data, load_schema(name))
