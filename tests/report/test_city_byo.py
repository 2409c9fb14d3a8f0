"""Bring-your-own indicator in the city report's headline and summary, by its name.

The user folder is a test fixture written into ``tmp_path`` and found through
``EVALKIT_USER_DATA_DIR`` (synthetic values with a known +20% effect in 杭州 from its start
year; never presented as data). The panel rows come from the same reader the panel build uses
(:func:`evalkit.panel.read_user_indicators`); the headline and the summary sentences are the
functions the city report calls.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit import config
from evalkit.design import build_design
from evalkit.panel import load, read_user_indicators
from evalkit.panel.container import Panel
from evalkit.plans import PlanRegistry
from evalkit.report import summary
from evalkit.report.city_headline import city_headline

CITY, INDICATOR, EFFECT = "330100", "new_smf_loans", 0.2


@pytest.fixture(scope="module")
def user_sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("user")
    panel, registry = load(), PlanRegistry.load()
    design = build_design("zj_growth_plan", registry=registry)
    start = design.first_treated_year(CITY)
    codes = sorted({*design.control_units, CITY})
    rng = np.random.default_rng(0)
    rows = [
        (code, year, INDICATOR,
         round(float(100 * np.exp(0.05 * (year - 2008) + rng.normal(0, 0.02)
                                  + EFFECT * (code == CITY and year >= start))), 3),
         "亿元", "test fixture, not data")
        for code in codes for year in range(2008, 2024)
    ]  # fmt: skip
    frame = pd.DataFrame(
        rows, columns=["unit_code", "year", "indicator", "value", "unit", "source"]
    )
    frame.to_csv(folder / "fixture.csv", index=False)
    mp = pytest.MonkeyPatch()
    mp.setenv(config.USER_DATA_DIR_VARIABLE, str(folder))
    units = panel.frame[["unit_code", "unit_name", "province_code"]].drop_duplicates("unit_code")
    user = read_user_indicators(config.user_data_dir(), units, set(panel.frame["indicator"]))
    mp.undo()
    merged = Panel(pd.concat([panel.frame, user.rows], ignore_index=True), panel.regional)
    design = build_design("zj_growth_plan", registry=registry, outcomes=[INDICATOR])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        head = city_headline(
            design.sample(merged), CITY, INDICATOR, frame=merged.frame, honest=False
        )
    return head


def test_user_indicator_headline_finds_the_known_effect(user_sample):
    head = user_sample
    assert head.column == f"log_{INDICATOR}" and head.percent
    assert head.headline.conf_low < EFFECT < head.headline.conf_high
    assert head.verdict.kind == "effect_detected"
    assert head.expected_sign == 1 and head.verdict.direction == "intended"


@pytest.mark.parametrize(
    ("language", "name"), [("zh", "新增小微企业贷款"), ("en", "new loans to small and micro firms")]
)
def test_summary_names_the_user_indicator(user_sample, language, name):
    sentences = summary.summary_sentences([user_sample], [], language)
    assert sentences[0].startswith(name)
    assert INDICATOR not in " ".join(sentences)  # named, not by its id
