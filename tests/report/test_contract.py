"""The results.json headline contract (report.contract) and the index's check of it."""

import math

import numpy as np
import pytest

from evalkit.inference.recommend import recommended_headline
from evalkit.render.index_data import check_contract
from evalkit.report.contract import CONTRACT_KEYS, headline_record, json_number
from evalkit.report.verdict import headline_verdict
from evalkit.simulate import simulate_province_rollout

DESIGN = ("year", "unit", "first_treated", "province")


@pytest.fixture(scope="module")
def headline():
    data = simulate_province_rollout(effect=0.2, random_state=3)
    return recommended_headline(data, "y", *DESIGN, log_outcome=True)


def _record(headline, transformation: str):
    margin = None if transformation == "log" else 0.1
    verdict = headline_verdict(headline, expected_sign=1, margin=margin)
    return headline_record(
        headline, verdict, outcome="loans", transformation=transformation, expected_sign=1,
        margin=verdict.margin, pretrend_p=float("nan"), interpretable=True, n_treated=11,
        n_control=51,
    )  # fmt: skip


def test_a_record_holds_every_key_the_index_checks_and_passes_its_check(headline):
    record = _record(headline, "log")
    assert [key for key in CONTRACT_KEYS if key not in record] == []
    assert check_contract("province_did", {"headlines": [record]}) == [record]
    assert record["estimate_pct"] == pytest.approx(np.expm1(headline.estimate), abs=1e-9)
    assert record["pretrend_p"] is None  # NaN is not JSON
    assert (record["n_treated"], record["n_control"], record["smallest_p"]) == (11, 51, 0.0)


def test_percent_fields_are_empty_for_an_outcome_that_is_not_a_log(headline):
    record = _record(headline, "ratio")
    assert [record[k] for k in CONTRACT_KEYS if k.endswith(("_pct", "_pct_low", "_pct_high"))] == [
        None
    ] * 5
    assert record["estimate"] == json_number(headline.estimate)


def test_json_number_rounds_and_drops_what_json_cannot_hold():
    assert json_number(1 / 3) == 0.3333333333
    assert [json_number(v) for v in (math.inf, -math.inf, math.nan, None)] == [None] * 4
    assert json_number(np.float64(2.5)) == 2.5 and type(json_number(np.float64(2.5))) is float
