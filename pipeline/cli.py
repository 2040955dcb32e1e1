"""Command line: ``python -m pipeline build|clean|parse``, a thin layer over the API.

Exit statuses (also in the README): 0 success; 1 a build where some pages failed (the
rest were written); 2 unusable input or a wrong command line. Errors are one line on
stderr naming the file and the reason, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.build import build
from pipeline.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_SOME_FAILED, InputError
from pipeline.flow import process
from pipeline.model import Document

#: Files larger than this are refused unread (``clean``/``parse``); see also
#: ``extract.MAX_PAGE_CHARS``, the limit on what is parsed.
MAX_FILE_BYTES = 256 * 1024 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every input error
        self.exit(EXIT_BAD_INPUT, f"pipeline: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pipeline", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild OUT_DIR from every page in RAW_DIR")
    b.add_argument("raw_dir", nargs="?", default="raw", type=Path)
    b.add_argument("-o", "--out", default="output", type=Path, dest="out_dir")
    b.add_argument("--force", action="store_true", help="rebuild pages that are up to date")
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
    return parser


def load(path: Path) -> Document:
    """Read and process one page; raises ``InputError`` with a one-line reason.

    Files larger than ``MAX_FILE_BYTES`` are refused before they are read.
    """
    try:
        size = path.stat().st_size
        if path.is_file() and size > MAX_FILE_BYTES:
            raise InputError(str(path), f"file too large: {size:,} bytes "
                                        f"(the limit is {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not a page") from None
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror}") from None
    return process(data, str(path))


def _cmd_build(args: argparse.Namespace) -> int:
    if not args.raw_dir.is_dir():
        print(f"pipeline: {args.raw_dir}: not a directory", file=sys.stderr)
        return EXIT_BAD_INPUT
    failed = []
    counts = {"built": 0, "skipped": 0, "failed": 0}
    for name, status, detail in build(args.raw_dir, args.out_dir, args.force):
        counts[status] += 1
        if status == "failed":
            failed.append(name)
            print(f"pipeline: {args.raw_dir / name}: {detail}", file=sys.stderr)
    print(f"built {counts['built']}, up to date {counts['skipped']}, failed {counts['failed']}",
          file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def explain_dropped(doc: Document) -> str:
    """One line per dropped block: ``dropped [reason]: text`` (text cut at 200 characters)."""
    lines = []
    for item in doc.dropped:
        text = item.text if len(item.text) <= 200 else item.text[:199] + "…"
        lines.append(f"dropped [{item.reason}]: {text}\n")
    return "".join(lines)


def _cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff_files, diff_json, diff_markdown

    report = diff_files(args.old, args.new)
    _emit(diff_json(report) if args.format == "json" else diff_markdown(report))
    return EXIT_OK if report["same"] else EXIT_SOME_FAILED


def _emit(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _cmd_build(args)
        if args.command == "diff":
            return _cmd_diff(args)
        doc = load(args.file)
        if args.command == "clean":
            if args.explain_dropped:
                sys.stderr.write(explain_dropped(doc))
            _emit(doc.text + "\n")
        elif args.format == "json":
            _emit(doc.to_json())
        else:
            _emit(doc.to_markdown())
    except InputError as err:
        print(f"pipeline: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (RecursionError, MemoryError) as err:  # the page, not the program, is at fault
        reason = "nested too deeply" if isinstance(err, RecursionError) else "out of memory"
        where = getattr(args, "file", None) or args.command
        print(f"pipeline: {where}: cannot process the page ({reason})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK
