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
