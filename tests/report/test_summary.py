"""Tests of evalkit.report.summary: names from the catalogue, target counts, comparison rows.

Result objects are replaced by small stand-ins holding the fields the summary reads; the
expected numbers follow from them by hand (placebo floors 1/(n+1), ITS interval +-1.96 SE).
"""

from __future__ import annotations

import csv
import math
from types import SimpleNamespace

import pandas as pd
import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.i18n import text
from evalkit.report.summary import (
    COMPARISON_COLUMNS,
    attainment_rows,
    comparison_table,
    outcome_name,
    target_sentence,
)

CATALOGUE = PROJECT_ROOT / "data" / "raw" / "plans" / "outcome_measures.csv"


def test_catalogue_outcomes_are_named_by_their_catalogue_labels():
    with CATALOGUE.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        assert outcome_name(row["outcome"], "zh") == row["label_zh"]
        assert outcome_name(row["outcome"], "en") == row["label_en"]


def test_attainment_status_is_the_projection_where_made_and_probability_rounded():
    own = pd.DataFrame({
        "indicator": ["new_firms", "loans_small", "tax_cut"],
        "indicator_zh": ["新增小微企业", "小微贷款", "减税"],
        "unit_name": ["杭州市"] * 3,
        "status": ["no realised figure", "met", "no realised figure"],
        "verdict": ["unlikely", "", None],
        "p_meet": [0.123456789012345, float("nan"), None],
    })  # fmt: skip
    zh = attainment_rows(own, "zh")
    assert [r["status"] for r in zh] == ["unlikely", "met", "no realised figure"]
    assert [r["label"] for r in zh] == ["新增小微企业", "小微贷款", "减税"]
    assert [r["label"] for r in attainment_rows(own, "en")] == list(own["indicator"])
    assert zh[0]["probability"] == 0.123456789
    assert zh[1]["probability"] is None and zh[2]["probability"] is None


@pytest.mark.parametrize("language", ["zh", "en"])
def test_target_sentence_counts_projected_statuses_in_order(language):
    statuses = ["unlikely", "likely", "met", "likely", "uncertain", "no realised figure"]
    sentence = target_sentence([{"status": s} for s in statuses], language)
    separator = "，" if language == "zh" else ", "
    counts = separator.join([
        text("cityhead_status_likely", language, n=2),
        text("cityhead_status_uncertain", language, n=1),
        text("cityhead_status_unlikely", language, n=1),
    ])  # fmt: skip
    assert sentence == text("cityhead_targets", language, n=6, counts=counts)
    unprojected = target_sentence([{"status": "met"}, {"status": "missed"}], language)
    assert unprojected == text("cityhead_targets_unprojected", language, n=2)


def _head(outcome: str) -> SimpleNamespace:
    headline = SimpleNamespace(method="gap_t", estimate=0.1, conf_low=-0.05, conf_high=0.25,
                               p_value=0.2)  # fmt: skip
    return SimpleNamespace(outcome=outcome, headline=headline)


def test_comparison_rows_for_every_method_with_their_p_value_floors():
    pooled = pd.DataFrame([{"estimate": 0.08, "conf_low": 0.0, "conf_high": 0.16, "p_value": 0.05}])
    evaluation = SimpleNamespace(
        outcome="loans",
        pooled=SimpleNamespace(tidy=lambda: pooled),
        city=SimpleNamespace(estimate=0.12, p_value=0.3, placebo_effects=[0.0] * 9),
    )
    fakes = pd.DataFrame({"placebo_start": [1, 2, 3]})
    its = SimpleNamespace(estimate=0.2, se=0.1, placebo_p_value=0.5, placebos=fakes)
    synthetic = pd.DataFrame(
        {
            "indicator": ["loans", "loans", "gdp"],
            "method": ["sc", "sdid", "sc"],
            "estimate": [0.3, 0.2, 9.0],
            "p_value": [0.1, 0.4, 0.9],
        }
    )
    table = comparison_table([_head("loans")], [evaluation], {"loans": its}, synthetic, "en")
    assert list(table.columns) == COMPARISON_COLUMNS
    assert set(table["outcome_label"]) == {outcome_name("loans", "en")}
    by_method = table.set_index("comparison_method")
    assert list(by_method.index) == ["gap_t", "twfe_crv1", "placebo_in_space", "its", "sc", "sdid"]
    assert by_method.loc["placebo_in_space", "smallest_p"] == pytest.approx(1 / 10)
    assert by_method.loc["its", "smallest_p"] == pytest.approx(1 / 4)
    assert (by_method.loc["its", "conf_low"], by_method.loc["its", "conf_high"]) == pytest.approx(
        (0.2 - 0.196, 0.2 + 0.196)
    )
    assert by_method.loc["twfe_crv1", "p_value"] == 0.05
    assert by_method.loc["sc", "estimate"] == 0.3  # the gdp row belongs to another outcome
    assert math.isnan(by_method.loc["sdid", "conf_low"])


def test_comparison_without_other_evaluations_keeps_the_headline_only():
    table = comparison_table([_head("loans")], [], {}, pd.DataFrame(), "zh")
    assert table["comparison_method"].tolist() == ["gap_t"]
    assert table["outcome_label"].tolist() == [outcome_name("loans", "zh")]
