"""Show the night-lights 2013 break and what the consistent window does to the pre-trend test.

The DMSP-to-VIIRS change shows as a jump of the province-mean log night lights in one year in
every East China province (``data/raw/plans/series_breaks.csv`` records the break and the
window the panel uses). This script prints (1) the province-mean year-on-year log change in the
break year against the median of the other years, and (2) the cohort event study's pre-trend
test of the Zhejiang growth-plan design on log night lights over the full series and over the
consistent window (:func:`evalkit.panel.outcome_columns` with ``windows=False`` / ``True``).

Run: python scripts/lights_break.py
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from evalkit.design import build_design
from evalkit.did import aggte, att_gt
from evalkit.panel import load
from evalkit.panel.breaks import consistent_window
from evalkit.panel.columns import outcome_columns
from evalkit.regions import PROVINCE_NAMES

INDICATOR = "night_lights"


def province_changes(panel, units: set[str]) -> pd.DataFrame:
    """Province-mean year-on-year change of log night lights of the design's units, by year."""
    wide = panel.wide([INDICATOR]).dropna(subset=[INDICATOR])
    wide = wide[wide["unit_code"].isin(units)]
    wide = wide.assign(log=np.log(wide[INDICATOR].where(wide[INDICATOR] > 0)))
    wide = wide.sort_values(["unit_code", "year"])
    wide["change"] = wide.groupby("unit_code")["log"].diff()
    units = panel.frame[["unit_code", "province_code"]].drop_duplicates()
    wide = wide.merge(units, on="unit_code")
    return wide.groupby(["province_code", "year"])["change"].mean().unstack("year")


def pretrend(panel, design, windows: bool) -> str:
    """Return the cohort event study's pre-trend test on log night lights (window or not)."""
    base = design.sample(panel).drop(columns=[f"log_{INDICATOR}"])
    column = outcome_columns(panel, [INDICATOR], windows=windows)
    frame = base.merge(column, on=["unit_code", "year"]).dropna(subset=[f"log_{INDICATOR}"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dynamic = aggte(
            att_gt(
                frame,
                f"log_{INDICATOR}",
                "year",
                "unit_code",
                "first_treated_year",
                allow_unbalanced_panel=True,
            ),
            type="dynamic",
        )
    test = dynamic.pretrend_test()
    years = f"{int(frame['year'].min())}-{int(frame['year'].max())}"
    if test is None:
        return f"{years}: no pre-period left to test"
    return f"{years}: {test}"


def main() -> None:
    """Print the break and both pre-trend tests."""
    panel = load()
    first = consistent_window(INDICATOR)
    design = build_design("zj_growth_plan", outcomes=[INDICATOR])
    changes = province_changes(panel, set(design.sample(panel)["unit_code"]))
    print(f"consistent window of {INDICATOR}: from {first}")
    print("province-mean change of log night lights in the break year vs the median other year:")
    for province, row in changes.iterrows():
        other = row.drop(first).median()
        name = PROVINCE_NAMES[province]["en"]
        print(f"  {name}: {first} {row[first]:+.3f}; median other year {other:+.3f}")
    print("cohort event-study pre-trend test, full series:      ", pretrend(panel, design, False))
    print("cohort event-study pre-trend test, consistent window:", pretrend(panel, design, True))
    print(
        "(the window leaves few pre-plan years: the windowed test has little power; read it with"
        " the HonestDiD bounds, not as proof of parallel trends)"
    )


if __name__ == "__main__":
    main()
