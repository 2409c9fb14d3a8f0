"""Open the index and one city report in headless Chromium: no console errors, screenshots.

Chromium is driven through the DevTools protocol on a pipe (``--remote-debugging-pipe``: file
descriptors 3 and 4, NUL-terminated JSON), so no extra Python package is needed. Errors are
``console.error`` calls, uncaught exceptions and the browser's own error log entries (a failed
resource load, a blocked script). Screenshots of the whole page go to
``reports/_screenshots/``. Skipped, with the reason, where ``chromium`` is not installed.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from evalkit.config import PROJECT_ROOT, REPORTS_DIR, data_dir
from evalkit.report.batch import POOLED_NOTEBOOKS

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]

CITY = "330100"
SCREENSHOTS = REPORTS_DIR / "_screenshots"
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


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").is_file() else None
        )
        if path:
            return path
    pytest.skip(
        "chromium not installed: the browser check needs Debian's `chromium` package "
        "(apt-get install chromium) and a CJK font (fonts-wqy-microhei)"
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
    """The console errors, uncaught exceptions and error log entries among DevTools events."""
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


def screenshot(page: Path, target: Path, tmp_path: Path) -> list[str]:
    """Load ``page``, save a full-page PNG screenshot to ``target``, return its errors."""
    browser = DevTools(_chromium(), tmp_path / f"profile-{target.stem}")
    try:
        targets = browser.send("Target.getTargets")["targetInfos"]
        page_target = next(t for t in targets if t["type"] == "page")
        session = browser.send(
            "Target.attachToTarget", targetId=page_target["targetId"], flatten=True
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            browser.send(f"{domain}.enable", session)
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=WIDTH,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        browser.events.clear()
        browser.send("Page.navigate", session, url=page.resolve().as_uri())
        browser.wait_for("Page.loadEventFired")
        browser.settle(1.5)
        size = browser.send("Page.getLayoutMetrics", session)["cssContentSize"]
        image = browser.send(
            "Page.captureScreenshot",
            session,
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": WIDTH, "height": size["height"], "scale": 1},
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(image["data"]))
        return console_errors(browser.events)
    finally:
        browser.close()


@pytest.fixture(scope="session")  # session: xdist may interleave modules
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``reports/`` when it holds the index and the city; otherwise one city rendered now."""
    if (REPORTS_DIR / "index.html").is_file() and (REPORTS_DIR / CITY / "report.html").is_file():
        return REPORTS_DIR
    from evalkit.panel import load_summary
    from evalkit.report.batch import render_city_reports

    folder = tmp_path_factory.mktemp("site")
    summary = render_city_reports(
        load_summary(), [CITY], output_dir=folder, render_options={"progress": False, "n_jobs": 1}
    )
    assert not summary.failed, summary.summary()
    return folder


def test_devtools_client_reports_console_errors_and_exceptions(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><p>x</p><script>console.error('deliberate');"
        "console.log('fine'); notDefined();</script></body></html>",
        encoding="utf-8",
    )
    errors = screenshot(page, tmp_path / "broken.png", tmp_path)
    assert errors[0] == "console.error: deliberate"
    assert errors[1].startswith("exception: ReferenceError: notDefined is not defined")
    assert len(errors) == 2
    assert (tmp_path / "broken.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("page", ["index.html", f"{CITY}/report.html"])
def test_report_pages_load_without_console_errors(site, page, tmp_path):
    name = page.replace("/", "_").removesuffix(".html")
    target = SCREENSHOTS / f"{name}.png"
    errors = screenshot(site / page, target, tmp_path)
    assert errors == [], f"{page}: console errors in Chromium:\n" + "\n".join(errors)
    header = target.read_bytes()[:24]
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width == WIDTH
    assert height > 300


def test_every_report_is_rendered_and_holds_no_machine_paths(site):
    # the pooled reports print library summaries; a path of this machine would make them differ
    # from a reviewer's rerun (the plan registry's summary once printed its absolute folder)
    pages = sorted(site.glob("*/report.html"))
    assert {CITY, *POOLED_NOTEBOOKS} <= {page.parent.name for page in pages}
    machine = [str(PROJECT_ROOT), str(data_dir())]
    for page in [*pages, site / "index.html"]:
        html = page.read_text(encoding="utf-8")
        assert [path for path in machine if path in html] == [], page
