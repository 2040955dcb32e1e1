"""End to end: ``python -m pipeline diff`` on version pairs written as pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pipeline
from pipeline.cli import main
from pipeline.corrupt import corrupt
from pipeline.diff import diff_files, diff_json, diff_markdown
from pipeline.emit.json import validate

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases" / "diff"
PLAN_OLD, PLAN_NEW = CASES / "plan-v1.txt", CASES / "plan-v2.txt"
EXPECTED = json.loads((CASES / "plan.expected.json").read_text("utf-8"))


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, str, str]:
    status = main(["diff", *argv])
    out, err = capsysbinary.readouterr()
    return status, out.decode("utf-8"), err.decode("utf-8")


@pytest.fixture(scope="module")
def plan_report() -> dict[str, Any]:
    return diff_files(PLAN_OLD, PLAN_NEW)


def label(side: dict[str, Any] | None) -> str | None:
    return side and side["path_label"]


def test_plan_provisions_exactly(plan_report: dict[str, Any]) -> None:
    got = [[p["change"], label(p["old"]), label(p["new"])] for p in plan_report["provisions"]]
    assert got == EXPECTED["provisions"]
    assert plan_report["summary"]["provisions"] == {
        "unchanged": 5, "renumbered": 2, "modified": 6, "moved": 0, "added": 1, "removed": 1}


def test_plan_inline_changes_exactly(plan_report: dict[str, Any]) -> None:
    got = {}
    for p in plan_report["provisions"]:
        if p["change"] == "modified":
            pairs = []
            for sentence in p["sentences"]:
                segments = sentence["diff"]
                for k, seg in enumerate(segments):
                    if seg["op"] == "delete":
                        nxt = segments[k + 1] if k + 1 < len(segments) else None
                        pairs.append([seg["text"], nxt["text"] if nxt and nxt["op"] == "insert"
                                      else ""])
                    elif seg["op"] == "insert" and (k == 0 or segments[k - 1]["op"] != "delete"):
                        pairs.append(["", seg["text"]])
            got[label(p["new"])] = pairs
    assert got == EXPECTED["inline"]


def test_plan_added_and_removed_measures_carry_their_text(plan_report: dict[str, Any]) -> None:
    added = next(p for p in plan_report["provisions"] if p["change"] == "added")
    assert added["new"] == {"id": "s2/m4", "label": "（四）", "number": 4,
                            "title": "支持家庭托育点发展", "path_label": "二、（四）",
                            "path": ["二、", "（四）"]}
    assert added["old"] is None and added["similarity"] is None
    assert [s["new"] for s in added["sentences"]] == [
        "支持家庭托育点发展。",
        "允许在住宅中开办家庭托育点，明确登记备案程序，每个家庭托育点收托人数不超过5人。"]
    removed = next(p for p in plan_report["provisions"] if p["change"] == "removed")
    assert removed["old"]["id"] == "s2/m6" and removed["new"] is None
    assert [s["change"] for s in removed["sentences"]] == ["removed", "removed"]


def test_plan_targets_and_citation(plan_report: dict[str, Any]) -> None:
    got = [[t["change"], t["old"] and t["old"]["value"], t["new"] and t["new"]["value"]]
           for t in plan_report["targets"]]
    assert got == EXPECTED["targets"]
    assert [r["title"] for r in plan_report["references"] if r["change"] == "added"] == \
        EXPECTED["references_added"]
    assert [r for r in plan_report["references"] if r["change"] == "removed"] == []


def test_plan_markdown_redline(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, err = run(capsysbinary, str(PLAN_OLD), str(PLAN_NEW))
    assert (status, err) == (1, "")
    expected = (CASES / "plan.expected.md").read_text("utf-8")
    # Lines 0-3 name the files (absolute paths here); the rest is exact, except that a
    # target line's object (after " — object: ") is the parse stage's wording.
    got_head, got_targets = out.split("## Targets\n")
    want_head, want_targets = expected.split("## Targets\n")
    assert got_head.split("\n")[4:] == want_head.split("\n")[4:]
    got_lines, want_lines = got_targets.split("\n"), want_targets.split("\n")
    assert len(got_lines) == len(want_lines)
    for got, want in zip(got_lines, want_lines, strict=True):
        assert got.split(" — object: ")[0] == want.split(" — object: ")[0]


def test_plan_json_is_valid_and_deterministic(capsysbinary: pytest.CaptureFixture[bytes],
                                              plan_report: dict[str, Any]) -> None:
    status, first, _ = run(capsysbinary, str(PLAN_OLD), str(PLAN_NEW), "--format", "json")
    _, second, _ = run(capsysbinary, str(PLAN_OLD), str(PLAN_NEW), "--format", "json")
    assert status == 1
    assert first == second == diff_json(plan_report)
    validate(json.loads(first), "diff")


def test_regulation_end_to_end() -> None:
    report = diff_files(CASES / "regulation-v1.txt", CASES / "regulation-v2.txt")
    expected = json.loads((CASES / "regulation.expected.json").read_text("utf-8"))
    got = [[p["change"], p["old"] and p["old"]["label"], p["new"] and p["new"]["label"]]
           for p in report["provisions"] if p["kind"] == "article"]
    assert got == expected["articles"]
    assert {p["change"] for p in report["provisions"] if p["kind"] != "article"} == {"unchanged"}


def test_document_against_itself_is_the_same(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, err = run(capsysbinary, str(PLAN_NEW), str(PLAN_NEW), "--format", "json")
    report = json.loads(out)
    assert (status, err, report["same"]) == (0, "", True)
    assert report["metadata"] == report["targets"] == report["references"] == []
    assert {p["change"] for p in report["provisions"]} == {"unchanged"}
    assert len(report["provisions"]) == 14


def test_sample_page_against_its_own_json(tmp_path: Path,
                                          capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    raw = ROOT / "raw" / "guangdong-fertility-support-2023.txt"
    doc = pipeline.process(raw.read_bytes(), "raw/guangdong-fertility-support-2023.txt")
    out_json = tmp_path / "page.out"  # detected by content, not by name
    out_json.write_text(doc.to_json(), "utf-8")
    status, out, err = run(capsysbinary, str(raw), str(out_json))
    assert (status, err) == (0, "")
    assert "No changes." in out
    report = diff_files(raw, out_json)
    assert sum(report["summary"]["provisions"].values()) == len(doc.iter_nodes())
    assert report["summary"]["provisions"]["unchanged"] == len(doc.iter_nodes())
    rows = [line for line in out.split("\n") if line.startswith("| ") and "---" not in line]
    assert [row.split(" | ", 1)[1] for row in rows[1:]] == [
        "0 | 0 | 0 | 0 | 0 |"] * (len(rows) - 3) + ["changed | added | removed |", "0 | 0 | 0 |"]


@pytest.mark.parametrize("seed, misalign", [(2, 0.0), (3, 0.0), (1, 0.05), (4, 0.05)])
def test_corrupted_then_repaired_copy_is_the_same(
        tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], seed: int,
        misalign: float) -> None:
    """The plan as a bad scrape has it (naive Traditional, pinyin annotations, some of
    them out of step so GBK is read out of step, punctuation folded to ASCII) is, once
    repaired, the same document."""
    scraped = corrupt(PLAN_OLD.read_text("utf-8"), seed, annotate=0.5, misalign=misalign)
    assert "(" in scraped and "，" not in scraped
    assert ("?" in scraped) == (misalign > 0)  # out-of-step runs start at a lone byte
    copy = tmp_path / "plan-v1-scraped.txt"
    copy.write_text(scraped, "utf-8")
    status, out, _ = run(capsysbinary, str(PLAN_OLD), str(copy))
    assert status == 0, out


def broken(edit: str) -> str:
    """The plan's JSON output with one defect."""
    doc = pipeline.process(PLAN_OLD.read_bytes(), str(PLAN_OLD)).to_dict()
    if edit == "node":
        del doc["outline"][1]["children"][2]["label"]
    elif edit == "target":
        doc["targets"] = [3]
    elif edit == "version":
        doc["schema_version"] = "0.9.0"
    elif edit == "target-value":
        del doc["targets"][0]["value"]
    elif edit == "reference-number":
        del doc["references"][0]["doc_number"]
    return json.dumps(doc, ensure_ascii=False)


