"""Bad input through the command line: one clear line and exit 2, or a valid document.

Every case runs ``clean`` and ``parse`` in a subprocess, as a user would, and checks the
exact exit status and stderr. A build of a directory holding the sample page and all of
these reports every bad file, writes the rest, and exits non-zero. The 50 MB pages are
generated here (never committed); their peak memory is measured in a subprocess and
printed (run with ``-s`` to see the figures).
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline.build import WRITERS
from pipeline.emit.json import validate
from tests.conftest import ROOT, SAMPLE

HTML = Path(__file__).parent / "fixtures" / "html"
POLICY = (HTML / "policy.txt").read_bytes()
DEPTH = 10_000


def png() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def zip_archive() -> bytes:
    """A ZIP archive holding a Chinese text file (text inside must not fool the check)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("policy.txt", POLICY)
    return buffer.getvalue()


def deep_page() -> bytes:
    return ("<html><body>" + "<div>" * DEPTH + "<p>深处的段落，也要找到。</p>" + "</div>" * DEPTH
            + "</body></html>").encode("utf-8")


def truncated_gbk() -> bytes:
    """The GBK fixture with its last character cut in half (lead byte, then ``</p>``)."""
    page = (HTML / "gbk-meta-gb2312.html").read_bytes()
    cut = page.rindex("日".encode("gbk"))
    return page[:cut + 1] + page[cut + 2:]


#: name -> (bytes, reason on stderr). Each of these is unusable: exit 2, nothing written.
UNUSABLE: dict[str, tuple[bytes, str]] = {
    "empty.html": (b"", "empty file"),
    "blank.txt": (b" \r\n\t\n", "empty file"),
    "image.png": (png(), "binary file (a PNG image), not a text page"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                   "binary file (a PDF document), not a text page"),
    "bundle.zip": (zip_archive(), "binary file (a ZIP archive), not a text page"),
    "nul.bin": (b"\x00\x01\x02\x03text" * 300, "binary file (NUL bytes), not a text page"),
    "no-text.html": (b"<html><body><img src='a.png'><script>var a;</script></body></html>",
                     "no text content"),
    "furniture-only.html": (
        "<html><body><nav><a href='/'>首页</a></nav><p>版权所有：某市民政局</p></body></html>"
        .encode(),
        "no content: all 2 text block(s) were page furniture (copyright, navigation)"),
}

#: name -> (bytes, warnings, first paragraph). Each gives a valid document: exit 0.
#: Undecodable bytes become U+FFFD in the page text and □ (lost) in the cleaned text.
USABLE: dict[str, tuple[bytes, list[str], str]] = {
    "nul-bytes.txt": (POLICY[:30] + b"\x00\x00" + POLICY[30:],
                      ["ingest: removed 2 control character(s) (2 NUL)"],
                      "关于加强社区养老服务的实施意见"),
    "truncated.txt": (POLICY[:31] + POLICY[32:] + "施".encode()[:2],
                      ["ingest: 2 undecodable byte sequence(s) in utf-8 replaced by U+FFFD"],
                      "关于加强社区养老服务□实施意见"),
    "truncated-gbk.html": (truncated_gbk(),
                           ["ingest: 1 undecodable byte sequence(s) in gb18030 replaced by "
                            "U+FFFD"],
                           "关于加强社区养老服务的实施意见"),
    "surrogates.txt": (b"\xed\xa0\xbd" + POLICY,
                       ["ingest: 3 undecodable byte sequence(s) in utf-8 replaced by U+FFFD"],
                       "□□□关于加强社区养老服务的实施意见"),
    "no-chinese.html": (b"<html><body><h1>Annual report</h1><p>The council met twice, as "
                        b"planned, and approved the budget.</p></body></html>",
                        ["extract: no Chinese text on the page"], "Annual report"),
    "no-structure.txt": ("关于做好夏季防暑降温工作的通知\n各单位要合理安排作息时间，"
                         "做好防暑降温物资保障。\n".encode(), [],
                         "关于做好夏季防暑降温工作的通知"),
    "deep.html": (deep_page(), [], "深处的段落，也要找到。"),
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, (data, *_rest) in {**UNUSABLE, **USABLE}.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("command", [("clean",), ("parse", "--format", "md")])
@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_input_is_one_line_and_exit_2(bad_dir, name, command):
    path = bad_dir / name
    result = run(command[0], str(path), *command[1:])
    assert result.returncode == 2
    assert result.stderr == f"pipeline: {path}: {UNUSABLE[name][1]}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(USABLE))
def test_damaged_input_gives_a_valid_document_with_warnings(bad_dir, name):
    _data, warnings, first = USABLE[name]
    result = run("parse", str(bad_dir / name), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    validate(doc)
    assert doc["warnings"][:len(warnings)] == warnings
    assert [w for w in doc["warnings"] if w.startswith(("ingest:", "extract:"))] == warnings
    assert doc["text"].split("\n")[0] == first
    if "\ufffd" in doc["source_paragraphs"][0]["text"]:  # replaced bytes are marked lost
        assert [r["kind"] for r in doc["repairs"] if "\ufffd" in r["original"]][:1] == ["lost"]
    clean = run("clean", str(bad_dir / name))
    assert (clean.returncode, clean.stdout) == (0, doc["text"] + "\n")


def test_page_without_numbered_structure_has_no_outline(bad_dir):
    doc = json.loads(run("parse", str(bad_dir / "no-structure.txt")).stdout)
    assert doc["outline"] == []
    assert doc["title"] == "关于做好夏季防暑降温工作的通知"


def test_explain_dropped_prints_each_dropped_block_to_stderr():
    result = run("clean", str(HTML / "table-layout-gb2312.html"), "--explain-dropped")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "dropped [breadcrumb]: 首页 | 机构概况 | 政务公开 | 办事指南",
        "dropped [links]: 通知公告", "dropped [links]: 政策法规", "dropped [links]: 工作动态",
        "dropped [copyright]: Copyright © 2023 某市民政局 版权所有",
        "dropped [icp-licence]: 粤ICP备05000000号"]
    assert result.stdout == POLICY.decode("utf-8")


def test_build_of_sample_and_bad_inputs_reports_every_bad_file(bad_dir, tmp_path, sample_doc):
    raw = tmp_path / "raw"
    raw.mkdir()
    for page in bad_dir.iterdir():
        (raw / page.name).write_bytes(page.read_bytes())
    (raw / "sample.txt").write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    result = run("build", str(raw), "-o", str(out))
    assert result.returncode != 0
    for name, (_data, reason) in UNUSABLE.items():
        assert f"{raw / name}: {reason}" in result.stderr
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    stems = sorted([Path(name).stem for name in USABLE] + ["sample"])
    assert written == sorted(f"{stem}{suffix}" for stem in stems for suffix in WRITERS)
    sample = json.loads((out / "sample.json").read_text("utf-8"))
    validate(sample)
    assert sample["text"] == sample_doc.text
    assert sample["title"] == sample_doc.title
    assert [n["id"] for n in sample["outline"]] == [n.id for n in sample_doc.outline]


# --- the 50 MB pages: memory stays bounded ----------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def peak_rss_mb(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``python -m pipeline ARGS`` in a child and return it with its peak RSS in MB."""
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'pipeline', *sys.argv[1:]],"
        " capture_output=True, text=True, encoding='utf-8')\n"
        "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(r.returncode)\n")
    result = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8")
    *lines, rss = result.stderr.splitlines()
    result.stderr = "".join(line + "\n" for line in lines)
    return result, int(rss) / 1024


