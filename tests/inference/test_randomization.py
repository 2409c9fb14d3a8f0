"""Randomization inference over adoption timing: vectorised TWFE equals refits; size."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.did import twfe
from evalkit.errors import EstimationError
from evalkit.inference.randomization import randomization_test
from evalkit.simulate import simulate_province_rollout, simulate_staggered_panel


def _sim(effect, seed, n_units=40):
    sim = simulate_staggered_panel(
        n_units=n_units, n_periods=8, cohorts=[2004, 2006], effect=effect, random_state=seed
    )
    return sim.data


def test_vectorised_permutations_equal_twfe_refits():
    data = _sim(1.0, 0)
    result = randomization_test(
        data, "y", "year", "unit", "first_treated", n_permutations=20, random_state=3
    )
    assert result.estimate == pytest.approx(
        twfe(data, "y", "year", "unit", "first_treated").estimate
    )
    rng = np.random.default_rng(3)
    timing = data.groupby("unit")["first_treated"].first()
    for draw in range(20):
        order = rng.permutation(len(timing))
        assignment = pd.Series(timing.to_numpy()[order], index=timing.index)
        permuted = data.assign(first_treated=data.unit.map(assignment))
        refit = twfe(permuted, "y", "year", "unit", "first_treated").estimate
        assert result.permuted[draw] == pytest.approx(refit, rel=1e-9, abs=1e-12)


def test_cs_statistic_is_the_simple_att():
    data = _sim(1.0, 1, n_units=30)
    result = randomization_test(
        data, "y", "year", "unit", "first_treated", statistic="cs", n_permutations=9, random_state=0
    )
    from evalkit.did import aggte, att_gt

    expected = aggte(att_gt(data, "y", "year", "unit", "first_treated"), "simple").overall_att
    assert result.estimate == pytest.approx(expected)
    assert result.permuted.shape == (9,)


def test_rejects_a_large_effect_and_has_size_under_the_null():
    assert (
        randomization_test(
            _sim(1.5, 2), "y", "year", "unit", "first_treated", random_state=0
        ).p_value
        < 0.01
    )
    p_values = [
        randomization_test(
            _sim(0.0, 100 + seed),
            "y",
            "year",
            "unit",
            "first_treated",
            n_permutations=199,
            random_state=seed,
        ).p_value
        for seed in range(100)
    ]
    assert 0.0 <= np.mean(np.array(p_values) <= 0.05) <= 0.12  # exact test: 5% in expectation


def test_timing_that_varies_within_unit_is_named():
    data = _sim(1.0, 0)
    data.loc[0, "first_treated"] = 2003
    with pytest.raises(EstimationError, match="'first_treated' varies within unit"):
        randomization_test(data, "y", "year", "unit", "first_treated")


def test_cluster_permutation_enumerates_every_province_and_equals_refits():
    data = simulate_province_rollout(effect=1.0, random_state=0)
    result = randomization_test(
        data, "y", "year", "unit", "first_treated", clustervars="province", n_permutations=999
    )
    assert result.enumerated and result.n_permutations == 6
    assert result.min_p_value == pytest.approx(1 / 6)
    # each row treats one province from 2015: the TWFE refit of that assignment, sizes differ
    refits = sorted(
        twfe(
            data.assign(first_treated=np.where(data.province == k, 2015, 0)),
            "y",
            "year",
            "unit",
            "first_treated",
        ).estimate
        for k in range(6)
    )
    np.testing.assert_allclose(np.sort(result.permuted), refits, rtol=1e-9, atol=1e-12)
    expected = np.mean(np.abs(refits) >= abs(result.estimate) - 1e-12)
    assert result.p_value == pytest.approx(expected)
    assert result.p_value >= 1 / 6


def test_permuting_cities_over_rejects_where_permuting_provinces_cannot():
    # the failure cluster= exists to fix: shared province shocks make city permutations reject
    # a true null far more than 5% of the time; the province test is exact (never below 1/6)
    city, province = [], []
    for seed in range(60):
        data = simulate_province_rollout(shock_sd=1.0, effect=0.0, random_state=500 + seed)
        city.append(
            randomization_test(
                data, "y", "year", "unit", "first_treated", n_permutations=99, random_state=seed
            ).p_value
        )
        province.append(
            randomization_test(
                data, "y", "year", "unit", "first_treated", clustervars="province"
            ).p_value
        )
    assert np.mean(np.array(city) <= 0.05) > 0.25
    assert min(province) >= 1 / 6 - 1e-12


def test_many_clusters_are_sampled_and_cs_statistic_accepts_clusters():
    data = _sim(0.0, 3, n_units=40)
    data["cluster"] = data["unit"] // 2
    data["first_treated"] = data.groupby("cluster")["first_treated"].transform("first")
    result = randomization_test(
        data, "y", "year", "unit", "first_treated", clustervars="cluster", n_permutations=50,
        random_state=1,
    )  # fmt: skip
    assert not result.enumerated and result.n_permutations == 50
    assert 1 / 51 <= result.p_value <= 1
    cs = randomization_test(
        data, "y", "year", "unit", "first_treated", statistic="cs", clustervars="cluster",
        n_permutations=5, random_state=1,
    )  # fmt: skip
    assert cs.permuted.shape == (5,)


def test_timing_that_varies_within_a_cluster_is_named():
    data = simulate_province_rollout(effect=0.0, random_state=1)
    data.loc[data.unit == 11, "first_treated"] = 2015  # one city of province 1 adopts
    with pytest.raises(EstimationError, match=r"adoption timing varies within 'province' cluster"):
        randomization_test(data, "y", "year", "unit", "first_treated", clustervars="province")
