"""Issue 20: the index is built from the reports on disk, and the skip check trusts hashes.

The index once listed only the reports of the current run, marked good reports as failed when
a re-render failed, and dropped an emptied report that the skip check called unchanged.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit import config
from evalkit.i18n import text
from evalkit.render.batch import write_batch_index
from evalkit.render.index import headline_text, index_html, reports_on_disk, write_index
from evalkit.render.index_data import ResultsContractError, city_rows, display_values
from evalkit.render.render import render_batch
from evalkit.report.verdict import format_p_value

TINY = config.PROJECT_ROOT / "tests" / "render" / "fixtures" / "tiny.ipynb"
pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]


def _render(jobs, output, **options):
    summary = render_batch(
        jobs, notebook=TINY, output_dir=output, n_jobs=1, progress=False, **options
    )
    write_batch_index(summary, output, language="en")
    return summary


def _linked(output: Path) -> list[str]:
    page = (output / "index.html").read_text(encoding="utf-8")
    return re.findall(r"<a href='([^']*)/report.html'>", page)


def test_subset_render_keeps_every_report_on_disk_in_the_index(tmp_path):
    _render({"a": {"value": 1}, "b": {"value": 2}, "c": {"value": 3}}, tmp_path)
    summary = _render({"a": {"value": 4}}, tmp_path)
    assert [o.name for o in summary.outcomes] == ["a"]
    assert _linked(tmp_path) == ["a", "b", "c"]
    assert reports_on_disk(tmp_path)["a"] == {"double": 8, "value": 4}


def test_failed_render_keeps_the_good_report_in_the_index(tmp_path):
    _render({"a": {"value": 1}}, tmp_path)
    summary = _render({"a": {"value": 2, "fail": True}, "new": {"fail": True}}, tmp_path)
    assert [o.name for o in summary.failed] == ["a", "new"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert _linked(tmp_path) == ["a", "new"]
    failed = text("failed", "en", error="cell 2")
    assert page.count(failed) == 1  # only "new", which has no report on disk
    assert reports_on_disk(tmp_path) == {"a": {"double": 2, "value": 1}}


def test_emptied_report_is_rendered_again_not_unchanged(tmp_path):
    _render({"a": {"value": 1}}, tmp_path)
    page = tmp_path / "a" / "report.html"
    original = page.read_bytes()
    page.write_bytes(b"")
    assert reports_on_disk(tmp_path) == {}  # a damaged report is not listed as good
    summary = _render({"a": {"value": 1}}, tmp_path)
    assert [o.skipped for o in summary.outcomes] == [False]
    assert page.read_bytes() == original
    assert _linked(tmp_path) == ["a"]
    again = _render({"a": {"value": 1}}, tmp_path)
    assert [o.skipped for o in again.outcomes] == [True]


def test_corrupt_manifest_is_rendered_again_without_a_traceback(tmp_path):
    _render({"a": {"value": 1}}, tmp_path)
    (tmp_path / "a" / "manifest.json").write_text("{", encoding="utf-8")
    summary = _render({"a": {"value": 1}}, tmp_path)
    assert [(o.ok, o.skipped) for o in summary.outcomes] == [(True, False)]


def test_report_made_from_a_changed_panel_is_not_unchanged(tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    processed.mkdir()
    shutil.copyfile(config.PROCESSED_DIR / "inputs.json", processed / "inputs.json")
    panel = processed / "panel.parquet"
    panel.write_bytes(b"the panel")
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    output = tmp_path / "reports"
    skipped = []
    for content in (b"the panel", b"the panel", b"an edited panel", b"the panel", b"the panel"):
        panel.write_bytes(content)
        summary = _render({"a": {"value": 1}}, output)
        skipped.append(summary.outcomes[0].skipped)
    assert skipped == [False, True, False, False, True]


# --- the index against the results.json contract (fixtures: 11 cities, pooled, 两创) ---

FIXTURES = config.PROJECT_ROOT / "tests" / "render" / "fixtures" / "index_reports"


def _fixture_reports() -> dict:
    return {
        path.parent.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES.glob("*/results.json"))
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index")
    write_index(_fixture_reports(), folder / "index.html")
    return folder


def _brute_force_bh(p_values: list[float]) -> list[float]:
    m = len(p_values)
    ranks = {i: sum(p <= p_values[i] for p in p_values) for i in range(m)}
    return [
        min(1.0, min(p_values[j] * m / ranks[j] for j in range(m) if p_values[j] >= p_values[i]))
        for i in range(m)
    ]


def test_both_languages_written_and_linked_to_each_other(pages):
    zh = (pages / "index.html").read_text(encoding="utf-8")
    en = (pages / "index.en.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert 'href="index.en.html" hreflang="en">英文版 English<' in zh
    assert 'href="index.html" hreflang="zh">中文 Chinese version<' in en
    for page in (zh, en):
        linked = _linked_in(page)
        assert set(linked) == set(_fixture_reports()) - {"make_fixtures"}
        assert page.count("data:image/png;base64,") == 6  # forest + map for 3 outcomes
    # the reports are in Chinese: the English index says so at each link
    assert en.count("</a> (in Chinese)") == len(_linked_in(en)) == 33 + 3 + 3
    assert "（中文）" not in zh


def _linked_in(page: str) -> list[str]:
    return re.findall(r"<a href='([^']*)/report.html'>", page)


def test_city_rows_sorted_by_bh_q_values_of_all_city_outcome_tests():
    reports = _fixture_reports()
    rows = city_rows(reports, "city")
    assert len(rows) == 11 * 3
    p_values = rows["p_value"].tolist()
    assert rows["q_value"].tolist() == pytest.approx(_brute_force_bh(p_values))
    assert rows["q_value"].is_monotonic_increasing
    page = index_html(reports, language="en")
    table = page.split("City x outcome tests")[1].split("</table>")[0]
    assert table.count("class='q-strong'") == int((rows["q_value"] < 0.05).sum())
    first = table.split("<tbody>")[1].split("</tr>")[0]
    top = rows.iloc[0]
    assert f"{top['folder']}/report.html" in first
    assert html.escape(format_p_value(top["q_value"])) in first


def test_headline_in_percent_for_log_outcomes_and_units_for_ratios():
    reports = _fixture_reports()
    hangzhou = {h["outcome"]: h for h in reports["330100"]["headlines"]}
    loans, ratio = hangzhou["loans"], hangzhou["loans_to_gdp"]
    shown = display_values(loans)
    assert shown["estimate"] == pytest.approx(math.expm1(0.18) * 100)
    text_loans = headline_text(shown, "log")
    assert text_loans == (
        f"{math.expm1(0.18) * 100:+.1f}% [{loans['conf_low_pct'] * 100:+.1f}%, "
        f"{loans['conf_high_pct'] * 100:+.1f}%]"
    )
    assert headline_text(display_values(ratio), "ratio") == (
        f"{ratio['estimate']:+.3f} [{ratio['conf_low']:+.3f}, {ratio['conf_high']:+.3f}]"
    )
    page = index_html(reports, language="en")
    assert text_loans in page and "effect detected (intended direction)" in page
    assert "effect detected (against the intended direction)" in page  # 嘉兴's secondary VA


def test_smallest_attainable_p_and_pretrend_gate_are_said():
    reports = _fixture_reports()
    rows = city_rows(reports, "city")
    page = index_html(reports, language="en")
    floors = rows["smallest_p"].gt(0.05).sum()
    assert floors > 0
    assert page.count("0.2500 (cannot reject at 5%)") == floors
    gated = rows["interpretable"].eq(False).sum()
    assert gated == 3  # 舟山 fails its pre-trend test on every outcome
    assert page.count("not interpretable under parallel trends") == gated
    zh = index_html(reports, language="zh")
    assert zh.count("（5% 水平下无法拒绝）") == floors
    assert zh.count("平行趋势下不可解释") == gated


def test_pooled_reports_listed_by_title_with_headline_and_liangchuang_section():
    reports = _fixture_reports()
    zh = index_html(reports, language="zh")
    assert ">浙江省小微企业三年成长计划：全省合并估计</a>" in zh  # results.json "title"
    assert ">计划、示范认定与目标</a>" in zh  # no title: the translated name
    assert "province_did</a>" not in zh
    pooled = reports["province_did"]["headlines"][0]
    assert headline_text(display_values(pooled), "log") in zh
    section = zh.split("两创示范城市报告")[1]
    for code, name in (("140100", "太原市"), ("210100", "沈阳市"), ("440300", "深圳市")):
        assert f"<a href='liangchuang_demo_{code}/report.html'>{name}</a>" in section
    # the English page titles the zh-titled report by its translated name, marked (in Chinese)
    en = index_html(reports, language="en")
    assert "vs other East China cities: the DiD toolbox</a> (in Chinese)" in en


def test_missing_contract_key_names_folder_key_and_fix():
    reports = _fixture_reports()
    del reports["330400"]["headlines"][1]["mde"]
    with pytest.raises(ResultsContractError) as error:
        index_html(reports, language="zh")
    assert str(error.value) == (
        "reports/330400/results.json: headline 2 (outcome 'loans_to_gdp') lacks contract "
        "key(s) 'mde'; the index needs every key of the results.json contract (see "
        "publish_results); fix: re-render this report (`evalkit render`) with the current code"
    )


def test_old_shape_headlines_are_refused_not_shown():
    old = {"city_name": "杭州市", "headlines": [{"outcome": "loans", "city_estimate": 0.1}]}
    with pytest.raises(ResultsContractError, match=r"reports/330100/results\.json: headline 1"):
        index_html({"330100": old}, language="zh")
    with pytest.raises(ResultsContractError, match="key 'headlines' missing"):
        index_html({"330100": {"city_name": "杭州市"}}, language="zh")


def test_index_bytes_are_stable_across_processes(pages, tmp_path):
    again = tmp_path / "again"
    again.mkdir()
    script = (
        "import json, pathlib, sys; from evalkit.render.index import write_index;"
        f"base = pathlib.Path({str(FIXTURES)!r});"
        "r = {p.parent.name: json.loads(p.read_text(encoding='utf-8'))"
        " for p in sorted(base.glob('*/results.json'))};"
        "write_index(r, pathlib.Path(sys.argv[1]) / 'index.html')"
    )
    subprocess.run([sys.executable, "-c", script, str(again)], check=True)
    for name in ("index.html", "index.en.html"):
        assert (again / name).read_bytes() == (pages / name).read_bytes()


def test_browser_check_passes_on_both_index_pages(pages):
    from evalkit.render.browser import BrowserMissingError, check_pages

    try:
        checks = check_pages([pages / "index.html", pages / "index.en.html"])
    except BrowserMissingError as error:
        pytest.skip(str(error))
    assert [(c.page.name, c.problems) for c in checks] == [
        ("index.html", ()),
        ("index.en.html", ()),
    ]
    assert [c.n_images for c in checks] == [6, 6]


def test_a_pooled_headline_whose_pre_trend_test_rejects_says_so_beside_its_verdict():
    reports = _fixture_reports()
    first = reports["province_did"]["headlines"][0]
    first.update(pretrend_p=0.0031, interpretable=False)
    items = {
        language: re.findall(r"<li>([^<]*)</li>", index_html(reports, language=language))
        for language in ("zh", "en")
    }
    assert items["en"][0].endswith(
        "; Pre-trend test: rejects (p = 0.0031): not interpretable under parallel trends"
    )
    assert items["zh"][0].endswith("；事前趋势检验：拒绝（p = 0.0031）：平行趋势下不可解释")
    assert "Pre-trend" not in items["en"][1]  # the interpretable ones are left as they were


def test_a_pre_trend_p_below_the_floor_reads_p_less_than():
    reports = _fixture_reports()
    reports["province_did"]["headlines"][0].update(pretrend_p=3e-7, interpretable=False)
    shown = html.unescape(index_html(reports, language="en"))
    assert "rejects (p < 0.0001)" in shown and "p = <" not in shown
