"""Command line: ``pipeline build|clean|parse|diff`` (or ``python -m pipeline``), a thin
layer over the API.

Exit statuses (also in the README): 0 success; 1 a build where some pages failed (the
rest were written); 2 unusable input or a wrong command line. Errors are one line on
stderr naming the file and the reason, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import warnings
from pathlib import Path

from pipeline.engines import ENGINES, EngineUnavailable
from pipeline.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    InputError,
)
from pipeline.flow import clean, process
from pipeline.ingest import read_page
from pipeline.model import Document, Dropped
from pipeline.names import readable


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every input error
        self.exit(EXIT_BAD_INPUT, f"pipeline: {message}\n")


def _positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return value


def _seconds(text: str) -> float:
    """An argparse type: a number of seconds, 0 or more (0: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def _formats(text: str) -> tuple[str, ...]:
    """An argparse type: output formats ``json,md,html`` as suffixes; json is always
    among them, asked for or not (it is what ``diff`` and the corpus read)."""
    from pipeline.build import FORMATS, JSONL_SOURCE

    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {unknown[0] if unknown else text!r} "
            f"(choose from {', '.join(FORMATS)})")
    return tuple(dict.fromkeys((JSONL_SOURCE, *(FORMATS[name] for name in names))))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pipeline", description=DESCRIPTION,
                     epilog="Run 'pipeline COMMAND --help' for a command's options.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title="commands")
    b = sub.add_parser("build", help="rebuild OUT_DIR from every page in RAW_DIR")
    b.add_argument("raw_dir", nargs="?", default="raw", type=Path)
    b.add_argument("-o", "--out", default="output", type=Path, dest="out_dir")
    b.add_argument("--force", action="store_true", help="rebuild pages that are up to date")
    b.add_argument("-j", "--jobs", type=_positive, default=1, metavar="N",
                   help="pages processed at once (default 1)")
    b.add_argument("--engine", choices=ENGINES, default="local",
                   help="local: this process or a process pool; ray: Ray tasks (pipeline[ray])")
    b.add_argument("--ray-address", metavar="ADDRESS",
                   help="run on this Ray cluster (e.g. auto, HOST:PORT) instead of a local one")
    b.add_argument("--jsonl", type=Path, metavar="FILE",
                   help="also write the corpus: one JSON document per line, by page name "
                        "(- for standard output)")
    b.add_argument("--formats", type=_formats, default=None, metavar="LIST",
                   help="outputs per page, comma-separated, json always written "
                        "(default json,md,html; json alone for corpus runs)")
    b.add_argument("--page-timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="fail a page that takes longer, with reason timeout "
                        "(default 120; 0: no limit)")
    c = sub.add_parser("clean", help="print the cleaned Simplified text, one paragraph a line")
    c.add_argument("file", type=Path)
    c.add_argument("--explain-dropped", action="store_true",
                   help="print each block dropped as page furniture, with its reason, to stderr")
    p = sub.add_parser("parse", help="print the parsed document")
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=("json", "md"), default="json")
    d = sub.add_parser("diff", help="compare two versions (pages or JSON outputs); "
                                    "exit 0 same, 1 different, 2 trouble")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    d.add_argument("--format", choices=("md", "json"), default="md")
    d.add_argument("--ignore-punctuation", action="store_true",
                   help="leave out edits of punctuation or character width alone")
    return parser


DESCRIPTION = ("Turn scraped Chinese policy pages into clean, structured data: "
               "build, clean, parse and diff.")
#: ``--jsonl -``: the corpus goes to standard output (progress and errors to stderr).
STDOUT = Path("-")


def load(path: Path) -> Document:
    """Read and process one page; raises ``InputError`` with a one-line reason."""
    return process(read_page(path), readable(path))