@pytest.mark.parametrize(("content", "reason"), [
    (None, "no such file"),
    ("", "empty file"),
    (broken("version"), "schema_version 0.9.0 is not 1."),
    (broken("node"), "outline/1/children/2: 'label' is a required property"),
    (broken("target"), "targets/0: 3 is not of type 'object'"),
    (broken("target-value"), "targets/0: 'value' is a required property"),
    (broken("reference-number"), "references/0: 'doc_number' is a required property"),
])
def test_trouble_exits_2_with_one_line(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                       content: str | None, reason: str) -> None:
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, "utf-8")
    status, out, err = run(capsysbinary, str(PLAN_OLD), str(bad))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"pipeline: {bad}: ") and reason in err


def test_command_line_process_is_quiet() -> None:
    """A real process: no jieba loading log on stderr, the documented status."""
    ok = subprocess.run([sys.executable, "-m", "pipeline", "diff", str(PLAN_OLD), str(PLAN_NEW)],
                        capture_output=True, cwd=ROOT, check=False)
    assert (ok.returncode, ok.stderr) == (1, b"")
    assert ok.stdout.decode("utf-8") == diff_markdown(diff_files(PLAN_OLD, PLAN_NEW))


def test_json_output_of_another_minor_version_is_read(
        tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """An older output lacking a field the diff does not read, or a newer one with an
    extra field, still diffs; the missing field counts as empty."""
    doc = pipeline.process(PLAN_OLD.read_bytes(), str(PLAN_OLD)).to_dict()
    del doc["programmes"], doc["source"]["detected"]
    doc["outline"][0]["future_field"] = 1
    doc["schema_version"] = doc["schema_version"].split(".")[0] + ".0.0"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    status, out, err = run(capsysbinary, str(older), str(PLAN_OLD))
    assert (status, err) == (0, ""), out


def test_punctuation_only_edit_exits_1_unless_ignored(
        tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("某办法\n第一条 下列行为：\n（一）甲；\n（二）乙。\n第二条 施行。", "utf-8")
    new.write_text("某办法\n第一条 下列行为：\n（一）甲；\n（二）乙；\n第二条 施行。", "utf-8")
    status, out, _ = run(capsysbinary, str(old), str(new))
    assert status == 1
    assert ("### 第一条 › （二） — punctuation or width only\n\n"
            "- 乙<del>。</del><ins>；</ins>\n") in out
    status, out, _ = run(capsysbinary, str(old), str(new), "--ignore-punctuation")
    assert status == 0 and "No changes." in out
