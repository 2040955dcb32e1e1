"""Build: every page of a raw directory to one file per writer (``WRITERS``), and a corpus.

A build runs one per-page function, ``render(data, name) -> {suffix: text}``, on an
engine (``pipeline.engines``): in this process, in a process pool, or as Ray tasks; the
outputs are the same bytes whichever runs it. One page's failure never stops the batch:
it comes back as a reason (``InputError``) or as ``internal error: ExcType: message``.

Incremental: a page is rebuilt when its bytes or the pipeline (code, data and the
versions of the libraries it uses) changed since it was last built. The state is a
snapshot file plus a journal that gets one line as each page finishes; the snapshot is
rewritten atomically at the end of a build, so a build killed at any point redoes only
what is missing or stale. The state records the SHA-256 of every output it wrote, and a
page is only up to date when each output on disk still has that hash (a truncated or
emptied output is built again). A page's outputs are replaced together or not at all:
all are written to temporary files first, the page leaves the state before the first
rename and comes back after the last, and a rename failing midway puts the old files
back (or, failing that, removes the page's outputs), so no reader and no later build
takes a mix of two builds for a page's outputs. Raw files are only ever read.

``--jsonl`` writes the corpus: one JSON document per line (the ``.json`` output as one
compact line), sorted by page name whatever order pages finish in. Lines are put back in
order through a buffer no larger than the engine's window, so memory stays flat in the
number of pages.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import glob
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

from pipeline.emit.html import document_html
from pipeline.emit.json import compact
from pipeline.engines import Finished, Ready, make_engine, run_window
from pipeline.errors import InputError
from pipeline.flow import process
from pipeline.ingest import read_page
from pipeline.model import Document
from pipeline.names import readable, state_key
from pipeline.timelimit import PageTimeout, time_limit

STATE_FILE = ".build-state.json"
JOURNAL_FILE = ".build-state.log"
#: Output writers: file suffix -> function of the document. The one list of outputs.
WRITERS: dict[str, Callable[[Document], str]] = {
    ".json": Document.to_json,
    ".md": Document.to_markdown,
    ".html": document_html,
}
#: The writer whose output, made compact, is a page's line in the ``--jsonl`` corpus;
#: every build writes it (``--formats`` chooses among the others).
JSONL_SOURCE = ".json"
#: Seconds a page may take before it fails with reason ``timeout`` (``--page-timeout``):
#: about a thousand times what a policy page takes, and what a 1 MB page of the slowest
#: pathological family needs.
PAGE_TIMEOUT = 120.0
#: ``--formats`` names -> output suffix.
FORMATS = {suffix.lstrip("."): suffix for suffix in WRITERS}


class BuildStateWarning(UserWarning):
    """A line of the build state that is not valid and was skipped."""


@dataclass(frozen=True)
class PageResult:
    """What the per-page task gives back: outputs by suffix, or the reason it failed.

    Outputs and the corpus line are UTF-8 bytes, encoded in the worker, so the process
    that writes them only copies bytes.
    """

    outputs: dict[str, bytes] | None = None
    reason: str = ""
    line: bytes | None = None


@dataclass(frozen=True)
class Outcome:
    """One page's end in a build: ``built``, ``skipped`` (up to date) or ``failed``."""

    name: str
    status: str
    detail: str = ""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the pipeline's code, data and library versions: changes whenever outputs may."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for name, version in dependency_versions():
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()


def dependency_versions() -> list[tuple[str, str]]:
    """(name, installed version) of each library the installed ``pipeline`` requires."""
    from importlib import metadata  # only builds need it; keeps other commands' start fast

    try:
        requires = metadata.requires("pipeline") or []
    except metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in requires:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "missing"))
    return sorted(found)


