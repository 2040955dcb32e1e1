"""The two sides of a diff: a raw page (run through the pipeline) or a JSON output.

Which one a file is is decided by its content, not its name: a JSON object with a
``schema_version`` is a document this pipeline wrote; anything else is a page. Either
way the result is the documented dict form of ``Document.to_dict()``. A file that starts
like JSON but is not such a document is refused with one line, never read as a page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from pipeline.diff.references import METADATA_FIELDS, REFERENCE_FIELDS
from pipeline.diff.targets import SHOWN_FIELDS
from pipeline.emit.json import load_schema
from pipeline.errors import InputError
from pipeline.flow import process
from pipeline.ingest import read_page
from pipeline.model import SCHEMA_VERSION
from pipeline.names import readable

#: Fields the diff reads (at any level); a JSON output missing another is still usable.
#: Built from the field lists the diff modules use, so the two cannot drift apart.
READ_FIELDS = frozenset({"title", "text", "metadata", "outline", "targets", "references",
                         "id", "kind", "label", "number", "span", "children",
                         *SHOWN_FIELDS, *METADATA_FIELDS, *REFERENCE_FIELDS})
#: Longest schema message quoted in an error line.
MESSAGE_CHARS = 160


#: How a JSON file starts (after an optional UTF-8 BOM and whitespace): an object, or an
#: array of values. A page may start with ``[`` followed by text (``[首页]``), never so.
_JSON_START = re.compile(rb'(?:\xef\xbb\xbf)?\s*(?:\{|\[\s*(?:[{\["\d\]-]|$))')


def as_json_document(data: bytes, name: str | None = None) -> dict[str, Any] | None:
    """``data`` parsed as a JSON object carrying ``schema_version``; None when ``data`` is
    not JSON at all (a page). JSON that is not such a document (cut short, an array, a
    lone surrogate escape such as ``\\ud800``) raises ``InputError`` naming ``name``."""
    if not _JSON_START.match(data):
        return None
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(name, "JSON that is not UTF-8") from None
    except ValueError as err:
        where = (f"{err.msg}: line {err.lineno}, column {err.colno}"
                 if isinstance(err, json.JSONDecodeError) else str(err))
        raise InputError(name, f"not valid JSON ({where}): neither a page nor a document"
                         ) from None
    if not isinstance(value, dict) or "schema_version" not in value:
        kind = "an object without schema_version" if isinstance(value, dict) else \
            f"a JSON {type(value).__name__}"
        raise InputError(name, f"{kind}, not a document of this pipeline")
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(name, "JSON with a lone surrogate escape (such as \\ud800), "
                               "not a document of this pipeline") from None
    return value


def check_document(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """``doc`` when it is a document of this schema major version; else ``InputError``
    naming the first problem and where it is.

    It is checked against ``schema/document.schema.json``, leniently across minor
    versions (which only add fields): a field the diff does not read may be missing
    (an older output) and unknown fields are allowed (a newer one).
    """
    version = str(doc.get("schema_version"))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise InputError(name, f"schema_version {version} is not {SCHEMA_VERSION} "
                               "(rebuild the JSON output)")
    validator = jsonschema.Draft202012Validator(load_schema("document"))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for err in errors:
        if not _tolerated(err):
            where = "/".join(str(part) for part in err.absolute_path) or "top level"
            message = " ".join(err.message.split())
            if len(message) > MESSAGE_CHARS:
                message = message[:MESSAGE_CHARS] + "…"
            raise InputError(name, f"not a document of schema {SCHEMA_VERSION}: {where}: "
                                   f"{message}")
    return doc


def _tolerated(err: jsonschema.ValidationError) -> bool:
    """True for a schema difference between minor versions that the diff does not feel:
    an unknown field, or a missing field the diff does not read."""
    if err.validator == "additionalProperties":
        return True
    if err.validator == "required" and isinstance(err.instance, dict):
        missing = {key for key in err.validator_value if key not in err.instance}
        return not missing & READ_FIELDS
    return False


def load_document(path: Path) -> dict[str, Any]:
    """The document dict of ``path``, a raw page or a JSON output of this pipeline.

    Raises ``InputError`` (one line: file and reason) for anything unusable, including a
    page the pipeline fails on.
    """
    data = read_page(path)
    name = readable(path)
    doc = as_json_document(data, name)
    if doc is not None:
        return check_document(doc, name)
    try:
        return process(data, name).to_dict()
    except InputError:
        raise
    except Exception as err:  # a stage failing on this page: report it, no traceback
        raise InputError(name, f"cannot process: {type(err).__name__}: {err}") from None
