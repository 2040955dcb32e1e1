"""The diff report as a Markdown redline for people.

A summary line with the counts, then the changes grouped by provision in the new
version's order: each heading gives the new label path first and the old one beside it;
under it the changed sentences, deleted words in ``<del>`` and inserted words in
``<ins>`` (HTML tags rather than ``~~``/``**``, whose delimiters do not work next to
Chinese punctuation in CommonMark). Unchanged provisions are not listed; a run of
renumbered ones is one list.
"""

from __future__ import annotations

from typing import Any

from pipeline.emit.mdtext import code_span, escape

#: How each change kind of a provision reads in a heading.
CHANGE_WORDS = {"renumbered": "renumbered", "modified": "modified", "moved": "moved",
                "added": "added", "removed": "removed"}


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


def summary_line(summary: dict[str, Any]) -> str:
    """The counts as one line: provisions by change, targets, references, metadata."""
    provisions = ", ".join(f"{n} {change}" for change, n in summary["provisions"].items())
    targets = ", ".join(f"{n} {change}" for change, n in summary["targets"].items())
    references = ", ".join(f"{n} {change}" for change, n in summary["references"].items())
    return (f"**Summary:** provisions: {provisions}; targets: {targets}; "
            f"references: {references}; metadata: {summary['metadata']} changed")


def heading(entry: dict[str, Any]) -> str:
    """A provision's heading: new label path and title, the old label path beside it."""
    new, old = entry["new"], entry["old"]
    if new is None:
        return f"### <del>{escape(old['path_label'])} {escape(old['title'])}</del> — removed"
    text = f"### {escape(new['path_label'])} {escape(new['title'])}".rstrip()
    if old is not None and old["path_label"] != new["path_label"]:
        text += f" (was {escape(old['path_label'])})"
    return f"{text} — {CHANGE_WORDS[entry['change']]}"


def provision_block(entry: dict[str, Any]) -> list[str]:
    """The lines shown for one changed provision."""
    lines = [heading(entry), ""]
    if entry["sentences"]:
        lines.extend(f"- {redline(s['diff'])}" for s in entry["sentences"])
    elif entry["change"] in ("renumbered", "moved"):
        lines.append("Text unchanged.")
    lines.append("")
    return lines


def renumbered_block(run: list[dict[str, Any]]) -> list[str]:
    """Consecutive renumbered provisions as one list: new label, old label beside it."""
    lines = ["### Renumbered, text unchanged", ""]
    lines += [f"- {escape(e['new']['path_label'])} {escape(e['new']['title'])}".rstrip()
              + f" (was {escape(e['old']['path_label'])})" for e in run]
    return [*lines, ""]


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
    """One target change as a line: what, where, old text -> new text, changed values."""
    old, new = change["old"], change["new"]
    shown = new or old
    where = f"{escape(shown['object'] or '(no object)')} ({escape(shown['unit'] or '')}"
    where += f", {shown['node_id']})" if shown["node_id"] else ")"
    if change["change"] == "added":
        return f"- added: {where}: <ins>{escape(new['text'])}</ins>"
    if change["change"] == "removed":
        return f"- removed: {where}: <del>{escape(old['text'])}</del>"
    values = "; ".join(f"{field} {_plain(old[field])} → {_plain(new[field])}"
                       for field in change["fields"])
    return (f"- changed: {where}: <del>{escape(old['text'])}</del> "
            f"<ins>{escape(new['text'])}</ins> ({escape(values)})")


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
             "",
             summary_line(report["summary"]), ""]
    if report["same"]:
        lines += ["No changes.", ""]
    if report["metadata"]:
        lines += ["## Metadata", ""]
        for change in report["metadata"]:
            lines += metadata_lines(change)
        lines.append("")
    changed = [p for p in report["provisions"] if p["change"] != "unchanged"]
    if changed:
        lines += ["## Provisions", ""]
        for run in _runs(changed):
            lines += renumbered_block(run) if len(run) > 1 else provision_block(run[0])
    for title, items, render in (("Targets", report["targets"], target_line),
                                 ("References", report["references"], reference_line)):
        if items:
            lines += [f"## {title}", "", *[render(item) for item in items], ""]
    return "\n".join(lines).rstrip("\n") + "\n"
