"""Tests of evalkit.panel.quality: each finding of a small hand-made build, and the files.

The units are outside East China, so no common-break test runs; every other check has one
row planted with a known detail text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit.panel.quality import (
    COVERAGE_CSV,
    FINDING_COLUMNS,
    REPORT_CSV,
    REPORT_HTML,
    flagged_unit_years,
    quality_report,
)

FLAGS = ["interpolated", "rounded", "break_suspected", "conflict", "jump"]


def _panel() -> pd.DataFrame:
    rows = []
    for year, value in zip(range(2010, 2014), [10.0, 10.5, 21.0, 22.0], strict=True):
        rows.append({"unit_code": "110000", "unit_name": "北京市", "province_code": "110000",
                     "year": year, "indicator": "loans", "value": value,
                     "source": f"a.csv:{year - 2008}", "priority": 1,
                     **dict.fromkeys(FLAGS, False)})  # fmt: skip
    for year in (2010, 2011):
        rows.append({"unit_code": "120000", "unit_name": "天津市", "province_code": "120000",
                     "year": year, "indicator": "gdp", "value": 5000.0, "source": "b.csv:2",
                     "priority": 2, **dict.fromkeys(FLAGS, False)})  # fmt: skip
    frame = pd.DataFrame(rows)
    at = frame.set_index(["unit_code", "indicator", "year"]).index
    frame.loc[at == ("110000", "loans", 2012), ["jump", "break_suspected"]] = True
    frame.loc[at == ("110000", "loans", 2011), "interpolated"] = True
    frame.loc[at == ("110000", "loans", 2013), "interpolated"] = True
    frame.loc[at == ("120000", "gdp", 2011), "rounded"] = True
    return frame


def _report():
    panel = _panel()
    alternatives = pd.DataFrame({
        "unit_code": ["110000", "110000"], "year": [2010, 2011], "indicator": ["loans", "loans"],
        "alternative_value": [12.0, 10.51], "alternative_source": ["c.csv:5", "c.csv:6"],
        "kept_value": [10.0, 10.5], "kept_source": ["a.csv:2", "a.csv:3"],
        "relative_difference": [0.2, 0.001], "conflict": [True, False],
    })  # fmt: skip
    unplaced = pd.DataFrame({"file": ["d.csv"], "source_code": ["110108"],
                             "source_name": ["海淀区"], "match": ["county_level"], "rows": [3],
                             "first_year": [2010], "last_year": [2012]})  # fmt: skip
    notes = {"a.csv": ["a.csv: row 7: '1,2' read as 1.2"]}
    detected = pd.Series(panel.index == 3, index=panel.index)  # loans 2013, source-flagged too
    return quality_report(panel, alternatives, unplaced, notes, detected)


def _details(report, check: str) -> list[str]:
    return report.findings.loc[report.findings["check"] == check, "detail"].tolist()


def test_one_finding_per_planted_problem_with_its_detail():
    report = _report()
    assert list(report.findings.columns) == FINDING_COLUMNS
    assert _details(report, "break_suspected") == ["level shift from 10.5 in 2011 to 21"]
    assert _details(report, "jump") == [f"log change {np.log(21 / 10.5):+.3f} from the year before"]
    assert _details(report, "conflict") == ["alternative 12 from c.csv:5 (rel. diff 0.2000)"]
    assert _details(report, "secondary_source") == ["primary source has no value"] * 2
    assert _details(report, "rounded") == [
        "far fewer significant digits than the column's other values"
    ]
    assert _details(report, "unplaced") == ["county_level: 3 row(s) 2010-2012 not placed on a city"]
    assert _details(report, "reader_note") == ["a.csv: row 7: '1,2' read as 1.2"]
    assert "common_break" not in set(report.findings["check"])


def test_interpolation_found_by_the_series_check_is_not_also_listed_as_source_flagged():
    findings = _report().findings.set_index("check")
    assert findings.loc[["interpolated_by_source"], "year"].tolist() == [2011]
    assert findings.loc[["interpolated_unflagged"], "year"].tolist() == [2013]


def test_conflict_row_names_the_kept_value_source_and_city():
    conflict = _report().findings.query("check == 'conflict'").iloc[0]
    assert (conflict["unit_name"], conflict["value"], conflict["source"]) == (
        "北京市", 10.0, "a.csv:2"
    )  # fmt: skip


def test_counts_jump_counts_and_coverage():
    report = _report()
    assert report.counts().to_dict() == {
        "break_suspected": 1, "conflict": 1, "interpolated_by_source": 1,
        "interpolated_unflagged": 1, "jump": 1, "reader_note": 1, "rounded": 1,
        "secondary_source": 2, "unplaced": 1,
    }  # fmt: skip
    assert report.jump_counts().to_dict("records") == [
        {"indicator": "loans", "jumps": 1, "cities": 1}
    ]
    assert report.coverage.loc["loans"].tolist() == [1, 1, 1, 1]
    assert report.coverage.loc["gdp"].tolist() == [1, 1, 0, 0]


def test_written_files_read_back_to_the_same_findings(tmp_path):
    report = _report()
    report.write(tmp_path)
    back = pd.read_csv(tmp_path / REPORT_CSV, dtype={"unit_code": str}, keep_default_na=False)
    assert back["check"].tolist() == report.findings["check"].tolist()
    assert back["detail"].tolist() == report.findings["detail"].tolist()
    coverage = pd.read_csv(tmp_path / COVERAGE_CSV, index_col=0)
    assert coverage.to_numpy().tolist() == report.coverage.to_numpy().tolist()
    page = (tmp_path / REPORT_HTML).read_text("utf-8")
    assert "<h2>Cross-source conflicts (largest relative differences) (1)</h2>" in page
    assert "<h2>Rows on no prefecture-level city (1)</h2>" in page


def test_flagged_years_ignore_the_registered_break_into_the_window():
    # night lights have a consistent window from 2013 (series_breaks.csv): the jump into
    # 2013 is the registered break, not a flagged year; 2015 is
    rows = pd.DataFrame({"unit_code": "330100", "unit_name": "杭州市", "indicator": "night_lights",
                         "year": range(2012, 2017), "value": 1.0, "jump": False,
                         "break_suspected": False})  # fmt: skip
    rows.loc[rows["year"].isin([2013, 2015]), "jump"] = True
    check = flagged_unit_years(rows, "night_lights", (2013, 2016))
    assert check.drop().values.tolist() == [["330100", 2015]]
    assert (check.unit_years, check.share, check.warn) == (4, 0.25, True)
    assert flagged_unit_years(rows, "night_lights", (2013, 2016), units=["330200"]).share == 0.0


def _city_rows(values: dict[tuple[str, int], float], **flags: bool) -> list[dict]:
    """Long rows of 杭州 (one unit) from ``{(indicator, year): value}``."""
    base = {"unit_code": "330100", "unit_name": "杭州市", "province_code": "330000",
            "source": "f.csv:2", **dict.fromkeys(FLAGS, False), **flags}  # fmt: skip
    return [
        {**base, "indicator": indicator, "year": year, "value": value}
        for (indicator, year), value in values.items()
    ]


def test_flagged_share_counts_unit_years_with_a_flag() -> None:
    rows = _city_rows({("loans", y): 1.0 for y in range(2010, 2020)})
    frame = pd.DataFrame(rows)
    frame.loc[frame["year"] == 2012, "jump"] = True
    frame.loc[frame["year"] == 2015, "break_suspected"] = True
    frame.loc[frame["year"] == 2019, "jump"] = True  # outside the window
    check = flagged_unit_years(frame, "loans", (2010, 2018))
    assert (check.unit_years, len(check.flagged), check.share) == (9, 2, 2 / 9)
    assert check.warn
    assert check.drop().values.tolist() == [["330100", 2012], ["330100", 2015]]
    assert check.tidy()["flagged"].iloc[0] == 2
    assert not flagged_unit_years(frame, "loans", (2016, 2018)).warn