def raw_pages(raw_dir: Path) -> list[Path]:
    """The pages of ``raw_dir``: regular, non-hidden files (or links to one), by name."""
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def not_pages(raw_dir: Path) -> list[tuple[Path, str]]:
    """The non-hidden entries of ``raw_dir`` that a build skips, by name, each with what
    it is: ``folder``, ``pipe``, ``device``, ``socket``, ``broken link`` or ``link``
    (to something that is not a regular file)."""
    skipped = []
    for path in sorted(raw_dir.iterdir()):
        if path.name.startswith(".") or path.is_file():
            continue
        skipped.append((path, entry_kind(path)))
    return skipped


def entry_kind(path: Path) -> str:
    """What a directory entry that is not a regular file is, in a word or two."""
    if path.is_symlink():
        return "link" if path.exists() else "broken link"
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "unreadable entry"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "not a regular file"


@lru_cache(maxsize=1)
def _file_mode() -> int:
    """The mode a plain ``open`` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temporary_beside(path: Path, directory: Path | None = None, tag: str = ""
                     ) -> tuple[IO[bytes], Path]:
    """A new temporary file for ``path``, open for bytes: hidden beside it
    (``.NAME.TAG*.tmp``, the name cut to fit), or in ``directory`` (a build's private one).

    It gets the usual mode for new files (0o666 less the umask), not the private mode of
    temporary files, so renaming it onto ``path`` gives an ordinary file.
    """
    prefix = "." + readable(path.name)[:64] + "." + tag
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory or path.parent)
    os.fchmod(fd, _file_mode())
    return os.fdopen(fd, "wb"), Path(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (str as UTF-8) to ``path`` through a temporary file and a rename."""
    handle, tmp = temporary_beside(path)
    try:
        with handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: A build's private folder of temporary files inside the output folder (same file
#: system, so outputs are renamed into place); named ``.build-tmp.XXXXXXXX``.
TMP_PREFIX = ".build-tmp."
#: The lock file a build holds (``flock``) on its output folder while it runs.
LOCK_FILE = ".build-lock"


class OutputLocked(Exception):
    """Another build is writing into the same output folder; one-line message."""


def lock_output(out_dir: Path) -> IO[bytes]:
    """Hold the output folder's lock (released when the returned file is closed, or the
    process dies); ``OutputLocked`` at once if another build holds it."""
    handle = (out_dir / LOCK_FILE).open("ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise OutputLocked(f"{readable(out_dir)}: another build is writing into this "
                           "folder (it is locked); wait for it or choose another") from None
    return handle


def sweep_temporaries(out_dir: Path) -> None:
    """Remove the private temporary folders of builds into ``out_dir`` that were killed
    (call with the lock held: no other build is using one). Other files are left alone."""
    for path in out_dir.glob(glob.escape(TMP_PREFIX) + "*"):
        shutil.rmtree(path, ignore_errors=True)


def render(data: bytes, name: str, suffixes: tuple[str, ...] = tuple(WRITERS)
           ) -> tuple[Document, dict[str, str]]:
    """Process one page and render the outputs with these ``suffixes``: the document and
    suffix -> text."""
    doc = process(data, name)
    return doc, {suffix: WRITERS[suffix](doc) for suffix in suffixes}


def jsonl_line(json_text: str) -> str:
    """A JSON text as one compact line: the same document, same keys in the same order,
    no whitespace between tokens; the line ``render_page`` makes from the document
    itself. Used for pages that are up to date. Parsed by the standard library (orjson
    would read an integer beyond 64 bits as a float) and written by ``emit.json.compact``.
    """
    return compact(json.loads(json_text))


def one_line(text: str) -> str:
    """``text`` with its lines joined by spaces, so a reason fits on one line."""
    return " ".join(text.split())


def internal_error(err: BaseException) -> str:
    """The reason given for a page that broke the pipeline: ``internal error: Type: msg``."""
    message = one_line(str(err))
    return f"internal error: {type(err).__name__}" + (f": {message}" if message else "")


_settled = False


def _settle() -> None:
    """Once per process, after its first page (which loads the language model, the
    dictionaries and the converters): collect that page's cyclic garbage, then move
    every object alive out of the cycle collector's sight (``gc.freeze``). Later
    collections scan only what pages create instead of the models too (about 8% of a
    full build's time). For processes that only build pages (``Build(freeze_gc=True)``,
    as the command line does): frozen objects are never collected."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


def render_page(data: bytes, name: str, with_line: bool,
                suffixes: tuple[str, ...] = tuple(WRITERS), freeze_gc: bool = False,
                timeout: float | None = None) -> PageResult:
    """The per-page task: ``render`` with every failure turned into a reason.

    ``with_line`` also makes the page's ``--jsonl`` line (``suffixes`` must then hold
    ``JSONL_SOURCE``); ``freeze_gc`` calls ``_settle`` after the page; a page that takes
    more than ``timeout`` seconds fails with reason ``timeout (limit N s)``. Never raises
    for a bad page.
    """
    try:
        with time_limit(timeout):
            doc, outputs = render(data, name, suffixes)
            line = compact(doc.fields()).encode("utf-8") if with_line else None
            encoded = {suffix: text.encode("utf-8") for suffix, text in outputs.items()}
    except PageTimeout:
        return PageResult(reason=f"timeout (limit {timeout:g} s)")
    except InputError as err:
        return PageResult(reason=one_line(err.reason))
    except Exception as err:
        return PageResult(reason=internal_error(err))
    finally:
        if freeze_gc:
            _settle()
    return PageResult(outputs=encoded, line=line)


def load_state(out_dir: Path) -> dict[str, str]:
    """Page name -> record (``output_record``: build key and output hashes), from the
    snapshot then the journal of a later build.

    A journal line cut short by a kill is ignored (that page is simply built again); any
    other line that is not a ``[page, key]`` pair of strings (key may be null) is skipped
    with a ``BuildStateWarning``, and so is a snapshot entry whose key is not a string.
    """
    try:
        state = json.loads((out_dir / STATE_FILE).read_text("utf-8"))
        if not isinstance(state, dict):
            state = {}
    except (OSError, ValueError):
        state = {}
    state = {name: key for name, key in state.items() if isinstance(key, str)}
    try:
        lines = (out_dir / JOURNAL_FILE).read_text("utf-8").splitlines()
    except (OSError, ValueError):
        lines = []
    for number, line in enumerate(lines, 1):
        try:
            name, key = json.loads(line)
        except (ValueError, TypeError):
            name = key = 0  # not a pair: checked below
        if not isinstance(name, str) or not (key is None or isinstance(key, str)):
            if number < len(lines) or line.endswith("]"):  # the last line may be torn
                warnings.warn(f"{out_dir / JOURNAL_FILE}: line {number} is not a "
                              "[page, key] pair; skipped", BuildStateWarning, stacklevel=2)
            continue
        if key is None:
            state.pop(name, None)
        else:
            state[name] = key
    return state


def output_record(key: str, outputs: dict[str, bytes]) -> str:
    """The state's entry for a page built with ``key`` into ``outputs``: the key, then the
    SHA-256 of each output as ``SUFFIX=HEX``, space-separated (keys hold no space)."""
    return " ".join([key, *(f"{suffix}={hashlib.sha256(data).hexdigest()}"
                            for suffix, data in outputs.items())])


def recorded_hashes(record: str) -> tuple[str, dict[str, str]]:
    """``output_record`` read back: the key and suffix -> SHA-256 (empty for a record
    written before outputs were hashed, which then matches no output)."""
    key, *hashes = record.split(" ")
    return key, dict(item.split("=", 1) for item in hashes if "=" in item)


def save_state(out_dir: Path, state: dict[str, str]) -> None:
    """Write the snapshot atomically, then drop the journal it now contains."""
    write_atomic(out_dir / STATE_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n")
    (out_dir / JOURNAL_FILE).unlink(missing_ok=True)


class _Journal:
    """Appends one line per finished page to the state journal, flushed at once."""

    def __init__(self, path: Path) -> None:
        self._handle: IO[str] = path.open("a", encoding="utf-8", newline="\n")

    def record(self, name: str, key: str | None) -> None:
        self._handle.write(json.dumps([name, key], ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def _sweep_dead_corpora(path: Path) -> None:
    """Remove the temporary corpora beside ``path`` (``.NAME.PID.*.tmp``) of builds
    that were killed: those whose process is gone. Another build's, or a file of the
    user's, stays."""
    prefix = "." + readable(path.name)[:64] + "."
    for stale in path.parent.glob(glob.escape(prefix) + "*.tmp"):
        pid = stale.name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            stale.unlink(missing_ok=True)
        except OSError:
            continue


