"""``python -m bench`` (``make bench``): throughput, memory, stages, cold start, baseline.

Builds a corpus (``bench.corpus``) in a temporary directory, then measures, in one run:

- ``build``: ``python -m pipeline build --force --jsonl`` with ``--jobs 1`` and ``--jobs 2``,
  the same with ``--formats json`` (the corpus run: no Markdown, no review pages), and
  ``--engine ray --jobs 2`` when Ray is installed: pages/s, pages/s per job, MB/s
  of raw input, pages per CPU second (steady even on a shared machine), peak memory of
  the driver and of the whole process tree, the load average before it (other programs
  on the machine slow it down); whether the outputs of every run are byte-identical;
  the speed-up from 1 to 2 jobs in wall time, and in CPU cost per page
  (``cpu_efficiency_2_jobs``: 1.0 means the pool adds no work, so two free cores would
  give twice the speed); the marginal pages/s of ``--jobs 1`` (from a second build on a
  quarter of the corpus: what a page costs once the build is started) and whether it
  reaches the target of 100 pages/s, with and without start-up;
- ``memory_flat``: the same ``--jobs 2`` build on a quarter of the corpus, to compare
  peak memory against the full corpus;
- ``stages``: milliseconds per page in each stage, in flow order, on a sample of pages;
- ``cold_start``: wall time of ``python -m pipeline clean`` on one page (fresh processes)
  and the slowest imports it makes; ``cold_start_parse`` the same for
  ``python -m pipeline parse`` (clean, then parse: no word segmenter is loaded);
- ``baseline``: the naive regex + OpenCC script on the same corpus, and the ratio.

Results go to ``bench/results/latest.json`` (sorted keys) and are printed.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.baseline import run_baseline
from bench.corpus import HERE, ROOT, make_corpus
from bench.measure import run_measured
from bench.stages import stage_split
from pipeline.build import raw_pages, write_atomic

RESULTS = HERE / "results" / "latest.json"
#: The issue's throughput target, pages per second per core.
TARGET = 100


def _ray_available() -> bool:
    """Whether Ray is installed (without importing it into this process)."""
    return importlib.util.find_spec("ray") is not None


def measure_build(raw: Path, out: Path, jobs: int, corpus_bytes: int, pages: int,
                  engine: str = "local", formats: str = "") -> dict[str, object]:
    """One full build (``--force``, with ``--jsonl``; every output format unless
    ``formats`` says which) measured from outside."""
    chosen = ["--formats", formats] if formats else []
    argv = [sys.executable, "-m", "pipeline", "build", str(raw), "-o", str(out),
            "--force", "--jobs", str(jobs), "--engine", engine,
            "--jsonl", str(out.parent / f"{out.name}.jsonl"), *chosen]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    run = run_measured(argv, ROOT)
    if run["status"] != 0:
        print(f"bench: build exited {run['status']}: {run['stderr_tail']}", file=sys.stderr)
    seconds = float(run["seconds"])
    return {
        "command": f"python -m pipeline build RAW -o OUT --force --jobs {jobs} --engine {engine}"
                   " --jsonl OUT.jsonl" + (f" --formats {formats}" if formats else ""),
        "engine": engine, "jobs": jobs, "pages": pages, "seconds": round(seconds, 3),
        "status": run["status"],
        "load_average_before": round(load, 2),
        "pages_per_s": round(pages / seconds, 2),
        "pages_per_s_per_job": round(pages / seconds / jobs, 2),
        "mb_per_s": round(corpus_bytes / 2**20 / seconds, 3),
        "cpu_seconds": round(float(run["cpu_seconds"]), 2),
        "pages_per_cpu_s": round(pages / max(float(run["cpu_seconds"]), 1e-9), 2),
        "driver_peak_rss_mb": run["driver_peak_rss_mb"],
        "tree_peak_rss_mb": run["tree_peak_rss_mb"],
        "largest_process_peak_rss_mb": run["largest_process_peak_rss_mb"],
    }


def same_outputs(first: Path, second: Path) -> bool:
    """True when both builds wrote the same files with the same bytes (state aside)."""
    names = sorted(p.name for p in first.iterdir() if not p.name.startswith("."))
    if names != sorted(p.name for p in second.iterdir() if not p.name.startswith(".")):
        return False
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    return not mismatch and not errors and len(match) == len(names)


def cold_start(page: Path, runs: int, command: str = "clean") -> dict[str, object]:
    """Wall time of ``python -m pipeline COMMAND PAGE`` (``clean`` or ``parse``) in fresh
    processes, and top imports."""
    argv = [sys.executable, "-m", "pipeline", command, str(page)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    trace = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    imports = {}
    for line in trace.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].strip()
            if "." not in name:
                imports[name] = int(parts[1]) / 1000
    top = sorted(imports.items(), key=lambda item: -item[1])[:8]
    return {"command": f"python -m pipeline {command} PAGE", "runs": runs,
            "min_s": round(min(times), 3), "median_s": round(statistics.median(times), 3),
            "top_imports_ms": {name: round(ms, 1) for name, ms in top},
            "imports_ray": "ray" in imports, "imports_tqdm": "tqdm" in imports}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; write and print the results."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--stage-pages", type=int, default=200,
                        help="pages timed stage by stage (default 200)")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray engine run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        work = Path(tmp)
        raw = work / "raw"
        start = time.perf_counter()
        corpus = make_corpus(raw, args.pages)
        corpus["seconds_to_generate"] = round(time.perf_counter() - start, 2)
        results["corpus"] = corpus
        print(f"corpus: {corpus}", file=sys.stderr)
        builds = {}
        for jobs in (1, 2):
            builds[f"local_jobs{jobs}"] = measure_build(
                raw, work / f"out{jobs}", jobs, int(corpus["bytes"]), args.pages)
            print(f"build: {builds[f'local_jobs{jobs}']}", file=sys.stderr)
        for jobs in (1, 2):  # the corpus run: JSON and JSONL only, no review pages
            builds[f"local_jobs{jobs}_json_only"] = measure_build(
                raw, work / f"json{jobs}", jobs, int(corpus["bytes"]), args.pages,
                formats="json")
            print(f"build: {builds[f'local_jobs{jobs}_json_only']}", file=sys.stderr)
        if _ray_available() and not args.no_ray:
            builds["ray_jobs2"] = measure_build(raw, work / "outray", 2, int(corpus["bytes"]),
                                                args.pages, engine="ray")
            print(f"build: {builds['ray_jobs2']}", file=sys.stderr)
        one = builds["local_jobs1"]
        builds["speedup_1_to_2_jobs"] = round(
            builds["local_jobs2"]["pages_per_s"] / one["pages_per_s"], 3)
        builds["cpu_efficiency_2_jobs"] = round(
            builds["local_jobs2"]["pages_per_cpu_s"] / one["pages_per_cpu_s"], 3)
        builds["outputs_identical"] = all(
            same_outputs(work / "out1", work / name) for name in ("out2", "outray")
            if (work / name).exists())
        builds["jsonl_identical"] = all(
            (work / "out1.jsonl").read_bytes() == (work / f"{name}.jsonl").read_bytes()
            for name in ("out2", "outray", "json1", "json2")
            if (work / f"{name}.jsonl").exists())
        builds["target_pages_per_s_per_core"] = TARGET
        results["build"] = builds
        quarter = work / "quarter"
        quarter.mkdir()
        pages = raw_pages(raw)
        for page in pages[: len(pages) // 4]:
            (quarter / page.name).hardlink_to(page)
        quarter_bytes = sum(p.stat().st_size for p in quarter.iterdir())
        small = measure_build(quarter, work / "outq", 2, quarter_bytes, len(pages) // 4)
        # Marginal throughput: the extra pages of the full corpus over the extra time,
        # which leaves out what a build pays once (start-up, model and dictionary loads).
        marginal: dict[str, object] = {
            "what": "(pages - pages/4) / (seconds - seconds on pages/4), --jobs 1"}
        for name, formats in (("local_jobs1", ""), ("local_jobs1_json_only", "json")):
            part = measure_build(quarter, work / f"q{name}", 1, quarter_bytes,
                                 len(pages) // 4, formats=formats)
            extra = float(builds[name]["seconds"]) - float(part["seconds"])
            marginal[name] = round((args.pages - len(pages) // 4) / max(extra, 1e-9), 2)
            marginal[f"{name}_startup_s"] = round(
                float(part["seconds"]) - len(pages) // 4 / float(marginal[name]), 2)
        builds["marginal_pages_per_s"] = marginal
        builds["meets_target"] = {
            name: {"with_startup": builds[name]["pages_per_s_per_job"] >= TARGET,
                   "marginal": marginal[name] >= TARGET}
            for name in ("local_jobs1", "local_jobs1_json_only")}
        results["memory_flat"] = {
            "pages": [small["pages"], args.pages],
            "driver_peak_rss_mb": [small["driver_peak_rss_mb"],
                                   builds["local_jobs2"]["driver_peak_rss_mb"]],
            "tree_peak_rss_mb": [small["tree_peak_rss_mb"],
                                 builds["local_jobs2"]["tree_peak_rss_mb"]],
        }
        # Every page of the corpus equally likely (a fixed stride would pick only pages
        # made from the sample, which alternate with the others).
        chosen = sorted(random.Random(0).sample(pages, min(args.stage_pages, len(pages))))
        results["stages"] = {"pages": len(chosen), "command": "bench.stages.stage_split",
                             "split": stage_split(chosen)}
        results["cold_start"] = cold_start(pages[0], args.cold_runs)
        results["cold_start_parse"] = cold_start(pages[0], args.cold_runs, "parse")
        # a page with nothing to repair: no solver caches to fill on first use
        results["cold_start_parse_clean_page"] = cold_start(
            ROOT / "bench" / "texts" / "elderly-care.txt", args.cold_runs, "parse")
        base = run_baseline(raw, work / "baseline")
        results["baseline"] = {
            "what": "read, strip (pinyin) with one regex, OpenCC t2s, write",
            "pages_per_s": round(base["pages"] / base["seconds"], 2),
            "mb_per_s": round(int(corpus["bytes"]) / 2**20 / base["seconds"], 3),
            "seconds": round(base["seconds"], 3),
            "pipeline_jobs1_slower_by": round(
                base["pages"] / base["seconds"] / one["pages_per_s"], 2),
        }
    text = json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
