"""Three-way verdicts, their zh/en sentences, and what they must never say."""

from __future__ import annotations

import numpy as np
import pytest

from evalkit.errors import ParameterError
from evalkit.inference.recommend import recommended_headline
from evalkit.report.verdict import (
    TEMPLATES,
    classify,
    format_p_value,
    format_percent,
    headline_verdict,
)
from evalkit.simulate import simulate_province_rollout

NO_EFFECT_PHRASES = ("consistent with no effect", "与无效应", "不显著")


@pytest.mark.parametrize(
    ("low", "high", "kind"),
    [
        (0.02, 0.30, "effect_detected"),
        (-0.30, -0.001, "effect_detected"),
        (0.01, 0.04, "effect_detected"),  # inside the margin but excluding 0: detected
        (-0.10, 0.10, "large_effects_ruled_out"),  # the margin's edges count as inside
        (-0.04, 0.07, "large_effects_ruled_out"),
        (-0.41, 0.71, "cannot_tell"),  # the workers interval of issue 15
        (-0.05, 0.1001, "cannot_tell"),
        (-0.2, 0.01, "cannot_tell"),
    ],
)
def test_three_way_verdict(low, high, kind):
    assert classify(low, high, estimate=(low + high) / 2).kind == kind


@pytest.mark.parametrize(
    ("estimate", "sign", "direction", "en", "zh"),
    [
        (0.1, 1, "intended", "in the direction the plan intended", "与计划预期一致"),
        (-0.1, 1, "against", "against the direction the plan intended", "与计划预期相反"),
        (-0.1, -1, "intended", "in the direction the plan intended", "与计划预期一致"),
        (0.1, 0, "unspecified", "sets no expected direction", "未设定预期方向"),
    ],
)
def test_direction_against_the_plan(estimate, sign, direction, en, zh):
    low, high = (0.05, 0.15) if estimate > 0 else (-0.15, -0.05)
    verdict = classify(low, high, estimate=estimate, p_value=0.001, expected_sign=sign)
    assert verdict.direction == direction
    assert en in verdict.sentence("en") and zh in verdict.sentence("zh")


def test_no_text_says_no_effect_about_an_interval_wider_than_the_margin():
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(400):
        centre, half = rng.normal(scale=0.1), rng.uniform(0.001, 0.5)
        low, high = centre - half, centre + half
        margin = rng.choice([0.05, 0.10, 0.20])
        sign = int(rng.integers(-1, 2))
        verdict = classify(
            low, high, estimate=centre, p_value=rng.uniform(), margin=margin,
            expected_sign=sign, mde=(-1.4 * half, 1.4 * half),
        )  # fmt: skip
        inside = -margin <= low and high <= margin
        for language in ("en", "zh"):
            text = verdict.sentence(language)
            if not inside:
                checked += 1
                assert not any(phrase in text for phrase in NO_EFFECT_PHRASES), text
            if verdict.kind == "cannot_tell":
                assert ("80%" in text) and ("±" in text)
    assert checked > 300


def test_sentences_quote_the_numbers_in_both_languages():
    verdict = classify(-0.41, 0.71, estimate=0.0075, p_value=0.9, mde=(-0.504, 1.015))
    assert verdict.sentence("en") == (
        "Cannot tell: +0.8% (95% CI -41.0% to +71.0%, p = 0.9000). The interval includes 0 "
        "and also effects beyond ±10%, so the data do not distinguish no effect from a large "
        "one. The smallest effects this test detects with 80% power are -50.4% and +101.5%."
    )
    assert verdict.sentence("zh") == (
        "无法判断：+0.8%（95% 置信区间 -41.0% 至 +71.0%，p = 0.9000）。区间包含 0，也包含超过 "
        "±10% 的效应，数据无法区分无效应与较大的效应。该检验以 80% 的把握能检测到的最小效应为 "
        "-50.4% 或 +101.5%。"
    )


def test_every_template_has_both_languages():
    assert all(set(pair) == {"zh", "en"} for pair in TEMPLATES.values())


def test_p_values_below_a_ten_thousandth_print_as_floor():
    assert format_p_value(0.0) == "<0.0001"
    assert format_p_value(0.00009999) == "<0.0001"
    assert format_p_value(0.0001) == "0.0001"
    assert format_p_value(0.51849) == "0.5185"
    verdict = classify(0.2, 0.4, estimate=0.3, p_value=1e-9)
    assert "p < 0.0001" in verdict.sentence("en") and "0.0000" not in verdict.sentence("zh")


def test_placebo_without_interval_never_rules_out():
    assert classify(np.nan, np.nan, estimate=0.01, p_value=0.6).kind == "cannot_tell"
    assert classify(np.nan, np.nan, estimate=0.3, p_value=0.02).kind == "effect_detected"
    text = classify(np.nan, np.nan, estimate=0.01, p_value=0.6).sentence("en")
    assert "cannot rule out a large effect" in text


def test_headline_verdict_in_percent_from_the_recommended_method():
    data = simulate_province_rollout(effect=0.0, noise_sd=0.05, shock_sd=0.02, random_state=2)
    data = data.rename(columns={"y": "log_y"})
    head = recommended_headline(data, "log_y", "year", "unit", "first_treated", "province")
    verdict = headline_verdict(head, expected_sign=1)
    assert (verdict.conf_low, verdict.conf_high) == (head.conf_low_pct, head.conf_high_pct)
    inside = -0.1 <= head.conf_low_pct and head.conf_high_pct <= 0.1
    excludes = head.conf_low > 0 or head.conf_high < 0
    expected = (
        "effect_detected" if excludes else "large_effects_ruled_out" if inside else "cannot_tell"
    )
    assert verdict.kind == expected
    assert verdict.mde == (head.mde_pct_low, head.mde_pct_high)


def test_level_outcome_needs_a_margin_in_its_units():
    data = simulate_province_rollout(effect=0.0, random_state=1)
    head = recommended_headline(data, "y", "year", "unit", "first_treated", "province")
    with pytest.raises(ParameterError, match="not a log outcome, so a percent margin"):
        headline_verdict(head)
    assert headline_verdict(head, margin=5.0).percent is False


def test_bad_expected_sign_is_refused():
    with pytest.raises(ParameterError, match="expected_sign=2; rule"):
        classify(0.1, 0.2, estimate=0.15, expected_sign=2)


def test_a_bound_just_off_zero_keeps_its_sign():
    verdict = classify(-0.304, -0.0003, estimate=-0.167, p_value=0.0498, expected_sign=1)
    text = verdict.sentence("en")
    assert "-30.4% to -0.03%" in text and "-0.0%" not in text
    assert "against the direction the plan intended" in text


def test_a_percent_interval_unbounded_above_is_said_so_not_printed_in_twelve_digits():
    # 成都's 两创 headline: -7.2%, 95% CI -100.0% to exp(19.8) - 1 (one treated city, df ~ 1)
    verdict = classify(np.expm1(-19.8), np.expm1(19.8), estimate=np.expm1(-0.075),
                       p_value=0.55, mde=(np.expm1(-30.0), np.expm1(30.0)))  # fmt: skip
    sentence = verdict.sentence("en")
    assert "-7.2% (95% CI -100.0% to > +1000%" in sentence
    assert "> +1000%." in sentence and "e+" not in sentence
    assert [format_percent(v) for v in (10.0, 10.0001)] == ["+1000.0%", "> +1000%"]
