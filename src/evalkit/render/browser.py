"""Open rendered reports in headless Chromium and check what a reader sees.

Chromium is driven through the DevTools protocol on a pipe (``--remote-debugging-pipe``: file
descriptors 3 and 4, NUL-terminated JSON), so no extra Python package is needed. For every page
:func:`check_page` records the ``<title>``, images that failed to load, console errors
(``console.error`` calls, uncaught exceptions, the browser's own error log), raw identifiers
and text in the wrong language (:mod:`evalkit.render.page_rules`), and saves a full-page
screenshot beside the report (``report.png``).

Run on a folder of reports: ``python -m evalkit.render.browser reports`` (``make check-reports``).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from evalkit.errors import EvalkitError
from evalkit.i18n import check_language
from evalkit.render.page_rules import raw_identifiers, untranslated

WIDTH = 1280
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--hide-scrollbars",
)
_PAGE_FACTS = """JSON.stringify({
  title: document.title,
  lang: document.documentElement.lang || "",
  text: document.body ? document.body.innerText : "",
  broken: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)
               .map(i => (i.getAttribute("src") || "").slice(0, 80)),
  images: document.images.length,
})"""


class BrowserMissingError(EvalkitError):
    """Chromium is not installed."""


def chromium_binary() -> str:
    """Return the path of the Chromium binary; raise BrowserMissingError when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").is_file() else None
        )
        if path:
            return path
    raise BrowserMissingError(
        "chromium not installed: the browser check needs Debian's `chromium` package "
        "(apt-get install chromium, done by `make test` as root) and a CJK font "
        "(fonts-wqy-microhei)"
    )


class DevTools:
    """A minimal DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        pipe_ends = (to_browser_read, from_browser_write)

        def wire_pipes() -> None:  # runs in the child: the protocol wants fds 3 and 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in pipe_ends]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes,
            close_fds=False,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_browser], [], [], remaining)[0]:
                raise TimeoutError("chromium did not answer on the DevTools pipe")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, session: str | None = None, timeout: float = 30, **params):
        """Send one command and return its result; events read meanwhile are kept."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        """Read events until one named ``method`` arrives."""
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read(deadline))

    def settle(self, seconds: float) -> None:
        """Collect events for ``seconds`` (late script errors, resource loads)."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read(deadline))
        except TimeoutError:
            pass

    def close(self) -> None:
        """Close the browser and the pipes."""
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._to_browser)
        os.close(self._from_browser)


def console_errors(events: list[dict]) -> list[str]:
    """Return the console errors, uncaught exceptions and error log entries among events."""
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            errors.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append(f"exception: {details.get('exception', {}).get('description', details)}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            errors.append(f"{entry['source']} error: {entry['text']} {entry.get('url', '')}")
    return errors


@dataclass(frozen=True)
class PageCheck:
    """What a reader sees on one page, and what is wrong with it."""

    page: Path
    language: str
    title: str
    n_images: int
    height: int
    broken_images: tuple[str, ...] = ()
    console_errors: tuple[str, ...] = ()
    raw_identifiers: tuple[str, ...] = ()
    untranslated: tuple[str, ...] = ()
    screenshot: Path | None = None
    problems: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        problems = []
        if not self.title.strip() or self.title.strip() == "Notebook":
            problems.append(f"no real <title> (got {self.title!r})")
        problems += [f"image did not load: {src}" for src in self.broken_images]
        problems += [f"console: {error}" for error in self.console_errors]
        problems += [f"raw identifier: {ident}" for ident in self.raw_identifiers]
        problems += [f"not {self.language}: {snippet[:80]}" for snippet in self.untranslated]
        object.__setattr__(self, "problems", tuple(problems))

    @property
    def ok(self) -> bool:
        """True when the page has no problem."""
        return not self.problems


def _attach(browser: DevTools) -> str:
    targets = browser.send("Target.getTargets")["targetInfos"]
    page_target = next(t for t in targets if t["type"] == "page")
    session = browser.send("Target.attachToTarget", targetId=page_target["targetId"], flatten=True)[
        "sessionId"
    ]
    for domain in ("Page", "Runtime", "Log"):
        browser.send(f"{domain}.enable", session)
    browser.send(
        "Emulation.setDeviceMetricsOverride", session, width=WIDTH, height=900,
        deviceScaleFactor=1, mobile=False,
    )  # fmt: skip
    return session


def _visit(browser: DevTools, session: str, page: Path, screenshot: Path | None) -> dict:
    browser.events.clear()
    browser.send("Page.navigate", session, url=page.resolve().as_uri())
    browser.wait_for("Page.loadEventFired")
    browser.settle(1.0)
    facts = json.loads(
        browser.send("Runtime.evaluate", session, expression=_PAGE_FACTS)["result"]["value"]
    )
    size = browser.send("Page.getLayoutMetrics", session)["cssContentSize"]
    facts["height"] = int(size["height"])
    if screenshot is not None:
        image = browser.send(
            "Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": WIDTH, "height": size["height"], "scale": 1},
        )  # fmt: skip
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(base64.b64decode(image["data"]))
    facts["errors"] = console_errors(browser.events)
    return facts