class _Corpus:
    """The ``--jsonl`` corpus: lines put back in page order, written to a temporary file
    renamed at the end, or straight to a stream (standard output) as they come."""

    def __init__(self, target: Path | IO[bytes]) -> None:
        self._tmp: Path | None = None
        if isinstance(target, Path):
            self.path = target
            target.parent.mkdir(parents=True, exist_ok=True)
            _sweep_dead_corpora(target)
            self._handle, self._tmp = temporary_beside(target, tag=f"{os.getpid()}.")
        else:
            self._handle = target
        self._waiting: dict[int, bytes | None] = {}
        self._next = 0

    def put(self, index: int, line: bytes | None) -> None:
        """The line of page ``index`` (None: the page has no line)."""
        self._waiting[index] = line
        while self._next in self._waiting:
            entry = self._waiting.pop(self._next)
            if entry is not None:
                self._handle.write(entry + b"\n")
            self._next += 1

    def finish(self) -> None:
        if self._tmp is None:
            self._handle.flush()
            return
        self._handle.close()
        os.replace(self._tmp, self.path)

    def abandon(self) -> None:
        if self._tmp is None:
            with contextlib.suppress(OSError):
                self._handle.flush()
            return
        self._handle.close()
        self._tmp.unlink(missing_ok=True)


