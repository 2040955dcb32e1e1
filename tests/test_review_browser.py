"""The review page in a real browser: Debian's Chromium, headless, with no network.

The test starts ``/usr/bin/chromium`` itself and drives it through the DevTools protocol
over a pipe (``--remote-debugging-pipe``: JSON messages ending in NUL on fds 3 and 4), so
no extra package or port is needed. It loads the built ``file://`` page, checks the DOM
(headings, one highlight per repair, the low-confidence counter, stepping, the kind
filter, the raw toggle, tooltips on hover and keyboard focus, no horizontal scrolling at
phone width, no request leaving ``file:``, no script error) and saves screenshots under
``test-artifacts/``. Without Chromium the tests are skipped, except under CI (``CI`` set),
where they fail.
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.build import build, write_atomic
from pipeline.emit.html import document_html
from tests.conftest import SAMPLE
from tests.test_review import load_case

ROOT = Path(__file__).resolve().parent.parent
#: Debian's Chromium; ``PIPELINE_CHROMIUM`` names another binary (or a missing one, to
#: check what happens without a browser).
CHROMIUM = Path(os.environ.get("PIPELINE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-dev-shm-usage", "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-pipe",
]
TIMEOUT = 30.0


class Browser:
    """A headless Chromium driven over the DevTools pipe: one page, blocking calls."""

    def __init__(self, profile: Path) -> None:
        to_browser, self._out = os.pipe()
        self._in, from_browser = os.pipe()
        self._log = open(profile.parent / "chromium.log", "wb")  # noqa: SIM115

        def on_fds() -> None:
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self._proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4, to_browser, from_browser), preexec_fn=on_fds,
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._seen = 0
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target,
                                     flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Network"):
                self.call(f"{domain}.enable", session=True)
        except BaseException:
            self.close()
            raise

    def _read(self) -> dict[str, Any]:
        """The next message from the browser (waits at most ``TIMEOUT`` seconds)."""
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._in, 1 << 20) if ready else b""
            if not chunk:
                raise RuntimeError("chromium stopped answering (see chromium.log)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send a DevTools command and return its result (events seen meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_event(self, method: str) -> dict[str, Any]:
        """The first event ``method`` after the one this last returned (waiting for it);
        ``events`` keeps every event since the last page load."""
        while True:
            for i in range(self._seen, len(self.events)):
                if self.events[i].get("method") == method:
                    self._seen = i + 1
                    return self.events[i]
            self.events.append(self._read())

    def open(self, url: str, width: int = 1280, height: int = 900, mobile: bool = False) -> None:
        """Load ``url`` at a viewport size and wait for its load event."""
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width,
                  height=height, deviceScaleFactor=1, mobile=mobile)
        self.events.clear()
        self._seen = 0
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def accessibility(self, expression: str) -> dict[str, Any]:
        """The accessibility-tree node of the element ``expression`` evaluates to."""
        handle = self.call("Runtime.evaluate", session=True, expression=expression)
        tree = self.call("Accessibility.getPartialAXTree", session=True,
                         objectId=handle["result"]["objectId"], fetchRelatives=False)
        return tree["nodes"][0]

    def key(self, key: str, code: str, keycode: int, shift: bool = False) -> None:
        """Press and release a key, as a user would (trusted events)."""
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", session=True, type=kind, key=key, code=code,
                      windowsVirtualKeyCode=keycode, modifiers=8 if shift else 0)

    def hover(self, selector: str) -> None:
        """Move the mouse over the centre of the first element matching ``selector``."""
        box = self.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                      ".getBoundingClientRect();"
                      " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        self.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=box[0], y=box[1])

    def screenshot(self, path: Path) -> None:
        """Save the visible viewport as a PNG."""
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self._proc.wait(timeout=10)
        except (RuntimeError, OSError, subprocess.TimeoutExpired):
            self._proc.kill()
            self._proc.wait()
        finally:
            os.close(self._in)
            os.close(self._out)
            self._log.close()


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must have Chromium for the review page test: {reason}")
        pytest.skip(reason)
    with tempfile.TemporaryDirectory(prefix="review-browser-") as tmp:
        profile = Path(tmp) / "profile"
        driver = Browser(profile)
        try:
            yield driver
        finally:
            driver.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, sample_bytes: bytes) -> dict[str, tuple[Path, dict[str, Any]]]:
    """The sample page built as the build command builds it, and the synthetic case:
    name -> (html path, document as JSON data)."""
    root = tmp_path_factory.mktemp("review-pages")
    (root / "raw").mkdir()
    (root / "raw" / SAMPLE.name).write_bytes(sample_bytes)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # the page names its source as the build command is given it
        assert [s for _, s, _ in build(Path("raw"), root)] == ["built"]
    doc = load_case()
    write_atomic(root / "synthetic.html", document_html(doc))
    return {
        "sample": (root / f"{SAMPLE.stem}.html",
                   json.loads((root / f"{SAMPLE.stem}.json").read_text("utf-8"))),
        "synthetic": (root / "synthetic.html", doc.to_dict()),
    }


def _headings(data: dict[str, Any]) -> list[str]:
    """The outline nodes whose paragraph is only their label and title: shown as headings."""
    out = []
    stack = list(reversed(data["outline"]))
    while stack:
        node = stack.pop()
        line = data["text"][node["span"][0]:].split("\n")[0]
        if line == node["label"] + node["title"]:
            out.append(line)
        stack.extend(reversed(node["children"]))
    return out


@pytest.mark.parametrize("name", ["sample", "synthetic"])
def test_dom_matches_the_document(browser: Browser, pages, name: str) -> None:
    path, data = pages[name]
    browser.open(path.as_uri())
    assert browser.js("document.querySelector('h1').textContent") == data["title"]
    headings = browser.js("[...document.querySelectorAll('#text h2, #text h3, #text h4')]"
                          ".map(h => h.innerText)")
    assert headings == _headings(data)
    # one highlight per repair, each drawn (zero-width removals included)
    assert browser.js("document.querySelectorAll('mark.r').length") == len(data["repairs"])
    drawn = browser.js("[...document.querySelectorAll('mark.r')].filter(m => "
                       "m.getClientRects().length && m.getBoundingClientRect().width > 0).length")
    assert drawn == len(data["repairs"])
    low = sum(r["low_confidence"] for r in data["repairs"])
    assert browser.js("document.getElementById('low-count').textContent") == str(low)
    assert browser.js("document.querySelectorAll('mark.r.low').length") == low
    # the cleaned text reads back exactly
    shown = browser.js("[...document.querySelectorAll('#text .row[id] > .clean')]"
                       ".map(e => e.innerText)")
    assert "\n".join(shown) == data["text"]
    # nothing was requested outside the file, and the script ran without an error
    urls = [e["params"]["request"]["url"] for e in browser.events
            if e.get("method") == "Network.requestWillBeSent"]
    assert urls and all(u.startswith(("file:", "data:")) for u in urls)
    errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown" or (
        e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")]
    assert errors == []


TIP_SHOWN = "getComputedStyle(document.getElementById('tip')).display !== 'none'"
TIP_TEXT = "document.getElementById('tip').innerText"


def _tip_lines(repair: dict[str, Any]) -> list[str]:
    """The lines the tooltip shows for a repair (as in the JSON output)."""
    level = "low confidence" if repair["low_confidence"] else "confidence"
    lines = [f"{repair['kind']} · {level} {repair['confidence']:.2f}",
             f"page had {repair['original']}",
             f"cleaned {repair['replacement'] or 'removed'}"]
    if repair["candidates"]:
        lines.append("runner-up " + " · ".join(f"{c['text']} {c['score']:.2f}"
                                                for c in repair["candidates"]))
    if repair["note"]:
        lines.append(f"note {repair['note']}")
    return lines


def test_tooltips_on_hover_and_keyboard_focus(browser: Browser, pages) -> None:
    path, data = pages["sample"]
    browser.open(path.as_uri())
    assert browser.js(TIP_SHOWN) is False
    browser.hover("mark.r")
    assert browser.js(TIP_SHOWN) is True
    assert browser.js(TIP_TEXT).split("\n") == _tip_lines(data["repairs"][0])
    browser.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=5, y=5)
    assert browser.js("new Promise(ok => setTimeout(() => ok(" + TIP_SHOWN + "), 400))") is False
    # keyboard: Tab from the outline's last link lands on the first repair, tip shows
    browser.js("document.querySelector('nav .sections li:last-child a').focus()")
    browser.key("Tab", "Tab", 9)
    assert browser.js("document.activeElement.id") == "r-0"
    assert browser.js(TIP_SHOWN) is True
    assert browser.js("document.activeElement.getAttribute('aria-describedby')") == "tip"
    browser.key("Escape", "Escape", 27)
    assert browser.js(TIP_SHOWN) is False
    assert browser.js("document.activeElement.getAttribute('aria-describedby')") is None
    browser.key("Tab", "Tab", 9)
    assert browser.js("document.activeElement.id") == "r-1"
    assert browser.js(TIP_TEXT).split("\n") == _tip_lines(data["repairs"][1])


@pytest.mark.parametrize("name", ["sample", "synthetic"])
def test_every_tooltip_shows_its_repair(browser: Browser, pages, name: str) -> None:
    path, data = pages[name]
    browser.open(path.as_uri())
    texts = browser.js("[...document.querySelectorAll('mark.r')].sort((a, b) =>"
                       " a.id.slice(2) - b.id.slice(2)).map(m => { m.focus();"
                       " return document.getElementById('tip').innerText; })")
    assert len(texts) == len(data["repairs"])
    for text, repair in zip(texts, data["repairs"], strict=True):
        lines = text.split("\n")
        assert lines[:len(_tip_lines(repair))] == _tip_lines(repair)


def test_screenshot_for_readme(browser: Browser, pages) -> None:
    """The README's picture (docs/review.png is a copy): raw page beside, a tip shown."""
    path, data = pages["sample"]
    browser.open(path.as_uri(), width=1280, height=860)
    browser.js("document.getElementById('show-raw').click()")
    pick = next(i for i, r in enumerate(data["repairs"])
                if r["clean_start"] > data["outline"][0]["span"][0])
    browser.js(f"document.getElementById('r-{pick}').focus()")
    browser.js("window.scrollTo(0, 0)")
    assert browser.js("document.activeElement.id") == f"r-{pick}"
    browser.screenshot(ARTIFACTS / "review-sample-desktop.png")


