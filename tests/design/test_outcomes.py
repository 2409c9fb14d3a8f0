"""Tests of evalkit.design.outcomes against the outcome catalogue read with csv."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.design import outcome_column
from evalkit.design.outcomes import outcome_frame
from evalkit.panel import Panel

CATALOGUE = PROJECT_ROOT / "data" / "raw" / "plans" / "outcome_measures.csv"


def _catalogue() -> list[dict[str, str]]:
    with CATALOGUE.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_each_catalogue_outcome_is_named_by_its_transformation():
    rows = _catalogue()
    assert rows
    for row in rows:
        prefix = {"log": "log_", "growth": "growth_"}.get(row["transformation"], "")
        assert outcome_column(row["outcome"]) == prefix + row["indicator"], row["outcome"]


def test_an_outcome_outside_the_catalogue_gets_its_default_transformation():
    assert outcome_column("my_firm_count") == "log_my_firm_count"
    assert outcome_column("individual_worker_share") == "individual_worker_share"


def test_outcome_frame_holds_the_catalogue_transformation_of_each_outcome():
    rows = [
        {"unit_code": code, "unit_name": "c", "province_code": "330000", "year": year,
         "indicator": indicator, "value": value, "source": "f.csv:2"}
        for code, indicator, year, value in [
            ("330100", "loans", 2015, 200.0), ("330100", "loans_to_gdp", 2015, 1.6),
            ("330100", "loans", 2016, 220.0), ("330200", "loans", 2015, 50.0),
        ]
    ]  # fmt: skip
    frame = outcome_frame(Panel(pd.DataFrame(rows)), ["loans", "loans_to_gdp"])
    assert list(frame.columns) == ["unit_code", "year", "log_loans", "loans_to_gdp"]
    by_key = frame.set_index(["unit_code", "year"])
    assert by_key.loc[("330100", 2016), "log_loans"] == pytest.approx(np.log(220.0))
    assert by_key.loc[("330100", 2015), "loans_to_gdp"] == 1.6
    assert np.isnan(by_key.loc[("330200", 2015), "loans_to_gdp"])
