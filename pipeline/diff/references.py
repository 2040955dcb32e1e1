"""Citations and metadata across versions.

A citation is identified by its title and document number: a document cited in one
version and not in the other is ``added`` or ``removed`` (how often it is cited does not
count; the document citing itself is ignored). Metadata changes are the document-level
fields that differ: title, issuer, document number, dates, region, summary flag, lede
and signature; and ``text`` for lines that nothing else holds (outside every provision
and every metadata field).
"""

from __future__ import annotations

from typing import Any

from pipeline.diff.words import sentence_changes, squash

#: Metadata fields compared (from ``metadata``), after the document title.
METADATA_FIELDS = ("issuer", "doc_number", "date", "effective_date", "region", "is_summary",
                   "lede", "signature")
#: The fields of a reference the diff reads.
REFERENCE_FIELDS = ("title", "doc_number", "is_self", "node_id")
#: Fields whose changes get a sentence-level inline diff.
PROSE_FIELDS = ("title", "lede", "signature", "text")


def reference_key(ref: dict[str, Any]) -> tuple[str, str | None]:
    """What identifies a citation: (title without whitespace, document number or None)."""
    number = ref.get("doc_number")
    return squash(ref["title"]), (number or {}).get("text")


def diff_references(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Citations added (in the new version's order) and removed (in the old one's), each
    {change, title, doc_number, node_id}; ``node_id`` is where it is (or was) cited first."""
    old_keys = {reference_key(r) for r in old if not r.get("is_self")}
    new_keys = {reference_key(r) for r in new if not r.get("is_self")}
    out = []
    for change, refs, others in (("added", new, old_keys), ("removed", old, new_keys)):
        seen = set()
        for ref in refs:
            key = reference_key(ref)
            if ref.get("is_self") or key in others or key in seen:
                continue
            seen.add(key)
            out.append({"change": change, "title": ref["title"], "doc_number": key[1],
                        "node_id": ref.get("node_id")})
    return out


def metadata_values(doc: dict[str, Any]) -> dict[str, Any]:
    """The compared document-level values of a document dict, in field order."""
    meta = doc.get("metadata") or {}
    values: dict[str, Any] = {"title": doc.get("title")}
    for key in METADATA_FIELDS:
        value = meta.get(key)
        if key == "doc_number" and value is not None:
            value = value.get("text")
        elif key == "signature":
            value = "\n".join(value or []) or None
        values[key] = value
    return values


def diff_metadata(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Metadata fields that differ, each {field, old, new, sentences}; text fields are
    compared without whitespace and carry their changed sentences."""
    a, b = metadata_values(old), metadata_values(new)
    out = []
    for key in a:
        if _comparable(a[key]) != _comparable(b[key]):
            out.append(metadata_change(key, a[key], b[key]))
    return out


def metadata_change(key: str, old: Any, new: Any) -> dict[str, Any]:
    """One metadata change entry (with sentence diffs for prose fields)."""
    prose = key in PROSE_FIELDS
    return {"field": key, "old": old, "new": new,
            "sentences": sentence_changes(old or "", new or "") if prose else []}


def unplaced_text(doc: dict[str, Any]) -> str:
    """The lines of the document's text that no provision and no metadata field holds:
    the text outside the top-level nodes' spans, less the title, lede and signature."""
    text = doc.get("text") or ""
    pieces, pos = [], 0
    for node in sorted(doc.get("outline") or [], key=lambda n: n["span"][0]):
        start, end = node["span"]
        pieces.append(text[pos:max(pos, start)])
        pos = max(pos, end)
    pieces.append(text[pos:])
    meta = doc.get("metadata") or {}
    held = {squash(doc.get("title") or "")}
    held.update(squash(line) for line in (meta.get("lede") or "").split("\n"))
    held.update(squash(line) for line in meta.get("signature") or [])
    lines = "\n".join(pieces).split("\n")
    return "\n".join(line for line in lines if squash(line) and squash(line) not in held)


def diff_unplaced(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """A ``text`` change when the unplaced text differs (whitespace aside): its changed
    sentences, with ``old``/``new`` left null (the sentences say it all)."""
    before, after = unplaced_text(old), unplaced_text(new)
    if squash(before) == squash(after):
        return []
    return [{**metadata_change("text", before, after), "old": None, "new": None}]


def _comparable(value: Any) -> Any:
    """A metadata value with whitespace ignored when it is text."""
    return squash(value) if isinstance(value, str) else value
