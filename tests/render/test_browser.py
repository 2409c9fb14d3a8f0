"""Open rendered reports in headless Chromium: the page checks of evalkit.render.browser.

Skipped, with the reason, where ``chromium`` is not installed (``make test`` installs it).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from evalkit.config import PROJECT_ROOT, REPORTS_DIR, data_dir
from evalkit.render.browser import BrowserMissingError, check_pages, chromium_binary
from evalkit.render.index_data import POOLED_NOTEBOOKS

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]

CITY = "330100"
# a 1x1 transparent PNG
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d605bb0000000049454e44ae426082"
    )
).decode()


@pytest.fixture(scope="session", autouse=True)
def chromium():
    try:
        return chromium_binary()
    except BrowserMissingError as error:
        pytest.skip(str(error))


def _page(tmp_path: Path, name: str, body: str, *, title: str = "报告", lang: str = "zh-CN"):
    page = tmp_path / name
    page.write_text(
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return page


def test_clean_page_passes_and_gets_a_screenshot(tmp_path):
    page = _page(
        tmp_path,
        "ok.html",
        f"<h1>杭州市</h1><p>效应 3.1%</p><img src='data:image/png;base64,{PIXEL}'>",
    )
    (check,) = check_pages([page])
    assert check.ok, check.problems
    assert (check.language, check.title, check.n_images) == ("zh", "报告", 1)
    assert check.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_each_defect_is_named(tmp_path):
    page = _page(
        tmp_path, "bad.html",
        "<p>log_night_lights</p><p>14 non-positive value(s) cannot be logged</p>"
        "<img src='missing.png'><script>console.error('deliberate'); notDefined();</script>",
        title="Notebook",
    )  # fmt: skip
    (check,) = check_pages([page], screenshots=False)
    assert not check.ok
    problems = "\n".join(check.problems)
    assert "no real <title> (got 'Notebook')" in problems
    assert "image did not load: missing.png" in problems
    assert "raw identifier: log_night_lights" in problems
    assert "not zh: non-positive value(s) cannot be logged" in problems
    assert "console: console.error: deliberate" in problems
    assert "ReferenceError: notDefined is not defined" in problems


def test_english_page_flags_chinese_only_text(tmp_path):
    page = _page(
        tmp_path, "en.html", "<table><tr><td>Outcome</td><td>夜间灯光</td></tr></table>", lang="en"
    )
    (check,) = check_pages([page], screenshots=False)
    assert check.untranslated == ("夜间灯光",)


@pytest.fixture(scope="session")  # session: xdist may interleave modules
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``reports/`` when it holds the index and the city; otherwise one city rendered now."""
    if (REPORTS_DIR / "index.html").is_file() and (REPORTS_DIR / CITY / "report.html").is_file():
        return REPORTS_DIR
    from evalkit.panel import load_summary
    from evalkit.render.batch import render_city_reports

    folder = tmp_path_factory.mktemp("site")
    summary = render_city_reports(
        load_summary(), [CITY], output_dir=folder, render_options={"progress": False, "n_jobs": 1}
    )
    assert not summary.failed, summary.summary()
    return folder


@pytest.mark.parametrize("page", ["index.html", f"{CITY}/report.html"])
def test_report_pages_load_without_console_errors(site, page, tmp_path):
    (check,) = check_pages([site / page])
    assert check.console_errors == (), f"{page}: console errors in Chromium"
    assert check.broken_images == ()
    assert check.title.strip() not in ("", "Notebook")
    assert check.height > 300
    assert check.raw_identifiers == (), f"{page}: raw identifiers a reader should not see"


def test_every_report_is_rendered_and_holds_no_machine_paths(site):
    # the pooled reports print library summaries; a path of this machine would make them differ
    # from a reviewer's rerun (the plan registry's summary once printed its absolute folder)
    pages = sorted(site.glob("*/report.html"))
    assert {CITY, *POOLED_NOTEBOOKS} <= {page.parent.name for page in pages}
    machine = [str(PROJECT_ROOT), str(data_dir())]
    for page in [*pages, site / "index.html"]:
        html = page.read_text(encoding="utf-8")
        assert [path for path in machine if path in html] == [], page
