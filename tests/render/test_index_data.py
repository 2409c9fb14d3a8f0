"""Tests of evalkit.render.index_data: report kinds, the results contract, q-values, bands."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evalkit.render.index_data import (
    CONTRACT_KEYS,
    ResultsContractError,
    check_contract,
    city_rows,
    pooled_headlines,
    qvalue_band,
    report_kind,
)


def _headline(outcome: str, p_value: float | None, **extra) -> dict:
    headline = dict.fromkeys(CONTRACT_KEYS, 0.0)
    headline.update(
        outcome=outcome, column=f"log_{outcome}", transformation="log", verdict="cannot_tell",
        p_value=p_value,
    )  # fmt: skip
    headline.update(extra)
    return headline


@pytest.mark.parametrize(
    ("name", "results", "kind"),
    [
        ("330100", {}, "city"),
        ("liangchuang_demo_140100", {"headlines": []}, "programme_city"),
        ("liangchuang_did", {}, "pooled"),
        ("my_analysis", {"title": "x"}, "pooled"),
        ("notes", {"value": 1}, "other"),
        ("demo_33010", {}, "other"),  # five digits is not a city code
    ],
)
def test_report_kind(name, results, kind):
    assert report_kind(name, results) == kind


def test_contract_refuses_an_unknown_verdict_naming_folder_headline_and_allowed_values():
    results = {"headlines": [_headline("loans", 0.5), _headline("gdp", 0.5, verdict="maybe")]}
    with pytest.raises(ResultsContractError) as error:
        check_contract("330100", results)
    assert str(error.value) == (
        "reports/330100/results.json: headline 2 has verdict 'maybe'; the contract allows "
        "['effect_detected', 'large_effects_ruled_out', 'cannot_tell']; fix: re-render this "
        "report (`evalkit render`) with the current code"
    )


def test_contract_lists_one_or_two_missing_keys_without_ellipsis():
    headline = _headline("loans", 0.5)
    del headline["mde"]
    with pytest.raises(ResultsContractError, match=r"lacks contract key\(s\) 'mde'; the index"):
        check_contract("330100", {"headlines": [headline]})


def _brute_bh(p_values: list[float]) -> list[float]:
    """q_i = min over j with p_j >= p_i of p_j * m / rank_j, capped at 1."""
    m = len(p_values)
    ranks = {i: sorted(range(m), key=lambda k: p_values[k]).index(i) + 1 for i in range(m)}
    return [
        min(1.0, min(p_values[j] * m / ranks[j] for j in range(m) if p_values[j] >= p_values[i]))
        for i in range(m)
    ]


def test_city_rows_q_values_are_benjamini_hochberg_over_cities_of_the_kind_only():
    reports = {
        "330100": {"city_name": "杭州市", "headlines": [_headline("loans", 0.01),
                                                        _headline("gdp", 0.04)]},
        "330200": {"headlines": [_headline("loans", 0.03)]},
        "330300": {"error": "kernel died"},
        "liangchuang_demo_140100": {"headlines": [_headline("loans", 0.0001)]},
        "province_did": {"headlines": [_headline("loans", 0.0002)]},
    }  # fmt: skip
    rows = city_rows(reports, "city")
    assert list(zip(rows["folder"], rows["outcome"], strict=True)) == [
        ("330100", "loans"),
        ("330100", "gdp"),
        ("330200", "loans"),
    ]  # q = 0.03, 0.04, 0.04: the tie is broken by folder, then outcome order
    by_key = {(r.folder, r.outcome): r.q_value for r in rows.itertuples()}
    expected = _brute_bh([0.01, 0.04, 0.03])
    assert by_key[("330100", "loans")] == pytest.approx(expected[0])
    assert by_key[("330100", "gdp")] == pytest.approx(expected[1])
    assert by_key[("330200", "loans")] == pytest.approx(expected[2])
    assert list(rows["q_value"]) == sorted(rows["q_value"])
    assert rows.set_index("folder").loc["330200", "city_code"] == "330200"
    programme = city_rows(reports, "programme_city")
    assert list(programme["folder"]) == ["liangchuang_demo_140100"]
    assert programme["q_value"].iloc[0] == pytest.approx(0.0001)
    assert programme["city_code"].iloc[0] == "140100"


def test_city_rows_keep_a_missing_p_value_last_with_missing_q():
    reports = {"330100": {"headlines": [_headline("loans", None), _headline("gdp", 0.2)]}}
    rows = city_rows(reports, "city")
    assert list(rows["outcome"]) == ["gdp", "loans"]
    assert math.isnan(rows["q_value"].iloc[1])


def test_pooled_headlines_keyed_by_outcome_only_for_a_good_province_report():
    good = {"province_did": {"headlines": [_headline("loans", 0.1), _headline("gdp", 0.2)]}}
    assert list(pooled_headlines(good)) == ["loans", "gdp"]
    assert pooled_headlines({"province_did": {"error": "x", "headlines": []}}) == {}
    with pytest.raises(ResultsContractError):
        pooled_headlines({"province_did": {"headlines": [{"outcome": "loans"}]}})


@pytest.mark.parametrize(
    ("q", "band"),
    [(0.0, "strong"), (0.0499, "strong"), (0.05, "weak"), (0.0999, "weak"), (0.10, "none"),
     (1.0, "none"), (None, "none"), (np.inf, "none")],
)  # fmt: skip
def test_qvalue_band_edges(q, band):
    assert qvalue_band(q) == band
