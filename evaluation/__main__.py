"""``python -m evaluation [--data DIR] [--verbose] [--out FILE]``: accuracy on real data.

The results file holds figures, ids and statuses only: the texts are third-party and are
quoted only on the terminal (``--verbose``). Exit status 0, also when the data folder is
absent (then one line says so): this is a benchmark, not a test that fails on figures;
2 on a bad argument.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluation.run import DEFAULT_ROOT, evaluate, figures_only, render

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bench" / "results" / "eval.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_ROOT,
                        help="the realdata folder (default: ../shared/realdata)")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where to write the results as JSON (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.data / "garbled").is_dir() or not (args.data / "policies").is_dir():
        print(f"eval: no real data at {args.data} (garbled/ and policies/ expected); skipped")
        return 0
    result = evaluate(args.data)
    print(render(result, verbose=args.verbose))
    from pipeline.emit.json import dumps

    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(dumps(figures_only(result)), encoding="utf-8")
    tmp.replace(args.out)
    print(f"eval: results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
