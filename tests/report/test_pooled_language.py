"""The pooled reports follow the report language: Chinese headings and prose, no English left.

One render of ``province_did`` and ``plan_targets`` in Chinese (the default language), with the
parameters the batch gives them (:data:`evalkit.render.index_data.POOLED_NOTEBOOKS`).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from evalkit.config import NOTEBOOKS_DIR
from evalkit.i18n import COLUMNS, VALUES, text
from evalkit.inference import RECOMMENDED
from evalkit.inference.recommend import rule_table
from evalkit.plans.outcomes import DEFAULT_OUTCOMES, outcome_column
from evalkit.render.index_data import POOLED_NOTEBOOKS
from evalkit.render.render import render_batch

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("kernels")]

HEADINGS = {
    "province_did": [
        "province_did_title", "sample", "estimators_clustered", "event_studies", "bacon",
        "pretrend_tests", "few_cluster_pvalues", "honest_smoothness",
    ],
    "plan_targets": [
        "plan_targets_title", "registry", "timeline", "timing", "allocation", "flagged_codes",
    ],
}  # fmt: skip
# What the reports showed before they followed the language: none may be left in Chinese.
# Headings and prose, found anywhere in the page's text.
ENGLISH = {
    "province_did": [
        "Estimators side by side (standard errors clustered by city)",
        "Event studies with uniform bands",
        "Bacon decomposition of the static TWFE coefficient",
        "Pre-trend tests (joint test that all pre-treatment effects are zero)",
        "Few clusters: which p-value to read",
        "HonestDiD: smoothness restrictions on the TWFE event study (first post period)",
        "Treated: Zhejiang's 11 cities from 2015",
        "With a single adoption year there is one 2x2 comparison",
        "first_treated_year",  # the printed cohort sizes
        # the estimators' own displays: etable, Bacon, few-cluster p-values, HonestDiD
        "DiD estimators compared for",
        "pre-trend test",
        "Bacon decomposition of the TWFE coefficient",
        "treated vs never treated",
        "CRV1 by city",
        "WCR by province",
        "RI (permute provinces",
        "aggregated t by province",
        "Recommended:",
        "HonestDiD smoothness",
        "original CI:",
    ],
    "plan_targets": [
        "Plans, designations and targets",
        "Every row comes from",
        "Timeline of plans and designations by city",
        "Treatment timing for a DiD",
        "兰溪's allocation table",
        "嘉兴: 2021-2023 targets against what the sources report",
        "Attainment if 嘉兴 kept its 2018 pace",
        "Codes that are valid but not panel units",
        # the registry's and the treatment timing's own displays
        "Plan registry at",
        "Treatment timing for",
        "excluded (",
        "cumulative target",  # the printed attainment summaries
        "on track",
    ],
}
# Column names, ids and codes, as whole text nodes (table cells); the registry and estimator
# objects' own displays may still use them.
ENGLISH_LABELS = {
    "province_did": [
        "p_value", "estimator", "TWFE", "CS", "imputation", "overall", "method", "p-value",
        "weight", "type", "FLCI", "Original", "M", "conf_low",
    ],
    "plan_targets": [
        "new_smf", "indicator", "indicator_zh", "target_type", "cumulative", "headline",
        "allocated", "reason", "programme", "membership", "rows", "status", "treated",
        "never_treated", "excluded", "unknown_membership", "sub_unit_awardee", "confounder",
        "unit_code", "unit_name",
    ],
}  # fmt: skip
# What replaced them: labels from evalkit.i18n, as whole text nodes.
CHINESE_LABELS = {
    "province_did": [
        COLUMNS["event_time"]["zh"], VALUES["term"]["overall"]["zh"],
        VALUES["term"]["pre-trend test"]["zh"], VALUES["estimator"]["TWFE"]["zh"],
        VALUES["type"]["treated vs never treated"]["zh"], COLUMNS["weights"]["zh"],
        COLUMNS["cluster"]["zh"], VALUES["cluster"]["province"]["zh"],
        *(VALUES["method"][method]["zh"] for method in [
            "crv1", "wild_cluster_bootstrap", "randomization", RECOMMENDED, "Original", "FLCI",
        ]),
        VALUES["draws"]["all"]["zh"], COLUMNS["M"]["zh"],
        text("few_cluster_recommendation", "zh"),
    ],
    "plan_targets": [
        COLUMNS["rows"]["zh"], COLUMNS["status"]["zh"], VALUES["status"]["treated"]["zh"],
        VALUES["status"]["never_treated"]["zh"], VALUES["reason"]["unknown_membership"]["zh"],
        VALUES["reason"]["sub_unit_awardee"]["zh"], VALUES["reason"]["confounder"]["zh"],
        COLUMNS["share_achieved"]["zh"], COLUMNS["on_track"]["zh"],
    ],
}  # fmt: skip


def _visible(page: str) -> list[str]:
    """The text a reader sees, one string per text node (no style, script or title)."""
    page = re.sub(r"<(style|script|title)\b.*?</\1>", " ", page, flags=re.DOTALL)
    nodes = (html.unescape(node).strip() for node in re.split(r"<[^>]+>", page))
    return [node for node in nodes if node]


@pytest.fixture(scope="session")  # session: xdist may interleave modules
def pooled_zh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pooled_zh")
    jobs = {
        name: (NOTEBOOKS_DIR / f"{name}.ipynb", {"language": "zh"} if takes_language else {})
        for name, takes_language in POOLED_NOTEBOOKS.items()
        if name in HEADINGS
    }
    summary = render_batch(jobs, output_dir=folder, n_jobs=1, force=True, progress=False)
    assert not summary.failed, summary.summary()
    return folder


def test_every_pooled_report_takes_the_language():
    assert POOLED_NOTEBOOKS == {"province_did": True, "liangchuang_did": True, "plan_targets": True}


@pytest.mark.parametrize("name", sorted(HEADINGS))
def test_chinese_pooled_report_has_chinese_headings_and_no_english_ones(pooled_zh, name):
    page = (pooled_zh / name / "report.html").read_text(encoding="utf-8")
    texts = _visible(page)
    assert '<html lang="zh"' in page
    assert [key for key in HEADINGS[name] if text(key, "zh") not in texts] == []
    assert [phrase for phrase in ENGLISH[name] if any(phrase in node for node in texts)] == []
    assert sorted(set(ENGLISH_LABELS[name]).intersection(texts)) == []


@pytest.mark.parametrize("name", sorted(HEADINGS))
def test_chinese_pooled_report_shows_the_estimators_results_with_chinese_labels(pooled_zh, name):
    texts = set(_visible((pooled_zh / name / "report.html").read_text(encoding="utf-8")))
    assert [label for label in CHINESE_LABELS[name] if label not in texts] == []


def test_province_report_still_publishes_the_few_cluster_p_value(pooled_zh):
    results = json.loads((pooled_zh / "province_did" / "results.json").read_text("utf-8"))
    for outcome in DEFAULT_OUTCOMES:
        assert 0 < results["province_did"][outcome_column(outcome)]["few_clusters_p"] < 1


def test_province_report_publishes_the_contract_headlines(pooled_zh):
    results = json.loads((pooled_zh / "province_did" / "results.json").read_text("utf-8"))
    assert results["title"] == text("province_did_title", "zh")
    assert [h["outcome"] for h in results["headlines"]] == list(DEFAULT_OUTCOMES)
    rules = rule_table().set_index("rule")["method"]
    for head in results["headlines"]:  # R1, or R1 refined by its stress check
        assert head["rule"] in ("R1", "R1s", "R1w") and head["method"] == rules[head["rule"]]
    assert {row["indicator"] for row in results["stress"]} == set(DEFAULT_OUTCOMES)
    assert results["summary"] and text("summary", "zh") in _visible(
        (pooled_zh / "province_did" / "report.html").read_text(encoding="utf-8")
    )
