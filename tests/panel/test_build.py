"""Build the real panel once (into a temporary folder) and check what the issue promises."""

from __future__ import annotations

import importlib
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from evalkit.config import data_dir
from evalkit.panel import build, read_raw
from evalkit.regions import EAST_CHINA

REQUIRED = ["gdp", "va_primary", "va_secondary", "va_tertiary", "loans", "deposits",
            "resident_population", "employed_persons", "average_wage", "night_lights"]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    output = tmp_path_factory.mktemp("processed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = build(output_dir=output)
    return panel, output


def test_every_east_china_city_is_covered_2005_2020(built) -> None:
    panel, _ = built
    frame = panel.frame
    east = panel.units[panel.units["province_code"].isin(EAST_CHINA)]
    assert len(east) == 62  # 61 cities of 2020 and 巢湖 (abolished 2011)
    current = east[east["unit_code"] != "341400"]["unit_code"]
    cells = frame[frame["unit_code"].isin(current) & frame["year"].between(2005, 2020)]
    counts = cells.groupby("indicator")["unit_code"].count()
    for indicator in REQUIRED:
        assert counts[indicator] >= 0.99 * 61 * 16, indicator
    workers = cells[cells["indicator"] == "urban_individual_workers"]
    assert workers[workers["year"] <= 2018]["unit_code"].nunique() == 61
    assert len(panel.units) > 330  # every city, not only East China


def test_shanghai_code_and_breaks(built) -> None:
    panel, output = built
    shanghai = panel.units.set_index("unit_code").loc["310000"]
    assert (shanghai["unit_name"], shanghai["province_code"]) == ("上海市", "310000")
    report = pd.read_csv(output / "quality_report.csv", dtype={"unit_code": str})
    breaks = report[(report["check"] == "break_suspected") & (report["unit_code"] == "310000")]
    assert {("employed_persons", 2002), ("urban_individual_workers", 2002)} <= set(
        zip(breaks["indicator"], breaks["year"], strict=True)
    )
    row = breaks[(breaks["indicator"] == "employed_persons") & (breaks["year"] == 2002)]
    assert row["detail"].iloc[0] == "level shift from 752.26 in 2001 to 350.91"


def test_gdp_conflicts_are_flagged_and_listed(built) -> None:
    panel, output = built
    report = pd.read_csv(output / "quality_report.csv", dtype={"unit_code": str})
    gdp = report[(report["check"] == "conflict") & (report["indicator"] == "gdp")]
    files = gdp["detail"].str.extract(r"from (.*):")[0].unique()
    assert len(files) == 3  # CSMAR, the real-GDP file and the finance file disagree
    frame = panel.frame.set_index(["unit_code", "year", "indicator"])
    kept = frame.loc[("330400", 2019, "gdp")]
    assert kept["source"].startswith("city_yearbook/2000-2023地级市产业结构 .xlsx")
    assert kept["value"] == 5370.32
    assert not panel.frame.duplicated(["unit_code", "year", "indicator"]).any()


def test_outputs_and_checksums(built) -> None:
    _, output = built
    inputs = json.loads((output / "inputs.json").read_text(encoding="utf-8"))
    assert "csmar_regional/CRE_Eplwagct.csv" in inputs["sha256"]
    assert len(inputs["sha256"]["remote_sensing/ntl_sum_of_lights_by_city.csv"]) == 64
    for name in ("panel.parquet", "regional.parquet", "quality_report.html",
                 "quality_coverage.csv"):  # fmt: skip
        assert (output / name).is_file()


def test_warm_build_reads_back_without_touching_the_raw_files(built, monkeypatch) -> None:
    # how fast that is belongs to benchmarks/real_panel.py; here: no reader or harmonising runs
    panel, output = built

    def refuse(*args, **kwargs):
        raise AssertionError("an up-to-date build re-read the raw files")

    module = importlib.import_module("evalkit.panel.build")  # the package exports build()
    monkeypatch.setattr(module, "harmonise", refuse)
    monkeypatch.setattr(module, "cached_read", refuse)
    again = build(output_dir=output)
    pd.testing.assert_frame_equal(again.frame, panel.frame)


def test_jiaxing_rounded_gdp_in_the_finance_file_is_flagged() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = read_raw(data_dir() / "city_yearbook/金融发展水平（2003-2023）236缺失.xlsx")
    jiaxing = rows[(rows["unit_code"] == "330400") & (rows["indicator"] == "gdp")]
    flags = jiaxing.set_index("year")["rounded"]
    assert flags.loc[2019] and flags.loc[2020] and not flags.loc[2018]
    assert jiaxing.set_index("year").loc[2019, "value"] == 5370.0
