"""Round averages, the long event study and intensity on panels with a known effect."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from evalkit.report.design_effects import intensity_estimates, round_boundaries, round_effects


def _panel(effects: dict[int, float], n_treated: int = 4, n_control: int = 8) -> pd.DataFrame:
    """Unit and year effects plus a treatment effect by year for cohort 5 (no noise)."""
    rng = np.random.default_rng(0)
    rows = []
    for unit in range(n_treated + n_control):
        level = rng.normal()
        cohort = 5 if unit < n_treated else 0
        for year in range(1, 11):
            effect = effects.get(year, 0.0) if cohort else 0.0
            rows.append((f"u{unit:02d}", f"city{unit}", "p", year, cohort,
                         level + 0.1 * year + effect))  # fmt: skip
    columns = ["unit_code", "unit_name", "province_code", "year", "first_treated_year", "y"]
    return pd.DataFrame(rows, columns=columns)


ROUNDS = pd.DataFrame(
    {"plan_id": ["r1", "r2"], "round": ["5-7", "8-10"], "period_start": [5, 8],
     "period_end": [7, 10]}
)  # fmt: skip


def test_round_average_is_the_mean_effect_over_the_round_years():
    effects = {5: 1.0, 6: 1.0, 7: 1.0, 8: 2.0, 9: 2.5, 10: 1.5}
    design = SimpleNamespace(rounds=ROUNDS, cohorts={5: 4})
    table = round_effects(_panel(effects), "y", design)
    assert table["estimate"].tolist() == pytest.approx([1.0, 2.0], abs=1e-9)
    assert table["exposure"].tolist() == ["1", "1-2"]
    assert table["years"].tolist() == ["5-7", "8-10"]
    assert table[["n_treated", "n_control"]].drop_duplicates().values.tolist() == [[4, 8]]
    assert round_boundaries(design) == [(3, "8-10")]


def test_a_round_without_data_is_empty_not_dropped():
    frame = _panel({5: 1.0, 6: 1.0, 7: 1.0})
    frame.loc[frame["year"] >= 8, "y"] = np.nan
    table = round_effects(frame, "y", SimpleNamespace(rounds=ROUNDS, cohorts={5: 4}))
    assert table["estimate"].iloc[0] == pytest.approx(1.0)
    assert np.isnan(table["estimate"].iloc[1]) and table["years"].iloc[1] == ""


def test_intensity_finds_the_one_treated_city_effect_and_ranks_it_first():
    frame = _panel({5: 0.0}, n_treated=0, n_control=9)
    frame.loc[frame["unit_code"] == "u00", "first_treated_year"] = 5
    frame.loc[(frame["unit_code"] == "u00") & (frame["year"] >= 5), "y"] += 0.7
    frame["log_x"] = frame.pop("y")
    design = SimpleNamespace(
        rounds=pd.DataFrame({"round": ["5-10"], "period_start": [5], "period_end": [10]}),
        treated_units=["u00"],
        outcomes=("x",),
        first_treated_year=lambda unit: 5,
        sample=lambda panel, outcomes: frame,
    )
    table = intensity_estimates(design, panel=None)
    row = table.iloc[0]
    assert row["estimate"] == pytest.approx(0.7, abs=1e-9)
    assert (row["rank"], row["n_control"]) == (1, 8)
    assert row["p_value"] == pytest.approx(1 / 9)
