"""Derived indicators, jump flags, the night-lights break and user data on one real build.

One build (with the user-data fixture folder) serves every test here; the per-file reader
cache of data/processed/ is copied in when present, since it is keyed by file content and
code, so the build reads unchanged raw files from it.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit.config import PROCESSED_DIR
from evalkit.panel import build, common_breaks, flagged_unit_years, outcome_columns, series_breaks
from evalkit.panel.flags import JUMP_LOG
from evalkit.regions import EAST_CHINA, ZHEJIANG

USER = Path(__file__).parent / "byo_inputs" / "good"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    output = tmp_path_factory.mktemp("processed")
    if (PROCESSED_DIR / ".cache").is_dir():
        shutil.copytree(PROCESSED_DIR / ".cache", output / ".cache")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = build(output_dir=output, user_dir=USER)
    return panel, output


def _value(frame: pd.DataFrame, code: str, year: int, indicator: str) -> pd.Series:
    rows = frame[(frame["unit_code"] == code) & (frame["year"] == year)
                 & (frame["indicator"] == indicator)]  # fmt: skip
    assert len(rows) == 1, (code, year, indicator)
    return rows.iloc[0]


def test_the_readers_examples_of_noisy_years_are_flagged(built) -> None:
    frame = built[0].frame
    for code, year in (("330100", 2018), ("330200", 2017), ("340200", 2015)):
        row = _value(frame, code, year, "urban_individual_workers")
        before = _value(frame, code, year - 1, "urban_individual_workers")
        assert abs(np.log(row["value"] / before["value"])) > JUMP_LOG
        assert row["jump"], (code, year)
    # 杭州 2017 (+12%) is an ordinary year
    assert not _value(frame, "330100", 2017, "urban_individual_workers")["jump"]


def test_jump_counts_match_a_brute_force_count(built) -> None:
    panel, output = built
    report = pd.read_csv(output / "quality_report.csv", dtype={"unit_code": str})
    counted = report[report["check"] == "jump"].groupby("indicator").size()
    frame = panel.frame.set_index(["unit_code", "indicator", "year"])["value"].to_dict()
    for indicator in ("urban_individual_workers", "loans", "employees"):
        expected = 0
        for (code, name, year), value in frame.items():
            previous = frame.get((code, name, year - 1))
            if name == indicator and previous and previous > 0 and value > 0:
                expected += abs(np.log(value / previous)) > JUMP_LOG
        assert counted[indicator] == expected, indicator


def test_individual_worker_share_is_computed_flagged_and_sourced(built) -> None:
    frame = built[0].frame
    share = _value(frame, "330100", 2018, "individual_worker_share")
    workers = _value(frame, "330100", 2018, "urban_individual_workers")["value"]
    employed = _value(frame, "330100", 2018, "employed_persons")["value"]
    assert share["value"] == pytest.approx(100 * workers / (workers + employed), rel=1e-12)
    assert share["jump"]  # inherited from the worker count's jump
    assert share["source"] == ("derived:individual_worker_share = 100 * urban_individual_workers"
                               " / (urban_individual_workers + employed_persons)")  # fmt: skip
    ratio = _value(frame, "330400", 2019, "loans_to_gdp")
    loans = _value(frame, "330400", 2019, "loans")["value"]
    gdp = _value(frame, "330400", 2019, "gdp")
    assert ratio["value"] == pytest.approx(loans / gdp["value"], rel=1e-12)
    assert ratio["conflict"] == gdp["conflict"] or ratio["conflict"]


def test_default_outcomes_cover_every_east_china_city_to_2023(built) -> None:
    from evalkit.plans.outcomes import DEFAULT_OUTCOMES
    from evalkit.plans.outcomes import outcome_columns as columns_of

    panel = built[0]
    units = panel.units[panel.units["province_code"].isin(EAST_CHINA)]
    current = units[units["unit_code"] != "341400"]  # 巢湖, abolished 2011
    columns = columns_of(panel, DEFAULT_OUTCOMES)
    assert list(columns.columns) == ["unit_code", "year", "log_loans", "loans_to_gdp",
                                     "log_va_secondary"]  # fmt: skip
    window = columns[columns["unit_code"].isin(current["unit_code"])
                     & columns["year"].between(2008, 2023)]  # fmt: skip
    zhejiang = window["unit_code"].isin(units.loc[units["province_code"] == ZHEJIANG,
                                                  "unit_code"])  # fmt: skip
    for column in columns.columns[2:]:
        assert window.loc[zhejiang, column].notna().all(), column
        assert window[column].notna().mean() > 0.97, column
    # the old outcomes end earlier: urban individual workers 2019, night lights 2020
    last = panel.frame.groupby("indicator")["year"].max()
    assert last["urban_individual_workers"] < 2023 and last["night_lights"] < 2023


def test_night_lights_2013_is_the_one_common_break_and_the_window_starts_there(built) -> None:
    frame = built[0].frame
    test = common_breaks(frame, "night_lights")
    assert test.break_years == [2013]
    row = test.table.set_index("year").loc[2013]
    assert (round(row["low"], 2), round(row["high"], 2)) == (0.57, 0.95)
    before, after = test.volatility(2013)
    assert before > 4 * after
    registered = series_breaks().set_index("indicator")
    for indicator, spec in registered.iterrows():
        found = common_breaks(frame, indicator).break_years
        assert spec["break_year"] in found
        assert all(year <= spec["consistent_from"] for year in found)
    in_window = flagged_unit_years(frame, "night_lights", (2013, 2020))
    assert in_window.unit_years > 0 and (in_window.flagged["year"] > 2013).all()
    columns = outcome_columns(built[0], ["night_lights"])
    assert columns.loc[columns["year"] < 2013, "log_night_lights"].isna().all()
    assert columns.loc[columns["year"] == 2013, "log_night_lights"].notna().sum() > 300


def test_flagged_share_and_the_unit_years_to_drop(built) -> None:
    frame = built[0].frame
    check = flagged_unit_years(frame, "urban_individual_workers", (2008, 2019),
                               units=["330100", "330200"])  # fmt: skip
    rows = frame[(frame["indicator"] == "urban_individual_workers")
                 & frame["unit_code"].isin(["330100", "330200"])
                 & frame["year"].between(2008, 2019)]  # fmt: skip
    flagged = rows[rows["jump"] | rows["break_suspected"]]
    assert check.unit_years == len(rows)
    assert check.share == len(flagged) / len(rows)
    assert {("330100", 2018), ("330200", 2017)} <= set(check.drop().itertuples(index=False))
    assert check.warn == (check.share > 0.05)


def test_user_data_is_merged_with_checksums_and_usable_by_name(built) -> None:
    from evalkit.plans.outcomes import outcome_catalogue

    panel, output = built
    inputs = json.loads((output / "inputs.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in USER.glob("*.csv"))
    assert sorted(inputs["user"]["sha256"]) == files
    assert inputs["user"]["units"] == {"individual_to_enterprise": "家", "new_smf_loans": "亿元"}
    row = _value(panel.frame, "330400", 2018, "individual_to_enterprise")
    assert (row["value"], row["source"]) == (3213.0, "user/individual_to_enterprise.csv:4 "
                                             "test fixture (made up)")  # fmt: skip
    columns = outcome_columns(panel, ["individual_to_enterprise"]).dropna()
    assert columns.set_index(["unit_code", "year"]).loc[("330400", 2018)].iloc[0] == np.log(3213)
    catalogue = outcome_catalogue(panel).set_index("indicator")
    assert catalogue.loc["individual_to_enterprise", "status"] == "user data"
    assert catalogue.loc["individual_to_enterprise", "years"] == "2016-2018"
    assert catalogue.loc["new_smf", "status"] == "needs administrative data"
