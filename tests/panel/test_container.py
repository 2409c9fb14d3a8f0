from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import PanelError
from evalkit.panel import Panel


def _rows(values: dict[tuple[str, int, str], float]) -> pd.DataFrame:
    return pd.DataFrame([
        {"unit_code": u, "unit_name": "x", "province_code": u[:2] + "0000", "year": y,
         "indicator": i, "value": v, "source": "f.csv:2"}
        for (u, y, i), v in values.items()
    ])  # fmt: skip


def test_duplicate_unit_year_is_refused_with_the_rule() -> None:
    rows = _rows({("330100", 2015, "gdp"): 1.0})
    with pytest.raises(PanelError, match=r"panel: 2 rows share a \(unit_code, year, indicator\)"):
        Panel(pd.concat([rows, rows]))


def test_wide_log_growth_per_capita_and_deflate() -> None:
    panel = Panel(
        _rows({("330100", 2015, "gdp"): 100.0, ("330100", 2016, "gdp"): 121.0,
               ("330100", 2015, "resident_population"): 50.0,
               ("330100", 2016, "resident_population"): 55.0}),
        _rows({("330000", 2015, "cpi"): 102.0, ("330000", 2016, "cpi"): 110.0}),
    )  # fmt: skip
    wide = panel.wide(["gdp"], log=True)
    assert wide["log_gdp"].tolist() == pytest.approx([np.log(100), np.log(121)])
    growth = panel.growth("gdp")["gdp_growth"]
    assert np.isnan(growth.iloc[0]) and growth.iloc[1] == pytest.approx(np.log(1.21))
    assert panel.per_capita("gdp")["gdp_per_capita"].tolist() == pytest.approx([2.0, 2.2])
    real = panel.deflate("gdp", base_year=2015)["gdp_real"]
    assert real.tolist() == pytest.approx([100.0, 110.0])
    assert panel.frame["conflict"].dtype == bool


def test_deflate_without_price_index_says_what_is_missing() -> None:
    panel = Panel(_rows({("330100", 2015, "gdp"): 1.0}))
    with pytest.raises(PanelError, match=r"no regional series 'cpi' to deflate with"):
        panel.deflate("gdp", base_year=2015)


def test_deflate_does_not_chain_the_price_level_across_a_missing_year() -> None:
    years = (2014, 2015, 2016, 2017, 2018)
    panel = Panel(
        _rows({("330100", year, "gdp"): 100.0 for year in years}),
        _rows({("330000", 2015, "cpi"): 110.0, ("330000", 2016, "cpi"): 105.0,
               ("330000", 2018, "cpi"): 102.0}),
    )  # fmt: skip
    # 2017's index is missing: 2017 and 2018 have no price level relative to 2015 (the old
    # chain treated 2017's inflation as zero and gave 2018 = 100 / (1.05 * 1.02))
    real = panel.deflate("gdp", base_year=2015).set_index("year")["gdp_real"]
    assert real.loc[[2014, 2015, 2016]].tolist() == pytest.approx([110.0, 100.0, 100.0 / 1.05])
    assert real.loc[[2017, 2018]].isna().all()
    after_gap = panel.deflate("gdp", base_year=2018).set_index("year")["gdp_real"]
    assert after_gap.loc[2017] == pytest.approx(102.0) and after_gap.loc[[2014, 2016]].isna().all()