def test_stepping_through_uncertain_repairs(browser: Browser, pages) -> None:
    path, data = pages["synthetic"]
    browser.open(path.as_uri(), width=1280, height=500)
    lows = [f"r-{i}" for i, r in enumerate(data["repairs"]) if r["low_confidence"]]
    in_page = browser.js("[...document.querySelectorAll('mark.r.low')].map(m => m.id)")
    assert sorted(in_page) == sorted(lows) and len(lows) == 3
    seen = []
    for _ in range(len(lows)):
        browser.js("document.getElementById('low-next').click()")
        seen.append(browser.js("document.activeElement.id"))
        assert browser.js("document.activeElement.classList.contains('current')")
        assert browser.js(TIP_SHOWN) is True
        focused = data["repairs"][int(seen[-1][2:])]
        assert browser.js(TIP_TEXT).split("\n")[:2] == _tip_lines(focused)[:2]
        top = browser.js("document.activeElement.getBoundingClientRect().top")
        assert 0 <= top <= 500
        assert browser.js("document.getElementById('low-status').textContent") == (
            f"{len(seen)} of {len(lows)}")
    assert seen == in_page
    browser.js("document.getElementById('low-next').click()")
    assert browser.js("document.activeElement.id") == in_page[0]
    browser.js("document.getElementById('low-prev').click()")
    assert browser.js("document.activeElement.id") == in_page[-1]
    browser.screenshot(ARTIFACTS / "review-synthetic-step.png")
    # what a screen reader gets for an uncertain repair: a focusable mark described by its tip
    lost = next(i for i, r in enumerate(data["repairs"]) if r["kind"] == "lost")
    assert "description" not in browser.accessibility(f"document.getElementById('r-{lost}')")
    browser.js(f"document.getElementById('r-{lost}').focus()")
    # focusing it moves the stepping on from there
    browser.js("document.getElementById('low-next').click()")
    assert browser.js("document.activeElement.id") == in_page[in_page.index(f"r-{lost}") + 1]
    browser.js(f"document.getElementById('r-{lost}').focus()")
    node = browser.accessibility(f"document.getElementById('r-{lost}')")
    assert node["role"]["value"] == "mark"
    assert node["name"]["value"] == "lost: 育"
    assert node["description"]["value"] == (
        "lost · low confidence 0.55 page had ? cleaned 育 runner-up 儿 0.20 note byte lost as ?")
    assert {"name": "focusable", "value": {"type": "booleanOrUndefined", "value": True}} in (
        node["properties"])


