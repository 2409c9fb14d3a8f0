"""Few-cluster p-value table: each row equals its method called directly; balancing warns.

Each row names its method by structured columns (method, cluster, weights, draws) that equal
the settings passed; its English ``label`` is for display only.
"""

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
            sample, ["log_a", "log_b"], n_draws=199, n_permutations=99, random_state=3
        )


def _row(table, outcome, method, cluster="province", weights=None):
    rows = table.tidy()
    rows = rows[(rows.outcome == outcome) & (rows.method == method) & (rows.cluster == cluster)]
    if weights is not None:
        rows = rows[rows.weights == weights]
    assert len(rows) == 1, (method, cluster, weights)
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
        "aggregated t by province",
    ]
    assert wide.notna().all().all()
    log_b = table.tidy().loc[lambda t: t.outcome == "log_b"]
    assert log_b["n_units"].eq(61).all()  # the one-city province's city lacks a year
    assert _row(table, "log_b", "randomization").n_clusters == 5
    assert f"Recommended: {RECOMMENDED!r}" in table.summary()
    assert "aggregated t by province" in table._repr_html_()


def test_method_columns_equal_the_settings_passed(table):
    log_a = table.tidy().loc[lambda t: t.outcome == "log_a"]
    columns = ["method", "cluster", "weights", "draws"]
    rows = log_a[columns].astype(object).where(log_a[columns].notna(), None)
    assert rows.values.tolist() == [
        ["crv1", "city", None, None],
        ["crv1", "province", None, None],
        # 2^6 = 64 Rademacher sign vectors: enumerated; Webb and 62 cities: n_draws=199 draws
        ["wild_cluster_bootstrap", "province", "rademacher", "all"],
        ["wild_cluster_bootstrap", "province", "webb", 199],
        ["wild_cluster_bootstrap", "city", "rademacher", 199],
        # n_permutations=99 permutations of cities; 6 assignments of provinces: enumerated
        ["randomization", "city", None, 99],
        ["randomization", "province", None, "all"],
        [RECOMMENDED, "province", None, None],
    ]
    assert RECOMMENDED == "aggregated_t"  # the recommendation rule's code (inference.recommend)
    assert type(_row(table, "log_a", "wild_cluster_bootstrap", weights="webb").draws) is int
    assert _row(table, "log_a", "randomization", "city").draws == table.settings["n_permutations"]
    # the notebooks look the recommended row up by outcome and method
    recommended = table.tidy().set_index(["outcome", "method"]).loc[("log_a", RECOMMENDED)]
    assert recommended["p_value"] == _row(table, "log_a", RECOMMENDED).p_value


def test_draws_follow_n_draws_when_nothing_is_enumerated(sample):
    # the control cities regrouped into 13 provinces, 14 with the treated one: more clusters
    # than the 12 whose Rademacher sign vectors are enumerated, so every bootstrap row draws
    frame = sample.assign(province_code=sample["unit_code"].str[-2:].astype(int) % 13)
    frame["province_code"] = np.where(frame["first_treated_year"] > 0, 99, frame["province_code"])
    few = few_cluster_pvalues(frame, ["log_a"], n_draws=99, n_permutations=49, random_state=0)
    boot = few.tidy().query("method == 'wild_cluster_bootstrap'")
    assert boot["draws"].tolist() == [99, 99, 99]
    assert boot["weights"].tolist() == ["rademacher", "webb", "rademacher"]
    assert boot["label"].tolist()[1] == "WCR by province (webb, 99)"
    assert few.tidy().query("method == 'randomization'")["draws"].tolist()[0] == 49


def test_rows_equal_the_methods_called_directly(sample, table):
    args = (sample, "log_a", "year", "unit_code", "first_treated_year")
    fit = twfe(*args, clustervars="province_code").tidy().iloc[0]
    row = _row(table, "log_a", "crv1")
    assert row.p_value == pytest.approx(fit.p_value) and row.n_clusters == 6
    boot = twfe_wild_bootstrap(*args, "province_code", n_draws=199, random_state=3)
    row = _row(table, "log_a", "wild_cluster_bootstrap", weights="rademacher")
    assert row.p_value == pytest.approx(boot.p_value)
    webb = twfe_wild_bootstrap(*args, "province_code", weights="webb", n_draws=199, random_state=3)
    row = _row(table, "log_a", "wild_cluster_bootstrap", weights="webb")
    assert row.p_value == pytest.approx(webb.p_value) and webb.n_draws == row.draws == 199
    ri = randomization_test(*args, n_permutations=99, random_state=3)
    assert _row(table, "log_a", "randomization", "city").p_value == pytest.approx(ri.p_value)
    provinces = _row(table, "log_a", "randomization")
    assert provinces.p_value >= 1 / 6 and provinces.n_clusters == 6
    between = aggregated_t_test(*args, "province_code")
    row = _row(table, "log_a", RECOMMENDED)
    assert (row.estimate, row.p_value, row.conf_low) == pytest.approx(
        (between.estimate, between.p_value, between.conf_low)
    )
    assert row.estimate == pytest.approx(fit.estimate)  # one adoption year: TWFE coefficient
