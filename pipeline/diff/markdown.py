"""The diff report as a Markdown redline for an analyst.

First a summary: a table of provisions by kind (chapters, articles, items, ...) and change
(added, removed, renumbered, modified, moved), a table of target changes, then one line
for citations, metadata and punctuation-only edits. Then the changes by provision in the
new version's reading order: each heading is plain text, the provision's label path
(第三章 › 第二十四条 › （五）), its title and what happened, the old path beside it when
it differs; under it the changed sentences (each with its paragraph, 第二款, when an
article's change reaches past its first paragraph), deleted words in ``<del>`` and
inserted words in ``<ins>`` (HTML tags rather than ``~~``/``**``, whose delimiters do not
work next to Chinese punctuation in CommonMark). Unchanged provisions are not listed; a run of
renumbered ones is one list; a provision whose punctuation or character width alone
changed is shown where it stands, marked so. Internal node ids are never shown.
"""

from __future__ import annotations

from typing import Any

from pipeline.diff.match import PARAGRAPH_KINDS
from pipeline.emit.mdtext import code_span, escape
from pipeline.numerals import int_to_chinese

#: How each change kind of a provision reads in a heading.
CHANGE_WORDS = {"renumbered": "renumbered", "modified": "modified", "moved": "moved",
                "added": "added", "removed": "removed",
                "unchanged": "punctuation or width only"}
#: The provision changes counted in the summary table, in column order.
TABLE_CHANGES = ("added", "removed", "renumbered", "modified", "moved")
#: How node kinds are named in the summary table (others by their kind name).
KIND_NAMES = {"chapter": "Chapters", "section": "Sections", "article": "Articles",
              "item": "Items", "measure": "Measures", "attachment": "Attachments"}
#: Separator of the labels of a path.
PATH_SEPARATOR = " › "


def redline(segments: list[dict[str, str]]) -> str:
    """An inline diff as Markdown: equal text plain, deletions <del>, insertions <ins>."""
    out = []
    for segment in segments:
        text = escape(segment["text"]).replace("\n", " ")
        if segment["op"] == "delete":
            text = f"<del>{text}</del>"
        elif segment["op"] == "insert":
            text = f"<ins>{text}</ins>"
        out.append(text)
    return "".join(out)


def path_text(path: list[str] | None) -> str:
    """A label path for reading: labels joined by ›, escaped."""
    return escape(PATH_SEPARATOR.join(path)) if path else "(before the first provision)"


def summary_tables(summary: dict[str, Any]) -> list[str]:
    """The summary: provisions by kind and change, target changes, then one line for
    citations, metadata and punctuation-only edits."""
    lines = ["| Provisions | " + " | ".join(TABLE_CHANGES) + " |",
             "|---|" + "---:|" * len(TABLE_CHANGES)]
    for kind, counts in summary["by_kind"].items():
        name = KIND_NAMES.get(kind, kind)
        lines.append(f"| {escape(name)} | " + " | ".join(str(counts[c]) for c in TABLE_CHANGES)
                     + " |")
    targets = summary["targets"]
    lines += ["", "| Targets | changed | added | removed |", "|---|---:|---:|---:|",
              f"| values | {targets['changed']} | {targets['added']} | {targets['removed']} |"]
    references = summary["references"]
    punctuation = sum(c["punctuation_only"] for c in summary["by_kind"].values())
    lines += ["", f"Citations: {references['added']} added, {references['removed']} removed"
                  f" · metadata: {summary['metadata']} changed"
                  f" · punctuation or width only: {punctuation}"]
    return lines


def heading(entry: dict[str, Any]) -> str:
    """A provision's heading, plain text: new label path and title, what happened, the
    old path beside it when it differs (a removed provision's path is the old one, and
    says so)."""
    new, old = entry["new"], entry["old"]
    shown = new or old
    text = f"### {path_text(shown['path'])} {escape(shown['title'])}".rstrip()
    text += f" — {CHANGE_WORDS[entry['change']]}"
    if new is None:
        text += " (old numbering)"
    if new is not None and old is not None and old["path"] != new["path"]:
        text += f" (was {path_text(old['path'])})"
    return text


def provision_block(entry: dict[str, Any]) -> list[str]:
    """The lines shown for one changed provision."""
    lines = [heading(entry), ""]
    numbered = entry["kind"] in PARAGRAPH_KINDS and any(
        s["paragraph"] > 1 for s in entry["sentences"])
    for sentence in entry["sentences"]:
        where = f"第{int_to_chinese(sentence['paragraph'])}款：" if numbered else ""
        lines.append(f"- {where}{redline(sentence['diff'])}")
    if entry["parts_changed"]:
        if entry["sentences"]:
            lines += ["", "Its items changed too (below)."]
        else:
            lines.append("Its own text is unchanged; its items changed (below).")
    elif not entry["sentences"] and entry["change"] in ("renumbered", "moved"):
        lines.append("Text unchanged.")
    lines.append("")
    return lines


