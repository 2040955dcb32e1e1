"""JSON output: UTF-8, not ASCII-escaped, keys in schema order, 2-space indent."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson

from pipeline.model import plain

if TYPE_CHECKING:
    from pipeline.model import Document


def dumps(data: Any) -> str:
    """The house JSON style: UTF-8 text, 2-space indent, newline at end. Dataclasses
    are written as objects (fields in declaration order), tuples as arrays.

    Written by orjson (the standard library's indenting encoder is pure Python and was a
    fifth of a page's build time); the text is the one ``json.dumps(plain(data),
    ensure_ascii=False, indent=2)`` gives, except that floats needing an exponent are
    spelt the shortest way (``1e-7``, not ``1e-07``). Data orjson refuses (an integer
    beyond 64 bits) falls back to the standard library, in the same style.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
                            ).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2, default=plain) + "\n"


def compact(data: Any) -> str:
    """``data`` as compact JSON on one line (no whitespace between tokens, no newline at
    the end): a corpus line. Same fallback as ``dumps``."""
    try:
        return orjson.dumps(data).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=plain)


def document_json(doc: Document) -> str:
    """``doc`` as JSON text, following ``schema/document.schema.json``."""
    return dumps(doc.fields())


@lru_cache(maxsize=4)
def load_schema(name: str = "document") -> dict[str, Any]:
    """A JSON Schema shipped in ``pipeline/schema`` (``document`` or ``diff``)."""
    text = resources.files("pipeline.schema").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def validate(data: dict[str, Any], name: str = "document") -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` follows the schema."""
    import jsonschema

    jsonschema.validate(data, load_schema(name))
