"""Run the pipeline over the real data and score it: the report behind ``make eval``.

``evaluate(root)`` returns the whole result as plain data (deterministic: no timings, no
absolute paths); ``render(result, verbose)`` turns it into the printed tables.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from evaluation.diffs import score_diff
from evaluation.repair import (
    RunResult,
    TruthRun,
    control_changes,
    reliability,
    score_run,
    summarise_runs,
)
from evaluation.structure import (
    METADATA_FIELDS,
    score_metadata,
    score_outline,
    score_references,
    score_targets,
)

#: Where the development set lives, relative to the repository.
DEFAULT_ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
#: Version of the layout of ``bench/results/eval.json``.
EVAL_VERSION = 1


def _process(path: Path) -> dict[str, Any]:
    from pipeline import process

    return process(path.read_bytes(), path.name).to_dict()


def read_runs(folder: Path) -> list[TruthRun]:
    """The hand-decoded runs of ``garbled/truth.tsv``."""
    with (folder / "truth.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [TruthRun(r["id"], r["page"], r["garbled"], r["expected"]) for r in rows]


def evaluate_garbled(folder: Path) -> dict[str, Any]:
    """Runs restored / wrong / lost / garbled, reliability, and control-page changes."""
    from pipeline.convert import to_simplified

    runs = read_runs(folder)
    pages = sorted(p.stem for p in folder.glob("*.txt"))
    docs = {page: _process(folder / f"{page}.txt") for page in pages}
    results: list[RunResult] = [score_run(run, docs[run.page], to_simplified) for run in runs]
    with_runs = {run.page for run in runs}
    controls = {page: control_changes(docs[page], to_simplified)
                for page in pages if page not in with_runs}
    return {
        "summary": summarise_runs(results),
        "reliability": reliability(results),
        "runs": [vars(r) for r in results],
        "controls": {"pages": len(controls),
                     "changed_pages": sorted(p for p, c in controls.items() if c),
                     "changes": {p: c for p, c in controls.items() if c}},
    }


def evaluate_policies(folder: Path) -> dict[str, Any]:
    """Structure per document and in total, and the version diffs."""
    from pipeline.diff import diff_documents

    docs: dict[str, dict[str, Any]] = {}
    per_doc: dict[str, Any] = {}
    diffs: dict[str, Any] = {}
    for truth_path in sorted((folder / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        if "changes" in truth:
            continue
        doc = docs[truth["file"]] = _process(folder / truth["file"])
        per_doc[truth_path.stem] = {
            "outline": score_outline(truth, doc), "targets": score_targets(truth, doc),
            "references": score_references(truth, doc), "metadata": score_metadata(truth, doc),
        }
    for truth_path in sorted((folder / "truth").glob("*.diff.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        old = docs.get(truth["old"]) or _process(folder / truth["old"])
        new = docs.get(truth["new"]) or _process(folder / truth["new"])
        diffs[truth_path.name.removesuffix(".diff.json")] = score_diff(
            truth, diff_documents(old, new))
    return {"documents": per_doc, "total": totals(per_doc), "diffs": diffs,
            "diff_total": {k: sum(d[k] for d in diffs.values())
                           for k in ("truth", "reported", "found", "not_changes")}}


def totals(per_doc: dict[str, Any]) -> dict[str, Any]:
    """The per-document counts summed, with the ratios the issue's targets are stated in."""
    def add(part: str, key: str) -> int:
        return sum(d[part][key] for d in per_doc.values())

    outline = {k: add("outline", k) for k in ("truth", "found", "matched", "depth_right")}
    targets = {k: add("targets", k) for k in ("truth", "found", "matched", "object_right",
                                              "comparator_right", "with_deadline",
                                              "deadline_right")}
    refs = {k: add("references", k) for k in ("truth", "found", "recalled", "right")}
    meta = {k: sum(d["metadata"]["right"][k] for d in per_doc.values())
            for k in METADATA_FIELDS}
    return {
        "outline": {**outline, "recall": ratio(outline["matched"], outline["truth"]),
                    "precision": ratio(outline["matched"], outline["found"]),
                    "depth": ratio(outline["depth_right"], outline["matched"])},
        "targets": {**targets, "recall": ratio(targets["matched"], targets["truth"]),
                    "precision": ratio(targets["matched"], targets["found"]),
                    "object": ratio(targets["object_right"], targets["matched"]),
                    "comparator": ratio(targets["comparator_right"], targets["matched"])},
        "references": {**refs, "recall": ratio(refs["recalled"], refs["truth"]),
                       "precision": ratio(refs["right"], refs["found"])},
        "metadata": {**meta, "right": sum(meta.values()),
                     "of": len(per_doc) * len(METADATA_FIELDS)},
    }


