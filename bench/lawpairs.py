"""Further real version pairs for the diff benchmark: the source list and a re-fetch.

``SOURCES`` (bench/lawpairs.tsv) lists pairs of dated versions of Chinese administrative
regulations from the public collection LawRefBook/Laws (markdown, one file per dated
version) at a fixed commit. The texts are third-party and stay outside the repository:

    .venv/bin/python bench/lawpairs.py [--mirror GIT_DIR] [--out /work/scratch/lawpairs]

reads each file from a local git mirror of that repository (``git show COMMIT:PATH``) or,
without ``--mirror``, from raw.githubusercontent.com, and writes ``NN_old.txt`` /
``NN_new.txt`` as plain text the way the development pairs were made: markdown heading
marks and the ``<!-- INFO END -->`` marker removed, blank lines dropped.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "lawpairs.tsv"
#: Where the benchmark looks for the fetched pairs by default.
DEFAULT_DIR = Path("/work/scratch/lawpairs")
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
HEADING_MARK = re.compile(r"^#+\s*")


def sources() -> list[tuple[str, str, str, str, str]]:
    """(name, repo, commit, old path, new path) for every listed pair."""
    rows = []
    for line in SOURCES.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, repo, commit, old, new = line.split("\t")
            rows.append((name, repo, commit, old, new))
    return rows


def plain(markdown: str) -> str:
    """A collection file as plain text: heading marks and the info marker removed, one
    non-empty paragraph per line."""
    lines = []
    for line in markdown.splitlines():
        line = HEADING_MARK.sub("", line).strip()
        if line and line != "<!-- INFO END -->":
            lines.append(line)
    return "\n".join(lines) + "\n"


def read(repo: str, commit: str, path: str, mirror: Path | None) -> str:
    """One file of ``repo`` at ``commit``, from the mirror or the network."""
    if mirror is not None:
        return subprocess.run(["git", "--git-dir", str(mirror), "show", f"{commit}:{path}"],
                              check=True, capture_output=True).stdout.decode("utf-8")
    url = RAW.format(repo=repo, commit=commit, path=urllib.parse.quote(path))
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, repo, commit, old, new in sources():
        for side, path in (("old", old), ("new", new)):
            target = args.out / f"{name}_{side}.txt"
            target.write_text(plain(read(repo, commit, path, args.mirror)), "utf-8")
    print(f"{len(sources())} pairs written to {args.out}")


if __name__ == "__main__":
    main()