def check_pages(
    pages: list[Path],
    *,
    language: str | None = None,
    screenshots: bool = True,
    proper_names: frozenset[str] = frozenset(),
) -> list[PageCheck]:
    """Open each page in one headless Chromium and check it.

    Parameters
    ----------
    pages : list of pathlib.Path
        HTML files.
    language : {"zh", "en"}, optional
        The pages' language; default each page's ``<html lang>`` (``zh-CN`` counts as zh).
    screenshots : bool
        Save a full-page PNG beside each page (``<name>.png``).
    proper_names : frozenset of str
        Chinese names allowed on English pages besides the official-name patterns.

    Returns
    -------
    list of PageCheck

    Raises
    ------
    BrowserMissingError
        If Chromium is not installed.
    """
    if language is not None:
        check_language(language)
    results = []
    with tempfile.TemporaryDirectory(prefix="evalkit-chromium-") as profile:
        browser = DevTools(chromium_binary(), Path(profile))
        try:
            session = _attach(browser)
            for page in pages:
                shot = page.with_suffix(".png") if screenshots else None
                facts = _visit(browser, session, page, shot)
                page_language = language or ("zh" if facts["lang"].startswith("zh") else "en")
                results.append(
                    PageCheck(
                        page=page, language=page_language, title=facts["title"],
                        n_images=facts["images"], height=facts["height"],
                        broken_images=tuple(facts["broken"]),
                        console_errors=tuple(facts["errors"]),
                        raw_identifiers=tuple(raw_identifiers(facts["text"])),
                        untranslated=tuple(
                            untranslated(facts["text"], page_language, proper_names=proper_names)
                        ),
                        screenshot=shot,
                    )
                )  # fmt: skip
        finally:
            browser.close()
    return results


def report_pages(folder: Path) -> list[Path]:
    """Return the index pages and every ``*/report.html`` of a reports folder, sorted."""
    return sorted([*folder.glob("index*.html"), *folder.glob("*/report.html")])


def main(argv: list[str] | None = None) -> int:
    """Check every page of a reports folder; print one line per page; exit 1 on a problem."""
    folder = Path((argv if argv is not None else sys.argv[1:] or ["reports"])[0])
    pages = report_pages(folder)
    if not pages:
        print(f"no reports in {folder}: render them first (make reports)", file=sys.stderr)
        return 1
    try:
        checks = check_pages(pages)
    except BrowserMissingError as error:
        print(error, file=sys.stderr)
        return 1
    for check in checks:
        status = "ok" if check.ok else f"{len(check.problems)} problem(s)"
        print(f"{check.page.relative_to(folder)}: {status}; title {check.title!r}; "
              f"{check.n_images} image(s); {check.height} px")  # fmt: skip
        for problem in check.problems:
            print(f"  - {problem}")
    failed = sum(not check.ok for check in checks)
    print(f"{len(checks) - failed} of {len(checks)} page(s) pass; screenshots beside each page")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