def ratio(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to 3 places, None when ``whole`` is 0."""
    return round(part / whole, 3) if whole else None


def evaluate(root: Path) -> dict[str, Any]:
    """The whole evaluation of the development set under ``root``."""
    return {"eval_version": EVAL_VERSION,
            "repair": evaluate_garbled(root / "garbled"),
            "structure": evaluate_policies(root / "policies")}


#: Keys whose values quote the third-party texts: printed with ``--verbose``, never written
#: to the committed results file.
QUOTING_KEYS = frozenset({"misses", "extra", "wrong_fields", "produced", "expected",
                          "page_text", "missing", "changes"})
#: How ``--verbose`` names each kind of miss.
MISS_LABELS = {"misses": "miss", "wrong_fields": "wrong", "extra": "extra"}


def figures_only(value: Any) -> Any:
    """``value`` without the keys that quote the texts (counts, ids and statuses stay)."""
    if isinstance(value, dict):
        return {k: figures_only(v) for k, v in value.items() if k not in QUOTING_KEYS}
    if isinstance(value, list):
        return [figures_only(v) for v in value]
    return value


# --- the printed report ----------------------------------------------------------------


def pct(value: float | None) -> str:
    """A ratio as a percentage for the tables."""
    return "-" if value is None else f"{100 * value:.0f}%"


def render(result: dict[str, Any], verbose: bool = False) -> str:
    """The report as compact text tables (``verbose`` adds every miss)."""
    lines: list[str] = []
    rep = result["repair"]
    s = rep["summary"]
    lines += ["Repair (garbled/: hand-decoded runs)",
              f"  runs {s['runs']}: restored {s['restored']}, wrong {s['wrong']} "
              f"({len(s['wrong_high_confidence'])} at confidence >= 0.9), "
              f"marked lost {s['lost']}, left garbled {s['garbled']}"]
    for status, ids in s["not_restored"].items():
        if ids:
            lines.append(f"  {status}: {' '.join(ids)}")
    lines.append("  reliability (lowest confidence of a run's repairs): band count right")
    lines += [f"    {r['band']}  {r['count']:3d}  {pct(r['share_right'])}"
              for r in rep["reliability"] if r["count"]]
    c = rep["controls"]
    lines.append(f"  clean controls: {c['pages']} pages, {len(c['changed_pages'])} with changes"
                 + (f" ({' '.join(c['changed_pages'])})" if c["changed_pages"] else ""))
    if verbose:
        for run in rep["runs"]:
            if run["status"] != "restored":
                lines.append(f"    {run['id']} ({run['page']}) {run['status']} "
                             f"conf={run['confidence']}: garbled {run['page_text']!r} "
                             f"want {run['expected']!r} got {run['produced']!r}")
        for page, changes in c["changes"].items():
            for want, got in changes:
                lines.append(f"    control {page}: want {want!r} got {got!r}")
    st = result["structure"]
    lines += ["", "Structure (policies/: per document)",
              "  doc                          outline  depth  targets r/p   obj  cmp  "
              "ddl    refs r/p   meta"]
    for name, d in st["documents"].items():
        o, t, r, m = d["outline"], d["targets"], d["references"], d["metadata"]
        lines.append(
            f"  {name[:28]:28s} {o['matched']:3d}/{o['truth']:<3d} {o['depth_right']:3d}  "
            f"{t['matched']:3d}/{t['truth']:<3d}{t['found']:4d}  {t['object_right']:3d}  "
            f"{t['comparator_right']:3d}  {t['deadline_right']:2d}/{t['with_deadline']:<2d} "
            f"{r['recalled']:3d}/{r['truth']:<3d}{r['found']:3d}   {sum(m['right'].values())}/4")
        if verbose:
            for part in ("outline", "targets", "references"):
                for kind in ("misses", "wrong_fields", "extra"):
                    for item in d[part].get(kind, []):
                        lines.append(f"      {part} {MISS_LABELS[kind]}: {item}")
            lines += [f"      metadata: {item}" for item in m["misses"]]
    tot = st["total"]
    o, t, r, m = tot["outline"], tot["targets"], tot["references"], tot["metadata"]
    lines += [
        f"  total: outline recall {pct(o['recall'])} precision {pct(o['precision'])} "
        f"depth {pct(o['depth'])}",
        f"         targets recall {pct(t['recall'])} ({t['matched']}/{t['truth']}) precision "
        f"{pct(t['precision'])} ({t['matched']}/{t['found']}); among found: object "
        f"{pct(t['object'])}, comparator {pct(t['comparator'])}; deadline right "
        f"{t['deadline_right']} of {t['with_deadline']}",
        f"         references recall {pct(r['recall'])} ({r['recalled']}/{r['truth']}) "
        f"precision {pct(r['precision'])} ({r['right']}/{r['found']})",
        f"         metadata {m['right']} of {m['of']} ("
        + ", ".join(f"{k} {m[k]}" for k in METADATA_FIELDS) + ")",
        "", "Diff (policies/: version pairs)"]
    for name, d in st["diffs"].items():
        lines.append(f"  {name:12s} changes found {d['found']}/{d['truth']}, "
                     f"reported not changes {d['not_changes']}")
        if verbose:
            lines += [f"      miss: {m}" for m in d["misses"]]
            lines += [f"      not a change: {x}" for x in d["extra"]]
    dt = st["diff_total"]
    lines.append(f"  total        changes found {dt['found']}/{dt['truth']}, "
                 f"reported not changes {dt['not_changes']}")
    return "\n".join(lines)