def _cmd_build(args: argparse.Namespace) -> int:
    from pipeline.build import (  # writers' libraries load only for builds
        PAGE_TIMEOUT,
        WRITERS,
        Build,
        OutputLocked,
    )
    from pipeline.progress import Progress

    if not args.raw_dir.is_dir():
        print(f"pipeline: {args.raw_dir}: not a directory", file=sys.stderr)
        return EXIT_BAD_INPUT
    to_stdout = args.jsonl == STDOUT
    if to_stdout:
        args.jsonl = None
    if args.jsonl is not None and args.jsonl.is_dir():
        print(f"pipeline: {args.jsonl}: is a directory, not a file for --jsonl", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.jsonl is not None and _inside(args.jsonl.parent, args.out_dir):
        print(f"pipeline: {readable(args.jsonl)}: inside the output folder "
              f"{readable(args.out_dir)}; --jsonl must go elsewhere (it would replace "
              "an output or the build state)", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.ray_address and args.engine != "ray":
        print("pipeline: --ray-address needs --engine ray", file=sys.stderr)
        return EXIT_BAD_INPUT
    for target in (args.out_dir, args.jsonl.parent if args.jsonl else None):
        if target is not None and _inside(target, args.raw_dir):
            print(f"pipeline: {target}: inside the raw directory {args.raw_dir}; outputs "
                  "must go elsewhere (raw/ is never written)", file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        job = Build(args.raw_dir, args.out_dir, force=args.force, jobs=args.jobs,
                    engine=args.engine, ray_address=args.ray_address,
                    jsonl=sys.stdout.buffer if to_stdout else args.jsonl,
                    formats=args.formats or tuple(WRITERS), freeze_gc=True,
                    page_timeout=PAGE_TIMEOUT if args.page_timeout is None else args.page_timeout)
    except OSError as err:
        print(f"pipeline: {err.filename or args.raw_dir}: cannot read: {err.strerror}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    progress = Progress(len(job), sys.stderr, bar=sys.stderr.isatty())
    warnings.showwarning = lambda message, *_args, **_kw: progress.note(f"pipeline: {message}")
    failed: list[tuple[str, str]] = []
    try:
        for outcome in job.run():
            progress.update(outcome.status)
            if outcome.status == "failed":
                failed.append((outcome.name, outcome.detail))
                progress.note(f"pipeline: {readable(args.raw_dir / outcome.name)}: "
                              f"{outcome.detail}")
    except BrokenPipeError:  # --jsonl - into a reader that stopped (| head): stop too
        progress.close()
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (nothing more to flush to the pipe)
        return EXIT_OK
    except (EngineUnavailable, OutputLocked) as err:
        progress.close()
        print(f"pipeline: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as err:
        progress.close()
        print(f"pipeline: {err.filename or args.out_dir}: cannot write: {err.strerror}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    progress.close()
    counts = progress.counts
    skipped = f", not pages {len(job.not_pages)}" if job.not_pages else ""
    print(f"built {counts['built']}, up to date {counts['skipped']}, failed {counts['failed']}"
          f"{skipped}", file=sys.stderr)
    if job.not_pages:
        print(f"pipeline: {len(job.not_pages)} entries of {readable(args.raw_dir)} are not "
              "pages (regular files) and were skipped:", file=sys.stderr)
        for path, kind in job.not_pages:
            print(f"  {readable(path)}: {kind}", file=sys.stderr)
    if failed:
        print(f"pipeline: {len(failed)} of {len(job)} pages failed:", file=sys.stderr)
        for name, reason in sorted(failed):
            print(f"  {readable(args.raw_dir / name)}: {reason}", file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _inside(path: Path, directory: Path) -> bool:
    """True when ``path`` is ``directory`` or lies below it."""
    path, directory = path.resolve(), directory.resolve()
    return path == directory or directory in path.parents


def explain_dropped(dropped: list[Dropped]) -> str:
    """One line per dropped block: ``dropped [reason]: text`` (text cut at 200 characters)."""
    lines = []
    for item in dropped:
        text = item.text if len(item.text) <= 200 else item.text[:199] + "…"
        lines.append(f"dropped [{item.reason}]: {text}\n")
    return "".join(lines)


def repair_summary(repairs: list) -> str:
    """``"2 repairs low-confidence, 1 lost"`` for the repairs a reader should check
    (flagged low-confidence; text marked lost); empty when there are none."""
    low = sum(r.low_confidence and r.kind != "lost" for r in repairs)
    lost = sum(r.kind == "lost" for r in repairs)
    if not low and not lost:
        return ""
    return f"{low} repair{'s' * (low != 1)} low-confidence, {lost} lost"


def _cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff_files, diff_json, diff_markdown

    report = diff_files(args.old, args.new, punctuation=not args.ignore_punctuation)
    _emit(diff_json(report) if args.format == "json" else diff_markdown(report))
    return EXIT_OK if report["same"] else EXIT_SOME_FAILED


def _emit(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)  # SIGTERM ends a run like Ctrl-C
    try:
        return _run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(args: argparse.Namespace) -> int:
    """Run a parsed command line; returns the exit status."""
    try:
        if args.command == "build":
            return _cmd_build(args)
        if args.command == "diff":
            return _cmd_diff(args)
        if args.command == "clean":
            page = clean(read_page(args.file), readable(args.file))
            if args.explain_dropped:
                sys.stderr.write(explain_dropped(page.extraction.dropped))
            _emit(page.text + "\n")
            if (summary := repair_summary(page.repairs)):
                print(f"pipeline: {args.file}: {summary}", file=sys.stderr)
            for warning in page.warnings:
                print(f"pipeline: {args.file}: {warning}", file=sys.stderr)
            return EXIT_OK
        doc = load(args.file)
        if args.format == "json":
            _emit(doc.to_json())
        else:
            _emit(doc.to_markdown())
    except InputError as err:
        print(f"pipeline: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (RecursionError, MemoryError) as err:  # the page, not the program, is at fault
        reason = "nested too deeply" if isinstance(err, RecursionError) else "out of memory"
        print(f"pipeline: {_where(args)}: cannot process the page ({reason})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # a bug in the pipeline: still one line, never a traceback
        print(f"pipeline: {_where(args)}: internal error: {type(err).__name__}: {err}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _where(args: argparse.Namespace) -> str:
    """The file(s) a command was working on, for its one-line error."""
    if getattr(args, "file", None):
        return readable(args.file)
    if getattr(args, "old", None):
        return f"{readable(args.old)} {readable(args.new)}"
    return args.command
