"""Print each Zhejiang city's own pre-trend test, and the stress diagnostics of the design.

For every city of the treated province and each default outcome: the city's event study
against the never-treated cities of the comparison provinces
(:func:`evalkit.did.city_event_study`), its placebo-rank pre-trend test (Wald-type statistic
of the pre-period coefficients, smallest attainable p = 1/(n+1)) and the average post-period
coefficient with its placebo p-value. Then, per outcome, which conditions of the stress
benchmark the province design shows (:func:`evalkit.inference.stress.condition_diagnostics`,
on the balanced panel) and the method that holds there.

Run: python scripts/city_pretrends.py
"""

from __future__ import annotations

import warnings

import pandas as pd

from evalkit.design import DEFAULT_OUTCOMES, outcome_column, rollout_sample
from evalkit.did import city_event_study
from evalkit.inference.stress import condition_diagnostics
from evalkit.panel import load
from evalkit.regions import ZHEJIANG

UNIT, YEAR, FIRST, PROVINCE = "unit_code", "year", "first_treated_year", "province_code"


def city_table(sample: pd.DataFrame, outcomes: tuple[str, ...]) -> pd.DataFrame:
    """Return one row per treated city and outcome with the pre-trend test and post average."""
    cities = sample.loc[sample[PROVINCE] == ZHEJIANG, [UNIT, "unit_name"]].drop_duplicates()
    rows = []
    for outcome in outcomes:
        column = outcome_column(outcome)
        frame = sample.dropna(subset=[column])
        for city, name in cities.itertuples(index=False):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                study = city_event_study(frame, column, YEAR, UNIT, FIRST, city=city)
            test = study.pretrend_test()
            post, post_p = study.average_post()
            rows.append(
                {
                    "outcome": outcome,
                    "city": city,
                    "name": name,
                    "pre_periods": int((study.event_time < -1).sum()),
                    "W": test.statistic,
                    "rank": f"{test.rank}/{test.n_placebo + 1}",
                    "p_value": test.p_value,
                    "min_p": test.min_p_value,
                    "rejects_5pct": test.rejects,
                    "avg_post": post,
                    "avg_post_p": post_p,
                    "notes": len(caught),
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    """Print the city table and the design's stress diagnostics per outcome."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = rollout_sample(load(), list(DEFAULT_OUTCOMES))
    table = city_table(sample, DEFAULT_OUTCOMES)
    pd.set_option("display.width", 200)
    print(
        "city-specific pre-trend test: each Zhejiang city against the never-treated cities; "
        "p = placebo rank of the pre-period Wald-type statistic, smallest attainable 1/(n+1)"
    )
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    wide = table.pivot(index=["city", "name"], columns="outcome", values="p_value")
    print("\npre-trend p-values, city x outcome")
    print(wide.to_string(float_format=lambda v: f"{v:.4f}"))
    print(f"rejected at 5%: {int(table.rejects_5pct.sum())} of {len(table)}")
    for outcome in DEFAULT_OUTCOMES:
        column = outcome_column(outcome)
        frame = sample.dropna(subset=[column])
        full = frame.groupby(UNIT)[YEAR].transform("size") == frame[YEAR].nunique()
        dropped = frame.loc[~full, UNIT].nunique()
        diagnostics = condition_diagnostics(frame[full], column, YEAR, UNIT, FIRST, PROVINCE)
        print(
            f"\nstress diagnostics, {outcome} (balanced panel; {dropped} unit(s) with missing "
            "years left out)"
        )
        print(diagnostics.summary())


if __name__ == "__main__":
    main()
