"""The document model: one set of dataclasses that flows from stage to stage.

Every stage takes plain values from here and returns plain values from here; no stage
reaches into another's internals. ``Document`` is what the public API returns; its
``to_dict`` is the JSON shape described by ``pipeline/schema/document.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any

SCHEMA_VERSION = "1.2.0"


@dataclass(frozen=True)
class Source:
    """Where a document came from and how its bytes became text.

    ``encoding`` is the codec used; ``encoding_method`` says how it was chosen
    (``bom``, ``meta``, ``xml``, ``chardet``, ``utf-8``, ``str``); ``declared`` is the
    charset the page declared, if any, and ``detected`` what chardet said, if asked.
    """

    path: str | None
    sha256: str
    encoding: str
    encoding_method: str
    declared: str | None = None
    detected: str | None = None
    format: str = "text"  # "text" or "html"


@dataclass
class Block:
    """One unit of page content (a paragraph, heading, list item or table).

    ``start`` is the offset of ``text`` in the decoded input when the block stands there
    verbatim (always for plain-text pages), else ``None``. ``rows`` holds table cells.
    """

    text: str
    kind: str = "p"  # "p", "h", "li", "table"
    start: int | None = None
    rows: list[list[str]] | None = None


@dataclass
class SourceParagraph:
    """The page text behind one paragraph of the cleaned text, before any repair.

    ``Document.source_paragraphs[i]`` is what the page had where ``Document.paragraphs[i]``
    stands; ``start`` is its offset in the decoded page when known.
    """

    text: str
    start: int | None = None
    kind: str = "p"


@dataclass
class Dropped:
    """A block that extraction removed as page furniture, with the rule that removed it."""

    text: str
    reason: str
    start: int | None = None


@dataclass
class Edit:
    """A replacement of ``text[start:end]`` by ``replacement`` within one block."""

    start: int
    end: int
    replacement: str


@dataclass
class Candidate:
    """A runner-up reading for a repaired span."""

    text: str
    score: float


@dataclass
class Repair:
    """One change the repair stage made, with its provenance.

    ``start``/``end`` index the decoded input (or the extracted text, when the block's
    position in the input is unknown, with ``block`` naming the block); ``clean_start``/
    ``clean_end`` index ``Document.text``. ``original`` is what the page had,
    ``replacement`` what the cleaned text has (Simplified). ``kind`` names the fix
    (``annotation``, ``gbk-shift``, ``entity``, ``lost``, ...). ``confidence`` is 0-1;
    ``low_confidence`` is true under the flagging threshold.
    """

    kind: str
    original: str
    replacement: str
    start: int
    end: int
    block: int
    clean_start: int = -1
    clean_end: int = -1
    confidence: float = 1.0
    low_confidence: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    note: str = ""


@dataclass
class Node:
    """One numbered provision of the outline.

    ``id`` is stable and path-like (``s2/m3``, ``c1/a5/i2``); ``kind`` is ``chapter``, ``section``,
    ``article``, ``measure``, ``item`` or ``attachment``; ``label`` as printed
    (``一、``, ``（三）``); ``number`` the integer value of the label; ``title`` the
    heading phrase; ``text`` the full text of the provision including its children;
    ``span`` the ``[start, end)`` offsets of that text in ``Document.text``.
    """

    id: str
    kind: str
    label: str
    number: int
    title: str
    text: str
    span: tuple[int, int]
    children: list[Node] = field(default_factory=list)


@dataclass
class Target:
    """A quantitative commitment found in the text (see the schema for each field).

    ``value`` is an int when integral (330000), a float otherwise (4.5), None for a
    range; ``comparator`` is ``>=``, ``<=``, ``>``, ``<``, ``~``, ``=`` or ``range``.
    """

    text: str
    value: float | int | None
    unit: str
    object: str
    comparator: str
    node_id: str | None
    range: tuple[float | int, float | int] | None = None
    deadline: str | None = None
    frequency: str | None = None
    scope: list[str] = field(default_factory=list)
    aspirational: bool = False
    span: tuple[int, int] = (0, 0)


@dataclass
class DocNumber:
    """A document number (发文字号) such as 粤人社规〔2023〕1号, or a decree number
    (国务院令第706号, ``year`` None)."""

    text: str
    issuer_code: str
    year: int | None
    serial: int


@dataclass
class Reference:
    """A citation of another document (or of the document itself) in 《…》, or a decree
    number cited alone (``title`` empty, ``kind`` ``decree``). ``alias`` is the short
    title as printed when the citation uses one (《规划》 for an earlier full title)."""

    title: str
    node_id: str | None
    kind: str = "other"
    nested: list[str] = field(default_factory=list)
    doc_number: DocNumber | None = None
    issuers: list[str] = field(default_factory=list)
    is_self: bool = False
    span: tuple[int, int] = (0, 0)
    alias: str | None = None


@dataclass
class Programme:
    """A named programme in quotation marks (“一老一小”) and where it occurs."""

    name: str
    node_ids: list[str] = field(default_factory=list)


@dataclass
class Metadata:
    """Document-level facts found in the text."""

    issuer: str | None = None
    doc_number: DocNumber | None = None
    date: str | None = None
    effective_date: str | None = None
    region: str | None = None
    is_summary: bool = False
    lede: str = ""
    signature: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    attached: str | None = None


#: The order of a document's keys in JSON (the schema's order).
JSON_ORDER = (
    "schema_version", "source", "title", "metadata", "text", "outline", "targets",
    "references", "programmes", "tables", "repairs", "source_paragraphs", "dropped",
    "warnings",
)


@dataclass
class Document:
    """A cleaned, parsed policy page: what ``pipeline.process`` returns."""

    source: Source
    title: str
    text: str
    outline: list[Node] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    targets: list[Target] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    source_paragraphs: list[SourceParagraph] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    @property
    def paragraphs(self) -> list[str]:
        """The cleaned text, one paragraph per item."""
        return self.text.split("\n") if self.text else []

    def iter_nodes(self) -> list[Node]:
        """All outline nodes in document order (pre-order)."""
        return walk_nodes(self.outline)

    def fields(self) -> dict[str, Any]:
        """The top-level fields in schema order, values as they are (dataclasses, lists):
        what a serialiser that knows dataclasses (``emit.json``) writes without copying."""
        return {key: getattr(self, key) for key in JSON_ORDER}

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict, keys in schema order."""
        return plain(self.fields())

    def to_json(self) -> str:
        """UTF-8 JSON text, 2-space indent, newline at end (see ``pipeline.emit``)."""
        from pipeline.emit.json import document_json

        return document_json(self)

    def to_markdown(self) -> str:
        """The document as people read it (see ``pipeline.emit``)."""
        from pipeline.emit.markdown import document_markdown

        return document_markdown(self)


def walk_nodes(nodes: list[Node]) -> list[Node]:
    """``nodes`` and all their descendants in document order (pre-order)."""
    out: list[Node] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: dataclasses become dicts (fields in declaration
    order), tuples become lists, recursively. Like ``dataclasses.asdict`` without its
    deep copies, which made it the slowest step of writing a document."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if is_dataclass(value):
        return {name: plain(getattr(value, name)) for name in _field_names(type(value))}
    raise TypeError(f"not JSON data: {type(value).__name__}")
