"""Few-cluster p-value table: each row equals its method called directly; balancing warns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.did import twfe
from evalkit.inference.aggregated import aggregated_t_test
from evalkit.inference.few_clusters import RECOMMENDED, few_cluster_pvalues
from evalkit.inference.randomization import randomization_test
from evalkit.inference.wild_bootstrap import twfe_wild_bootstrap


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """62 cities in 6 provinces, province 33's 11 cities treated from 2015, effect 0.3."""
    rng = np.random.default_rng(11)
    sizes = {"33": 11, "32": 13, "37": 17, "35": 9, "36": 11, "31": 1}
    province = np.repeat(list(sizes), list(sizes.values()))
    years = np.arange(2008, 2019)
    first = np.where(province == "33", 2015, 0)
    shocks = rng.normal(scale=0.3, size=(len(sizes), years.size))
    codes = pd.Index(list(sizes)).get_indexer(province)
    post = (first[:, None] > 0) & (years >= 2015)
    frame = pd.DataFrame(
        {
            "unit_code": np.repeat([f"{i:06d}" for i in range(province.size)], years.size),
            "province_code": np.repeat(province, years.size),
            "year": np.tile(years, province.size),
            "first_treated_year": np.repeat(first, years.size),
        }
    )
    for name, effect in (("log_a", 0.3), ("log_b", 0.0)):
        noise = rng.normal(scale=0.5, size=(province.size, years.size))
        frame[name] = (shocks[codes] + effect * post + noise).ravel()
    frame.loc[(frame.unit_code == "000061") & (frame.year == 2010), "log_b"] = np.nan
    return frame


@pytest.fixture(scope="module")
def table(sample):
    with pytest.warns(UserWarning, match=r"log_b: 1 unit\(s\) with missing years left out"):
        return few_cluster_pvalues(
            sample, ["log_a", "log_b"], n_draws=199, n_permutations=199, random_state=3
        )


def _row(table, outcome, method_start):
    rows = table.tidy()
    rows = rows[(rows.outcome == outcome) & rows.method.str.startswith(method_start)]
    assert len(rows) == 1, method_start
    return rows.iloc[0]


def test_table_has_every_method_for_every_outcome(table):
    wide = table.wide()
    assert list(wide.index) == ["log_a", "log_b"]
    assert list(wide.columns) == [
        "CRV1 by city",
        "CRV1 by province",
        "WCR by province (rademacher, all)",
        "WCR by province (webb, 199)",
        "WCR by city (rademacher, 199)",
        "RI (permute cities)",
        "RI (permute provinces, all)",
        RECOMMENDED,
    ]
    assert wide.notna().all().all()
    log_b = table.tidy().loc[lambda t: t.outcome == "log_b"]
    assert log_b["n_units"].eq(61).all()  # the one-city province's city lacks a year
    assert _row(table, "log_b", "RI (permute provinces").n_clusters == 5
    assert "Recommended: 'aggregated t by province'" in table.summary()
    assert RECOMMENDED in table._repr_html_()


def test_rows_equal_the_methods_called_directly(sample, table):
    args = (sample, "log_a", "year", "unit_code", "first_treated_year")
    fit = twfe(*args, clustervars="province_code").tidy().iloc[0]
    row = _row(table, "log_a", "CRV1 by province")
    assert row.p_value == pytest.approx(fit.p_value) and row.n_clusters == 6
    boot = twfe_wild_bootstrap(*args, "province_code", n_draws=199, random_state=3)
    assert _row(table, "log_a", "WCR by province (rademacher").p_value == pytest.approx(
        boot.p_value
    )
    ri = randomization_test(*args, n_permutations=199, random_state=3)
    assert _row(table, "log_a", "RI (permute cities)").p_value == pytest.approx(ri.p_value)
    provinces = _row(table, "log_a", "RI (permute provinces")
    assert provinces.p_value >= 1 / 6 and provinces.n_clusters == 6
    between = aggregated_t_test(*args, "province_code")
    row = _row(table, "log_a", RECOMMENDED)
    assert (row.estimate, row.p_value, row.conf_low) == pytest.approx(
        (between.estimate, between.p_value, between.conf_low)
    )
    assert row.estimate == pytest.approx(fit.estimate)  # one adoption year: TWFE coefficient
