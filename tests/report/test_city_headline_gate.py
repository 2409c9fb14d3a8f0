"""City headline: recommended test, verdict against the expected sign, pre-trend gate, flags.

Oracles: simulated panels with a known effect (and a known city-only pre-trend), the exact
placebo floor 1/(n+1), re-estimation by hand without flagged unit-years, the contract keys.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.inference.recommend import recommended_headline
from evalkit.report.city_headline import CLUSTER, city_frame, city_headline
from evalkit.report.contract import CONTRACT_KEYS

CITY = "330100"


def _sample(column: str, *, effect: float, pretrend: float = 0.0, seed: int = 0) -> pd.DataFrame:
    """A Zhejiang-like design with one treated city alone in its province (one-unit cluster).

    ``pretrend`` adds ``pretrend * (year - start)`` to the city before its start only.
    """
    from evalkit.simulate import simulate_province_rollout

    sim = simulate_province_rollout(
        (1, 8, 8, 8, 8), effect=effect, noise_sd=0.2, shock_sd=0.1, random_state=seed
    )
    sim["unit_code"] = np.where(sim["unit"] == 0, CITY, (500000 + sim["unit"]).astype(str))
    city = (sim["unit_code"] == CITY) & (sim["year"] < sim["first_treated"])
    sim.loc[city, "y"] += pretrend * (sim.loc[city, "year"] - sim.loc[city, "first_treated"])
    return sim.rename(
        columns={"y": column, "first_treated": "first_treated_year", "province": CLUSTER}
    ).assign(unit_name=lambda f: "城市" + f["unit_code"])


@pytest.mark.parametrize(("effect", "direction"), [(1.0, "intended"), (-1.0, "against")])
def test_known_effect_is_detected_and_read_against_the_expected_sign(effect, direction):
    # loans: log outcome, the catalogue expects +1
    head = city_headline(_sample("log_loans", effect=effect), CITY, "loans", honest=False)
    h = head.headline
    assert h.method == "aggregated_t" and h.rule == "R1"  # one-unit treated cluster
    assert h.conf_low < effect < h.conf_high
    assert head.verdict.kind == "effect_detected"
    assert head.verdict.direction == direction
    assert head.verdict.estimate == pytest.approx(np.expm1(h.estimate))  # percent, exp(b)-1
    assert head.interpretable


def test_ratio_outcome_is_not_read_in_percent():
    head = city_headline(_sample("loans_to_gdp", effect=0.0), CITY, "loans_to_gdp", honest=False)
    record = head.as_dict()
    assert record["transformation"] == "ratio" and not head.percent
    assert record["estimate_pct"] is None and record["mde_pct_high"] is None
    assert head.verdict.percent is False
    # read in percentage points: the verdict's numbers are the ratio's x100, said once
    assert head.verdict.estimate == pytest.approx(100 * head.headline.estimate)
    assert head.verdict.conf_high == pytest.approx(100 * head.headline.conf_high)
    assert head.verdict.mde[1] == pytest.approx(100 * head.headline.mde)
    from evalkit.report.summary import headline_sentence

    assert "（单位：百分点）" in headline_sentence(head, "zh")
    assert "(in percentage points)" in headline_sentence(head, "en")
    assert set(record) >= set(CONTRACT_KEYS)
    assert record["n_treated"] == 1 and record["n_control"] == 32


def test_city_pretrend_rejects_and_gates_the_headline():
    sample = _sample("log_loans", effect=0.0, pretrend=-0.5)
    head = city_headline(sample, CITY, "loans", honest=False)
    test = head.pretrend
    # a trend no placebo city has: the city ranks first, p is the floor 1/(n+1)
    assert test.min_p_value == pytest.approx(1 / 33)
    assert test.p_value == pytest.approx(test.min_p_value)
    assert test.rejects and not head.interpretable
    assert head.as_dict()["interpretable"] is False
    assert head.as_dict()["pretrend_p"] == pytest.approx(1 / 33)


def test_no_pretrend_no_gate():
    head = city_headline(_sample("log_loans", effect=0.0, seed=3), CITY, "loans", honest=False)
    assert head.pretrend.p_value > 0.05 and head.interpretable


def test_flagged_years_give_a_robustness_headline_without_them():
    sample = _sample("log_loans", effect=0.5)
    rows = sample.rename(columns={"log_loans": "value"}).assign(
        indicator="loans", jump=False, break_suspected=False
    )
    # 3 comparison units x 7 years flagged: 21 of 33 x 11 unit-years, 5.8% > the 5% threshold
    hit = rows["unit_code"].isin(sorted(rows["unit_code"].unique())[1:4])
    rows.loc[hit & (rows["year"] >= 2012), "jump"] = True
    head = city_headline(sample, CITY, "loans", frame=rows, honest=False)
    assert head.flagged.share == pytest.approx(hit[rows["year"] >= 2012].sum() / len(rows))
    assert head.flagged.warn and head.robust is not None
    keep = ~(hit & (sample["year"] >= 2012)).to_numpy()
    data = city_frame(sample[keep], CITY, "log_loans")
    by_hand = recommended_headline(
        data, "log_loans", "year", "unit_code", "first_treated_year", CLUSTER, log_outcome=True
    )
    assert head.robust.estimate == pytest.approx(by_hand.estimate)
    assert head.robust.n_units == by_hand.n_units < head.headline.n_units
