"""Tests of evalkit.panel.harmonise on a two-city crosswalk and a handful of source rows.

Rules checked (UNITS.md): the lowest priority with a value is kept, else the next; at equal
priority a code match beats a name match; an alternative more than 1% away flags a conflict
(a kept zero: any difference); county-level rows are unplaced and counted; province rows go
to the regional table. Nothing is averaged.
"""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.panel.crosswalk import Crosswalk
from evalkit.panel.harmonise import CONFLICT_TOLERANCE, harmonise
from evalkit.panel.readers import FLAG_COLUMNS, LONG_COLUMNS, SOURCE_COLUMNS

CROSSWALK = Crosswalk(
    entities=pd.DataFrame(
        {
            "entity_id": ["P1", "P2"],
            "unit_code": ["330100", "330200"],
            "unit_name": ["杭州市", "宁波市"],
            "province_code": ["330000", "330000"],
        }
    ),
    names=pd.DataFrame(
        [(e, y, n) for e, n in (("P1", "杭州市"), ("P2", "宁波市")) for y in range(2014, 2019)],
        columns=["entity_id", "year", "legal_name_zh"],
    ),
)


def _row(code, name, year, indicator, value, source, priority, level="city"):
    return {"source_code": code, "source_name": name, "province_code": "", "year": year,
            "indicator": indicator, "value": value, "source": source, "priority": priority,
            "level": level, "interpolated": False, "rounded": False}  # fmt: skip


ROWS = pd.DataFrame(
    [
        _row("330100", "杭州市", 2015, "gdp", 100.0, "a.csv:2", 1),
        _row("", "杭州", 2015, "gdp", 100.5, "b.csv:3", 2),  # 0.5% away: no conflict
        _row("330200", "宁波市", 2015, "gdp", 50.0, "b.csv:4", 2),  # only source
        _row("330200", "宁波市", 2016, "gdp", 60.0, "a.csv:5", 1),
        _row("330200", "宁波市", 2016, "gdp", 70.0, "b.csv:6", 2),  # 16.7% away: conflict
        _row("", "杭州", 2017, "gdp", 10.0, "c.csv:7", 1),  # name match ...
        _row("330100", "杭州市", 2017, "gdp", 10.0, "a.csv:8", 1),  # ... loses to the code
        _row("330100", "杭州市", 2015, "loans", 0.0, "a.csv:9", 1),
        _row("330100", "杭州市", 2015, "loans", 1.0, "b.csv:10", 2),  # kept zero: conflict
        _row("330182", "建德市", 2015, "gdp", 3.0, "a.csv:11", 1),  # county-level city
        _row("330182", "建德市", 2016, "gdp", 4.0, "a.csv:12", 1),
        _row("330000", "浙江省", 2015, "cpi", 101.0, "p.csv:2", 1, level="province"),
    ],
    columns=SOURCE_COLUMNS,
)


@pytest.fixture(scope="module")
def result():
    return harmonise(ROWS, CROSSWALK)


def test_one_value_per_unit_year_indicator_chosen_by_priority_then_match(result):
    city = result.city.set_index(["unit_code", "year", "indicator"])
    assert list(result.city.columns) == [*LONG_COLUMNS, *FLAG_COLUMNS, "priority"]
    assert city["value"].to_dict() == {
        ("330100", 2015, "gdp"): 100.0,
        ("330100", 2015, "loans"): 0.0,
        ("330100", 2017, "gdp"): 10.0,
        ("330200", 2015, "gdp"): 50.0,
        ("330200", 2016, "gdp"): 60.0,
    }
    assert city.loc[("330100", 2017, "gdp"), "source"] == "a.csv:8"
    assert city.loc[("330200", 2015, "gdp"), "priority"] == 2
    assert set(city["unit_name"]) == {"杭州市", "宁波市"}
    assert not city["break_suspected"].any() and not city["jump"].any()


def test_conflicts_flag_the_kept_row_beyond_the_tolerance(result):
    assert CONFLICT_TOLERANCE == 0.01
    city = result.city.set_index(["unit_code", "year", "indicator"])["conflict"]
    assert city[city].index.tolist() == [("330100", 2015, "loans"), ("330200", 2016, "gdp")]
    alternatives = result.alternatives.set_index(["unit_code", "year", "indicator"])
    near = alternatives.loc[("330100", 2015, "gdp")]
    assert near["relative_difference"] == pytest.approx(0.005)
    assert (near["kept_source"], near["alternative_source"]) == ("a.csv:2", "b.csv:3")
    far = alternatives.loc[("330200", 2016, "gdp")]
    assert far["relative_difference"] == pytest.approx(10 / 60)
    assert bool(far["conflict"]) and not bool(near["conflict"])
    assert len(alternatives) == 4  # every non-kept value is listed, none averaged


def test_county_level_rows_are_unplaced_and_counted_by_file(result):
    assert result.unplaced.to_dict("records") == [
        {"file": "a.csv", "source_code": "330182", "source_name": "建德市",
         "match": "county_level", "rows": 2, "first_year": 2015, "last_year": 2016}
    ]  # fmt: skip
    assert "330182" not in set(result.city["unit_code"])


def test_province_rows_form_the_regional_table_keyed_by_their_code(result):
    regional = result.regional
    assert regional[["unit_code", "unit_name", "year", "indicator", "value"]].to_dict(
        "records"
    ) == [{"unit_code": "330000", "unit_name": "浙江省", "year": 2015, "indicator": "cpi",
           "value": 101.0}]  # fmt: skip
    assert "cpi" not in set(result.city["indicator"])