def renumbered_line(entry: dict[str, Any]) -> str:
    """One renumbered provision: new path and title, the old path beside it."""
    new = entry["new"]
    line = f"- {path_text(new['path'])} {escape(new['title'])}".rstrip()
    line += f" (was {path_text(entry['old']['path'])})"
    if entry["punctuation_only"] and entry["sentences"]:
        line += "; punctuation: " + " ".join(redline(s["diff"]) for s in entry["sentences"])
    return line


def renumbered_block(run: list[dict[str, Any]]) -> list[str]:
    """Consecutive renumbered provisions as one list."""
    return ["### Renumbered, text unchanged", "", *map(renumbered_line, run), ""]


def _runs(entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """``entries`` cut into runs: consecutive renumbered ones together, others alone."""
    runs: list[list[dict[str, Any]]] = []
    for entry in entries:
        if runs and entry["change"] == "renumbered" and runs[-1][-1]["change"] == "renumbered":
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def target_line(change: dict[str, Any]) -> str:
    """One target change as a line: where, old text -> new text, the changed values and
    the unit, then what it counts (the object as the parse stage read it)."""
    old, new = change["old"], change["new"]
    shown = new or old
    where = path_text(shown["path"])
    unit = f"unit {escape(shown['unit'] or '—')}"
    what = f" — object: {escape(shown['object'] or '—')}"
    if change["change"] == "added":
        return f"- added in {where}: <ins>{escape(new['text'])}</ins> ({unit}){what}"
    if change["change"] == "removed":
        return f"- removed from {where}: <del>{escape(old['text'])}</del> ({unit}){what}"
    values = "; ".join(_field_change(field, old, new) for field in change["fields"])
    return (f"- changed in {where}: <del>{escape(old['text'])}</del> → "
            f"<ins>{escape(new['text'])}</ins> ({escape(values)}; {unit}){what}")


def _field_change(field: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """One changed field of a target, old → new (a provision by its label path)."""
    if field == "node_id":
        return (f"provision {PATH_SEPARATOR.join(old['path'] or ['—'])} → "
                f"{PATH_SEPARATOR.join(new['path'] or ['—'])}")
    return f"{field} {_plain(old[field])} → {_plain(new[field])}"


def _plain(value: Any) -> str:
    """A field value as short text (integers without a trailing .0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return "—" if value is None else str(value)


def reference_line(change: dict[str, Any]) -> str:
    """One citation change as a line."""
    number = f" ({escape(change['doc_number'])})" if change["doc_number"] else ""
    title = escape(f"《{change['title']}》") + number
    mark = "ins" if change["change"] == "added" else "del"
    return f"- {change['change']}: <{mark}>{title}</{mark}>"


def metadata_lines(change: dict[str, Any]) -> list[str]:
    """One metadata change: the field, then old -> new (sentences for prose fields)."""
    if change["sentences"]:
        return [f"- **{change['field']}**:"] + [
            f"  - {redline(s['diff'])}" for s in change["sentences"]]
    old, new = _plain(change["old"]), _plain(change["new"])
    return [f"- **{change['field']}**: <del>{escape(old)}</del> <ins>{escape(new)}</ins>"]


def diff_markdown(report: dict[str, Any]) -> str:
    """The whole report as Markdown text (ends with a newline)."""
    old, new = report["old"], report["new"]
    lines = [f"# Diff: {escape(new['title'] or '')}", "",
             f"Old: {code_span(old['path'] or '(in memory)')} · "
             f"New: {code_span(new['path'] or '(in memory)')}",
             "", "## Summary", "", *summary_tables(report["summary"]), ""]
    if report["same"]:
        lines += ["No changes.", ""]
    if report["metadata"]:
        lines += ["## Metadata", ""]
        for change in report["metadata"]:
            lines += metadata_lines(change)
        lines.append("")
    changed = [p for p in report["provisions"] if p["change"] != "unchanged"
               or (p["punctuation_only"] and p["sentences"])]
    if changed:
        lines += ["## Provisions", ""]
        for run in _runs(changed):
            lines += renumbered_block(run) if len(run) > 1 else provision_block(run[0])
    for title, items, render in (("Targets", report["targets"], target_line),
                                 ("References", report["references"], reference_line)):
        if items:
            lines += [f"## {title}", "", *[render(item) for item in items], ""]
    return "\n".join(lines).rstrip("\n") + "\n"