def test_fifty_mb_of_content_is_refused_in_bounded_memory(tmp_path):
    lines = POLICY.decode("utf-8").splitlines()
    chunk = "".join(f"<p>{line}</p>\n" for line in lines).encode("utf-8")
    page = tmp_path / "huge.html"
    with page.open("wb") as handle:
        handle.write(b'<html><head><meta charset="utf-8"></head><body>\n')
        for _ in range(FIFTY_MB // len(chunk) + 1):
            handle.write(chunk)
        handle.write(b"</body></html>\n")
    size = len(page.read_bytes().decode("utf-8"))
    result, rss = peak_rss_mb("clean", str(page))
    print(f"\n50 MB page of content: exit {result.returncode}, peak RSS {rss:.0f} MB")
    assert result.returncode == 2
    assert result.stderr == (f"pipeline: {page}: page too large: {size:,} characters of text "
                             "and markup (the limit is 4,000,000)\n")
    assert rss < 1024


def test_fifty_mb_page_of_scripts_and_images_gives_its_content(tmp_path):
    body = (HTML / "heavy-furniture.html").read_text("utf-8")
    filler_script = "<script>var data = '" + "x" * (FIFTY_MB // 2) + "';</script>"
    filler_image = '<img src="data:image/png;base64,' + "QUJD" * (FIFTY_MB // 8) + '">'
    page = tmp_path / "heavy.html"
    page.write_text(body.replace("</body>", filler_script + filler_image + "</body>"), "utf-8")
    assert page.stat().st_size > FIFTY_MB
    result, rss = peak_rss_mb("clean", str(page))
    print(f"\n50 MB page of scripts and data URIs: exit {result.returncode}, "
          f"peak RSS {rss:.0f} MB")
    assert result.returncode == 0, result.stderr
    assert result.stdout == POLICY.decode("utf-8")
    assert rss < 1024


def test_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch, capsys):
    from pipeline import cli, ingest

    page = tmp_path / "big.txt"
    page.write_bytes(POLICY)
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    assert cli.main(["clean", str(page)]) == 2
    assert capsys.readouterr().err == (
        f"pipeline: {page}: file too large: {len(POLICY):,} bytes (the limit is 100)\n")


@pytest.mark.parametrize("error, reason", [(RecursionError, "nested too deeply"),
                                           (MemoryError, "out of memory")])
def test_exhausted_resources_are_one_line_and_exit_2(monkeypatch, capsys, error, reason):
    from pipeline import cli

    def exhaust(*_args):
        raise error()

    monkeypatch.setattr(cli, "process", exhaust)
    page = HTML / "policy.txt"
    assert cli.main(["parse", str(page)]) == 2
    assert capsys.readouterr().err == f"pipeline: {page}: cannot process the page ({reason})\n"
