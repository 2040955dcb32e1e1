"""Benchmark: time to diff two ~30-page versions of a policy.

The two versions are generated from the test pages (tests/cases/diff): sections of
measures drawn from the plan and regulation texts, each varied per section; the new
version changes numbers, rewords sentences, inserts and removes measures and moves one.
A page is counted as 1,500 characters. Parsing both versions is timed separately; the
figure that matters is the diff of the two parsed documents (target: under 1 s).

    .venv/bin/python bench/diff_bench.py [--sections N] [--repeat R]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pipeline
from pipeline.diff import diff_documents, diff_json, diff_markdown
from pipeline.diff.words import words
from pipeline.numerals import int_to_chinese

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases" / "diff"
PAGE_CHARS = 1500
LABEL_RE = re.compile(r"^(（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+条 )")


def pool() -> list[str]:
    """Measure bodies (label removed) from the plan and regulation test pages."""
    bodies = []
    for name in ("plan-v1.txt", "plan-v2.txt", "regulation-v1.txt"):
        for line in (CASES / name).read_text("utf-8").split("\n"):
            match = LABEL_RE.match(line)
            if match and line not in bodies:
                bodies.append(line[match.end():])
    return list(dict.fromkeys(bodies))


def versions(sections: int, per_section: int) -> tuple[str, str]:
    """Old and new text of a generated plan with ``sections`` x ``per_section`` measures."""
    bodies = pool()
    title = "某市托育服务发展规划（基准测试）"
    old_lines, new_lines = [title], [title]
    moved = None
    for s in range(1, sections + 1):
        head = f"{int_to_chinese(s)}、第{s}部分重点任务"
        old_lines.append(head)
        new_lines.append(head)
        old_measures, new_measures = [], []
        for m in range(per_section):
            body = bodies[(s * 7 + m) % len(bodies)]
            text = (f"{body}本项工作由第{s}工作组牵头，第{m + 1}小组配合，"
                    f"于{2024 + s % 3}年{m % 12 + 1}月底前完成，覆盖{s * 10 + m}个街道。")
            old_measures.append(text)
            if m == 2:
                text = text.replace("月底前完成", "月中旬前完成")  # reworded
            if m == 5:
                text = text.replace(f"覆盖{s * 10 + m}个", f"覆盖{s * 10 + m + 5}个")  # number
            if m == 7 and s % 3 == 0:
                continue  # removed
            new_measures.append(text)
            if m == 4 and s % 4 == 0:
                new_measures.append(f"新增第{s}项措施。建立第{s}片区托育服务联席会议制度，"
                                    "每季度召开一次会议，研究解决重大问题。")
        if s == 2:
            moved = new_measures.pop(0)
        if s == sections and moved:
            new_measures.append(moved)
        for lines, measures in ((old_lines, old_measures), (new_lines, new_measures)):
            lines.extend(f"（{int_to_chinese(k)}）{t}" for k, t in enumerate(measures, 1))
    return "\n".join(old_lines), "\n".join(new_lines)


def reordered(text: str) -> str:
    """``text`` with the bodies of all its measures in reverse order (labels kept)."""
    lines = text.split("\n")
    rows = [k for k, line in enumerate(lines) if LABEL_RE.match(line)]
    bodies = [lines[k][LABEL_RE.match(lines[k]).end():] for k in rows]
    for k, body in zip(rows, reversed(bodies), strict=True):
        lines[k] = LABEL_RE.match(lines[k]).group(0) + body
    return "\n".join(lines)


def reworded(text: str) -> str:
    """``text`` with a phrase of every generated measure reworded."""
    return text.replace("工作组牵头", "工作专班牵头").replace("个街道", "个社区")


def timed(old: dict, new: dict, repeat: int) -> tuple[dict, list[float]]:
    """The report of ``diff_documents(old, new)`` and the wall times of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        report = diff_documents(old, new)
        times.append(time.perf_counter() - started)
    return report, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", type=int, default=32)
    parser.add_argument("--per-section", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    old_text, new_text = versions(args.sections, args.per_section)
    started = time.perf_counter()
    words("预热")  # jieba's dictionary loads once per process
    jieba_load = time.perf_counter() - started
    started = time.perf_counter()
    old = pipeline.process(old_text, "old.txt").to_dict()
    new = pipeline.process(new_text, "new.txt").to_dict()
    parse_time = time.perf_counter() - started
    report, times = timed(old, new, args.repeat)
    started = time.perf_counter()
    diff_json(report), diff_markdown(report)
    render = time.perf_counter() - started
    nodes = sum(report["summary"]["provisions"].values())
    print(f"old {len(old_text):,} chars ({len(old_text) / PAGE_CHARS:.1f} pages), "
          f"new {len(new_text):,} chars ({len(new_text) / PAGE_CHARS:.1f} pages), "
          f"{nodes} provision entries, {len(old['targets'])} + {len(new['targets'])} targets")
    print(f"jieba dictionary load (once per process): {jieba_load:.3f} s")
    print(f"process both pages (not part of the diff): {parse_time:.3f} s")
    print(f"render JSON + Markdown: {render:.3f} s")
    print(f"diff_documents, best / median of {args.repeat} runs (target < 1 s):")
    scenarios = [("revision", new), ("every measure reworded",
                                     pipeline.process(reworded(old_text)).to_dict()),
                 ("every measure moved", pipeline.process(reordered(old_text)).to_dict())]
    for name, other in scenarios:
        report, times = timed(old, other, args.repeat) if other is not new else (report, times)
        counts = ", ".join(f"{n} {c}" for c, n in report["summary"]["provisions"].items() if n)
        print(f"  {name:24} {min(times):.3f} s / {sorted(times)[len(times) // 2]:.3f} s"
              f"  ({counts})")


if __name__ == "__main__":
    main()
