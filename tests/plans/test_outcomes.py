"""The outcome catalogue: completeness against the registry, validation, signs and direction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from evalkit.plans import DEFAULT_PATH
from evalkit.plans.outcomes import (
    DEFAULT_OUTCOMES,
    OutcomeCatalogueError,
    direction,
    expected_sign,
    outcome_catalogue,
    outcome_measures,
    read_catalogue,
    read_measures,
)


def test_one_row_per_target_key_of_targets_and_reported() -> None:
    keys = set(pd.read_csv(DEFAULT_PATH / "targets.csv")["indicator"]) | set(
        pd.read_csv(DEFAULT_PATH / "reported.csv")["indicator"]
    )
    catalogue = outcome_catalogue()
    assert sorted(catalogue["indicator"]) == sorted(keys)
    proxied = catalogue[catalogue["status"] == "proxy"]
    assert proxied["expected_sign"].isin([-1, 0, 1]).all()
    needs = catalogue[catalogue["status"] == "needs administrative data"]
    assert (needs["needs"] != "").all() and needs["expected_sign"].isna().all()
    row = catalogue.set_index("indicator").loc["below_scale_industrial_va_growth"]
    assert (row["proxies"], row["transformation"], row["expected_sign"]) == (
        "va_secondary", "va_secondary: log", 1)  # fmt: skip
    assert "includes above-scale industry and construction" in row["caveat"]


def test_signs_and_the_targets_each_outcome_stands_for() -> None:
    assert expected_sign("individual_worker_share") == -1
    assert expected_sign("urban_individual_workers") == 0
    assert expected_sign("loans") == 1
    measures = outcome_measures().set_index("outcome")
    assert "new_smf_loans" in measures.loc["loans", "targets"].split(";")
    assert measures.loc["loans", "column"] == "log_loans"
    assert measures.loc["loans_to_gdp", "column"] == "loans_to_gdp"
    with pytest.raises(OutcomeCatalogueError, match=r"no outcome 'gdp_growth'"):
        expected_sign("gdp_growth")


@pytest.mark.parametrize(("low", "high", "sign", "expected"), [
    (0.01, 0.2, 1, "intended"), (-0.2, -0.01, -1, "intended"),
    (0.01, 0.2, -1, "against"), (-0.2, -0.01, 1, "against"),
    (-0.01, 0.2, 1, "undetermined"), (0.0, 0.2, 1, "undetermined"),
    (0.01, 0.2, 0, "undetermined"), (0.2, 0.01, 1, "intended"),
])  # fmt: skip
def test_direction_truth_table(low: float, high: float, sign: int, expected: str) -> None:
    assert direction(low, high, sign) == expected


def test_direction_rejects_a_sign_that_is_not_one() -> None:
    with pytest.raises(OutcomeCatalogueError, match=r"expected sign 2"):
        direction(0.1, 0.2, 2)


def test_defaults_are_the_outcomes_flagged_default() -> None:
    measures = read_measures()
    assert DEFAULT_OUTCOMES == tuple(measures.loc[measures["default"], "outcome"])
    assert DEFAULT_OUTCOMES == ("loans", "loans_to_gdp", "va_secondary")


def _copy(tmp_path: Path) -> Path:
    for path in DEFAULT_PATH.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(folder: Path, file: str, edit) -> None:
    frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
    edit(frame).to_csv(folder / file, index=False)


def test_a_missing_target_row_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "outcomes.csv", lambda f: f[f["indicator"] != "new_smf"])
    with pytest.raises(OutcomeCatalogueError) as caught:
        read_catalogue(folder)
    assert str(caught.value) == (
        "outcomes.csv: no row for target indicator(s) ['new_smf']; rule: every indicator key "
        "of targets.csv and reported.csv has a row; fix: add a row with its proxies or what "
        "administrative data it needs"
    )


def test_an_unknown_proxy_and_a_bad_sign_are_named_with_their_row(tmp_path: Path) -> None:
    folder = _copy(tmp_path)

    def proxy(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[0, "proxies"] = "gdp"
        frame.loc[0, "sign_reason"] = "x"
        frame.loc[0, "expected_sign"] = "1"
        return frame

    _edit(folder, "outcomes.csv", proxy)
    with pytest.raises(OutcomeCatalogueError, match=r"^outcomes.csv: row 2: proxy 'gdp' is not "
                       r"an outcome of outcome_measures.csv; rule: proxies are estimable "
                       r"outcomes; fix: add the outcome"):  # fmt: skip
        read_catalogue(folder)

    def sign(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[1, "expected_sign"] = "up"
        return frame

    _copy(tmp_path)
    _edit(folder, "outcome_measures.csv", sign)
    with pytest.raises(OutcomeCatalogueError, match=r"^outcome_measures.csv: row 3: "
                       r"expected_sign 'up'; rule: \+1, -1 or 0"):  # fmt: skip
        read_measures(folder)


def test_years_are_computed_from_the_panel(panel) -> None:
    catalogue = outcome_catalogue(panel).set_index("indicator")
    frame = panel.frame
    loans = frame[(frame["indicator"] == "loans") & frame["province_code"].str.match(r"3[1-6]")]
    assert catalogue.loc["trademark_pledge_loans", "years"] == (
        f"{loans['year'].min()}-{loans['year'].max()}"
    )
    measures = outcome_measures(panel).set_index("outcome")
    assert (measures.loc["night_lights", "first_year"], measures.loc["night_lights",
            "window_from"]) == (2013, 2013)  # fmt: skip
    for outcome in DEFAULT_OUTCOMES:
        assert measures.loc[outcome, "last_year"] == 2023


def test_defaults_are_fully_covered_in_zhejiang_to_2023_and_the_old_ones_are_not(panel) -> None:
    from evalkit.plans.outcomes import outcome_coverage

    coverage = outcome_coverage(panel).set_index("outcome")
    full = coverage[(coverage["treated_cells"] == coverage["treated_possible"])
                    & (coverage["last_full_treated_year"] == 2023)]  # fmt: skip
    assert set(DEFAULT_OUTCOMES) <= set(full.index)
    assert coverage.loc["loans", "treated_possible"] == 11 * 16
    for old in ("urban_individual_workers", "night_lights"):
        assert old not in full.index
        assert coverage.loc[old, "last_year"] < 2023
    # night lights count from its consistent window only
    assert coverage.loc["night_lights", "first_year"] == 2013
