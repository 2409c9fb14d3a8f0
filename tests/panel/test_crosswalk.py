from __future__ import annotations

import pandas as pd
import pytest

from evalkit.config import data_dir
from evalkit.panel.crosswalk import load_crosswalk


@pytest.fixture(scope="module")
def crosswalk():
    return load_crosswalk(data_dir())


def test_codes_names_renames_and_abolished_cities(crosswalk) -> None:
    keys = pd.DataFrame({
        "source_code": ["310000", "", "", "341400", "340181", "522400", "310100", ""],
        "source_name": [
            "Shanghai", "襄樊", "七台河", "巢湖市", "巢湖市", "Bijie", "上海市", "中卫市",
        ],
        "year": [2010, 2009, 1998, 2005, 2013, 2005, 2020, 2001],
        "province_code": ["", "", "", "", "", "", "", "640000"],
    })  # fmt: skip
    placed = crosswalk.resolve(keys)
    assert placed["unit_code"].fillna("-").tolist() == [
        "310000", "420600", "230900", "341400", "-", "520500", "310000", "640500",
    ]  # fmt: skip
    assert placed["match"].tolist() == [
        "code", "name", "name", "code", "county_level", "code", "name", "name_other_year",
    ]  # fmt: skip
    assert placed.loc[1, "unit_name"] == "襄阳市"