@dataclass
class Build:
    """A build of ``raw_dir`` into ``out_dir``; ``len()`` pages, ``run()`` does it."""

    raw_dir: Path
    out_dir: Path
    force: bool = False
    jobs: int = 1
    engine: str = "local"
    ray_address: str | None = None
    #: The corpus: a file, or a binary stream written as pages finish (``--jsonl -``).
    jsonl: Path | IO[bytes] | None = None
    formats: tuple[str, ...] = tuple(WRITERS)
    freeze_gc: bool = False
    page_timeout: float | None = PAGE_TIMEOUT
    pages: list[Path] = field(init=False)
    #: Entries of ``raw_dir`` that are not pages (folders, pipes, links...) and their kind.
    not_pages: list[tuple[Path, str]] = field(init=False)
    _tmp: Path | None = field(init=False, default=None)
    #: Corpus lines of up-to-date pages, by index, until ``_finish`` takes them.
    _lines: dict[int, bytes | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [s for s in self.formats if s not in WRITERS]
        if unknown or JSONL_SOURCE not in self.formats:
            raise ValueError(f"formats must include {JSONL_SOURCE} and be among "
                             f"{', '.join(WRITERS)}: {', '.join(self.formats)}")
        self.formats = tuple(s for s in WRITERS if s in self.formats)
        self.pages = raw_pages(self.raw_dir)
        self.not_pages = not_pages(self.raw_dir)

    def __len__(self) -> int:
        return len(self.pages)

    def source_path(self, page: Path) -> str:
        """The page's ``source.path``: the raw folder's name, then the file's name
        (``raw/page.txt``), the same from any working directory; ``names.readable``."""
        return readable(Path(self.raw_dir.resolve().name) / page.name)

    def _outputs(self, page: Path, suffixes: tuple[str, ...] | None = None
                 ) -> dict[str, Path]:
        """The page's output paths for ``suffixes`` (default: the formats built)."""
        return {suffix: self.out_dir / (page.stem + suffix)
                for suffix in (self.formats if suffixes is None else suffixes)}

    def _items(self, state: dict[str, str], keys: dict[int, str]) -> Iterator[tuple | Ready]:
        """Per page, lazily: a task for the engine, or ``Ready`` (skipped / unreadable)."""
        fingerprint = code_fingerprint()
        stems: dict[str, str] = {}
        for index, page in enumerate(self.pages):
            other = stems.setdefault(page.stem, page.name)
            if other != page.name:
                yield Ready(Outcome(page.name, "failed", f"same output names as {other}"))
                continue
            try:
                data = read_page(page)
            except InputError as err:
                self._remove_outputs(page)
                yield Ready(Outcome(page.name, "failed", err.reason))
                continue
            key = ":".join((hashlib.sha256(data).hexdigest(), fingerprint, *self.formats))
            record = state.get(state_key(page.name))
            if not self.force and record is not None and self._up_to_date(page, key, record,
                                                                           index):
                yield Ready(Outcome(page.name, "skipped"))
                continue
            keys[index] = key
            yield (data, self.source_path(page), self.jsonl is not None, self.formats,
                   self.freeze_gc, self.page_timeout)

    def _up_to_date(self, page: Path, key: str, record: str, index: int) -> bool:
        """True when the page was last built with ``key`` and every output on disk is a
        regular file with the hash the state recorded; its corpus line is then kept for
        ``_finish``. Anything else (an output missing, truncated, emptied, replaced by
        a folder, a JSON that does not parse) means the page is built again."""
        recorded_key, hashes = recorded_hashes(record)
        if recorded_key != key:
            return False
        found: dict[str, bytes] = {}
        for suffix, path in self._outputs(page).items():
            try:
                if not stat.S_ISREG(path.stat().st_mode):
                    return False
                found[suffix] = path.read_bytes()
            except OSError:
                return False
            if hashlib.sha256(found[suffix]).hexdigest() != hashes.get(suffix):
                return False
        line = None
        if self.jsonl is not None:
            try:
                line = jsonl_line(found[JSONL_SOURCE].decode("utf-8")).encode("utf-8")
            except (ValueError, RecursionError):
                return False
        self._lines[index] = line
        return True

    def run(self) -> Iterator[Outcome]:
        """Build every page; yields each page's ``Outcome`` as it finishes.

        Raises ``EngineUnavailable`` (before touching ``out_dir``) if the engine cannot run,
        ``OSError`` if the output directory, the state or the corpus cannot be written (a
        page whose outputs cannot be written is a failed page).
        """
        engine = make_engine(self.engine, self.jobs, self.ray_address)
        journal = corpus = lock = None
        completed = False
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            lock = lock_output(self.out_dir)
            sweep_temporaries(self.out_dir)
            self._tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=self.out_dir))
            state = load_state(self.out_dir)
            save_state(self.out_dir, state)
            journal = _Journal(self.out_dir / JOURNAL_FILE)
            corpus = _Corpus(self.jsonl) if self.jsonl is not None else None
            keys: dict[int, str] = {}
            for done in run_window(engine, render_page, self._items(state, keys), engine.window):
                outcome, line = self._finish(done, keys.pop(done.index, None), state, journal)
                if corpus is not None:
                    corpus.put(done.index, line)
                yield outcome
            if corpus is not None:
                corpus.finish()
                corpus = None
            completed = True
        finally:
            engine.close()
            if journal is not None:
                journal.close()
            if corpus is not None:
                corpus.abandon()
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None
            if completed:
                save_state(self.out_dir, state)
            if lock is not None:
                lock.close()

    def _replace_together(self, page: Path, data: dict[str, bytes]) -> None:
        """Replace the page's outputs with ``data`` (suffix -> bytes), all or none.

        Every output is first written to a temporary file in the build's private folder
        (a failure there, a full disk, leaves every old output as it was). Outputs of
        formats not built go next (left, they would describe an older build). Each old
        output is kept as a hard link, then the new ones are renamed into place; if a
        rename fails, the ones already renamed get their old file back, and if that
        fails too, every output of the page is removed: a page has its old outputs, its
        new ones or none, never a mix. Raises the ``OSError`` with the output's name.
        """
        paths = self._outputs(page)
        written: list[tuple[Path, Path]] = []
        kept: dict[Path, Path | None] = {}
        try:
            for suffix, path in paths.items():
                handle, tmp = temporary_beside(path, self._tmp)
                written.append((tmp, path))
                with handle:
                    try:
                        handle.write(data[suffix])
                    except OSError as err:
                        err.filename = str(path)
                        raise
            unwanted = tuple(s for s in WRITERS if s not in self.formats)
            for path in self._outputs(page, unwanted).values():
                path.unlink(missing_ok=True)
            for _, path in written:
                kept[path] = self._keep(path)
            renamed: list[Path] = []
            for tmp, path in written:
                try:
                    os.replace(tmp, path)
                except OSError as err:
                    self._put_back(page, renamed, kept)
                    err.filename = str(path)
                    raise
                renamed.append(path)
        finally:
            for tmp, _ in written:
                tmp.unlink(missing_ok=True)
            for backup in kept.values():
                if backup is not None:
                    backup.unlink(missing_ok=True)

    def _keep(self, path: Path) -> Path | None:
        """A hard link to the output at ``path`` in the private folder, to put it back
        if its page's replacement fails; None if there is no such file (or no link)."""
        backup = (self._tmp or path.parent) / f".kept.{uuid.uuid4().hex}"
        try:
            os.link(path, backup)
        except OSError:
            return None
        return backup

    def _put_back(self, page: Path, renamed: list[Path], kept: dict[Path, Path | None]
                  ) -> None:
        """Undo a replacement that failed after ``renamed``: each gets its old file back
        (or goes, if it had none); if that fails, every output of the page goes."""
        try:
            for path in renamed:
                backup = kept.get(path)
                if backup is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(backup, path)
                    kept[path] = None
        except OSError:
            for path in self._outputs(page, tuple(WRITERS)).values():
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)

    def _remove_outputs(self, page: Path) -> None:
        """Delete the outputs of a page that now fails: left in place they would pass for
        the current version of a page that no longer yields a document."""
        for path in self._outputs(page, tuple(WRITERS)).values():
            path.unlink(missing_ok=True)

    def _finish(self, done: Finished, key: str | None, state: dict[str, str],
                journal: _Journal) -> tuple[Outcome, bytes | Path | None]:
        """Write a finished page's outputs and state; its outcome and its corpus line."""
        page = self.pages[done.index]
        name = state_key(page.name)
        if isinstance(done.value, Outcome):
            return done.value, self._lines.pop(done.index, None)
        result = done.value
        if done.error is not None or not isinstance(result, PageResult):
            result = PageResult(reason=internal_error(done.error or TypeError("no result")))
        if result.outputs is None:
            state.pop(name, None)
            journal.record(name, None)
            self._remove_outputs(page)
            return Outcome(page.name, "failed", result.reason), None
        if state.pop(name, None) is not None:  # out of the state before any output changes
            journal.record(name, None)
        try:
            self._replace_together(page, result.outputs)
        except OSError as err:
            path = Path(err.filename or self.out_dir)
            return Outcome(page.name, "failed",
                           f"cannot write {readable(path)}: {err.strerror}"), None
        assert key is not None
        state[name] = output_record(key, result.outputs)
        journal.record(name, state[name])
        return Outcome(page.name, "built"), result.line


def build(raw_dir: Path, out_dir: Path, force: bool = False, **options: object) -> Iterator[
        tuple[str, str, str]]:
    """Build every page; yields (page name, status, detail) as each page finishes.

    status is ``built``, ``skipped`` (up to date) or ``failed`` (detail is the reason);
    ``options`` are the other fields of ``Build`` (jobs, engine, ray_address, jsonl,
    formats, freeze_gc).
    """
    for outcome in Build(raw_dir, out_dir, force, **options).run():  # type: ignore[arg-type]
        yield outcome.name, outcome.status, outcome.detail