def test_kind_filter_and_raw_toggle(browser: Browser, pages) -> None:
    path, data = pages["synthetic"]
    browser.open(path.as_uri())
    annotations = sum(r["kind"] == "annotation" for r in data["repairs"])
    browser.js("document.querySelector('.kind-filter[value=annotation]').click()")
    off = browser.js("[...document.querySelectorAll('mark.r.off')].map(m => [m.tabIndex, "
                     "m.getClientRects().length, m.dataset.kind])")
    assert off == [[-1, 0, "annotation"]] * annotations
    assert browser.js("[...document.querySelectorAll('mark.r:not(.off)')]"
                      ".every(m => m.tabIndex === 0)")
    browser.js("document.querySelector('.kind-filter[value=annotation]').click()")
    assert browser.js("document.querySelectorAll('mark.r.off').length") == 0
    # stepping skips the uncertain repairs of a hidden kind
    browser.js("document.querySelector('.kind-filter[value=lost]').click()")
    lows = {f"r-{i}" for i, r in enumerate(data["repairs"])
            if r["low_confidence"] and r["kind"] != "lost"}
    stepped = set()
    for _ in range(3):
        browser.js("document.getElementById('low-next').click()")
        stepped.add(browser.js("document.activeElement.id"))
    assert stepped == lows
    assert browser.js("document.getElementById('low-status').textContent").endswith(
        f"of {len(lows)}")
    browser.js("document.querySelector('.kind-filter[value=lost]').click()")
    # raw page side by side: aligned by paragraph, one row per paragraph
    assert browser.js("getComputedStyle(document.querySelector('.raw')).display") == "none"
    browser.js("document.getElementById('show-raw').click()")
    rows = browser.js("[...document.querySelectorAll('#text .row[id]')].map(r => {"
                      "const c = r.children[0].getBoundingClientRect(),"
                      " w = r.children[1].getBoundingClientRect();"
                      " return [Math.round(c.top) === Math.round(w.top), c.right <= w.left,"
                      " r.children[1].textContent]; })")
    assert [r[:2] for r in rows] == [[True, True]] * len(rows)
    assert [r[2] for r in rows] == [p["text"] for p in data["source_paragraphs"]]
    browser.screenshot(ARTIFACTS / "review-synthetic-raw.png")


@pytest.mark.parametrize("name", ["sample", "synthetic"])
def test_phone_width(browser: Browser, pages, name: str) -> None:
    path, _ = pages[name]
    browser.open(path.as_uri(), width=375, height=812, mobile=True)
    assert browser.js("document.documentElement.scrollWidth") <= 375
    assert browser.js("document.querySelector('.outline details').open") is False
    browser.js("document.getElementById('show-raw').click()")
    assert browser.js("document.documentElement.scrollWidth") <= 375
    browser.js("document.querySelector('mark.r').focus()")
    assert browser.js(TIP_SHOWN) is True
    tip = browser.js("(() => { const t = document.getElementById('tip').getBoundingClientRect();"
                     " return [t.left, t.right, t.bottom]; })()")
    assert tip[0] >= 0 and tip[1] <= 375 and tip[2] <= 812
    browser.screenshot(ARTIFACTS / f"review-{name}-phone.png")

