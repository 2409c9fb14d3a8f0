"""The summary at the top of a city report: headline sentences, target status, comparison table.

Everything here is generated from result objects (:class:`CityHeadline`, the attainment
table of :func:`evalkit.plans.unit_sections.unit_attainment`); nothing is typed in.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from evalkit.i18n import TARGET_INDICATORS, check_language, scoped_text, text
from evalkit.inference.multiplicity import smallest_attainable_p
from evalkit.panel import indicator_label
from evalkit.plans.outcomes import cached_measures, covered_years, read_catalogue
from evalkit.report.city_headline import POINTS, CityHeadline
from evalkit.report.verdict import format_p_value

# the projections' verdicts, in the order a sentence lists them
PROJECTION_STATUS = ("likely", "uncertain", "unlikely")
ATTAINMENT_COLUMNS = ["indicator", "label", "unit_name", "status", "probability"]
COMPARISON_COLUMNS = [
    "outcome_label",
    "comparison_method",
    "estimate",
    "conf_low",
    "conf_high",
    "p_value",
    "smallest_p",
]


def outcome_name(outcome: str, language: str) -> str:
    """Return the catalogue's label of an outcome (or the panel's name of a user indicator).

    Examples
    --------
    >>> outcome_name("loans", "en")
    'Year-end loans of financial institutions (log)'
    """
    check_language(language)
    measures = cached_measures().set_index("outcome")
    if outcome in measures.index:
        return str(measures.loc[outcome, f"label_{language}"])
    # a user's own indicator named by the target it counts (the plans' wording in Chinese)
    wording = read_catalogue().set_index("indicator")["indicator_zh"]
    if outcome in wording.index:
        if language == "zh":
            return str(wording[outcome])
        return TARGET_INDICATORS.get(outcome, indicator_label(outcome, language))
    return indicator_label(outcome, language)


def outcome_intro(outcome: str, panel, language: str) -> str:
    """Introduce an outcome by what it stands for: label, years, expected sign, reason, caveat.

    Returns "" for an outcome outside the catalogue (a user indicator: its name heads it).

    Examples
    --------
    >>> outcome_intro("not_in_catalogue", None, "en")
    ''
    """
    check_language(language)
    measures = cached_measures().set_index("outcome")
    if outcome not in measures.index:
        return ""
    row = measures.loc[outcome]
    covered = covered_years(panel, str(row["indicator"])) if panel is not None else None
    years = "—" if covered is None else f"{covered[0]}–{covered[1]}"
    sign = {1: "up", -1: "down"}.get(int(row["expected_sign"]), "none")
    # reasons and caveats are written in English in outcome_measures.csv; a Chinese page
    # names the sign only (its label is the catalogue's Chinese label)
    if language == "zh":
        return text(
            "cityhead_intro_zh",
            language,
            label=row["label_zh"],
            years=years,
            sign=text(f"cityhead_sign_{sign}", language),
        )
    return text(
        "cityhead_intro",
        language,
        label=row["label_en"],
        years=years,
        sign=text(f"cityhead_sign_{sign}", language),
        reason=row["sign_reason"],
        caveat=row["caveat"],
    )


def honest_table(bounds) -> pd.DataFrame:
    """Return the HonestDiD rows a report shows: restriction, M, multiple, interval, breakdown."""
    columns = ["restriction", "M", "multiple", "conf_low", "conf_high", "breakdown"]
    return bounds.table[columns].round(4)


def headline_sentence(head: CityHeadline, language: str) -> str:
    """One sentence on one outcome: the verdict, or why it cannot be read.

    A rejected pre-trend test replaces the verdict: the estimate and interval are stated as
    not interpretable under parallel trends, with the HonestDiD breakdown value.
    """
    check_language(language)
    label = outcome_name(head.outcome, language)
    if head.transformation in POINTS:  # numbers in percentage points, said once
        label += text("cityhead_points", language)
    if head.interpretable:
        return scoped_text(
            "punctuation", "labelled", language, label=label, text=head.verdict.sentence(language)
        )
    v = head.verdict
    breakdown = head.honest.breakdown_smoothness if head.honest is not None else float("nan")
    return text(
        "cityhead_not_interpretable",
        language,
        outcome=label,
        estimate=v._number(v.estimate),
        low=v._number(v.conf_low),
        high=v._number(v.conf_high),
        pretrend=format_p_value(head.pretrend.p_value),
        breakdown="—" if not math.isfinite(breakdown) else f"{breakdown:.4f}",
    )


def attainment_rows(own: pd.DataFrame, language: str) -> list[dict]:
    """Return the results.json ``attainment`` list from a unit's own-target table.

    Status is the projection's verdict (likely/uncertain/unlikely) where one was made, else
    the table's status (met, missed, no realised figure, ...).

    Examples
    --------
    >>> own = pd.DataFrame({"indicator": ["x"], "indicator_zh": ["新增"], "unit_name": ["甲市"],
    ...     "status": ["no realised figure"], "verdict": ["likely"], "p_meet": [0.9]})
    >>> attainment_rows(own, "zh")[0]["status"]
    'likely'
    """
    check_language(language)
    rows = []
    for row in own.itertuples(index=False):
        verdict = getattr(row, "verdict", "")
        status = verdict if isinstance(verdict, str) and verdict else row.status
        probability = getattr(row, "p_meet", float("nan"))
        rows.append(
            {
                "indicator": row.indicator,
                "label": row.indicator_zh if language == "zh" else row.indicator,
                "unit_name": row.unit_name,
                "status": status,
                "probability": None
                if probability is None or not math.isfinite(float(probability))
                else round(float(probability), 10),
            }
        )
    return rows


def target_sentence(attainment: list[dict], language: str) -> str:
    """Return one sentence on the city's own targets: how many are likely, uncertain, unlikely.

    Examples
    --------
    >>> target_sentence([], "en")
    'Targets: the plan registry holds no targets of this city.'
    >>> target_sentence([{"status": "likely"}, {"status": "no realised figure"}], "en")
    'Targets: 2 registered; projected: 1 likely met.'
    """
    check_language(language)
    if not attainment:
        return text("cityhead_no_targets", language)
    counts = Counter(row["status"] for row in attainment)
    projected = [s for s in PROJECTION_STATUS if counts.get(s)]
    if not projected:
        return text("cityhead_targets_unprojected", language, n=len(attainment))
    parts = [text(f"cityhead_status_{s}", language, n=counts[s]) for s in projected]
    separator = scoped_text("punctuation", "clause_separator", language)
    return text("cityhead_targets", language, n=len(attainment), counts=separator.join(parts))


def summary_sentences(
    heads: list[CityHeadline], attainment: list[dict], language: str
) -> list[str]:
    """Return the summary's sentences: one per outcome (at most four), then the target status."""
    check_language(language)
    return [headline_sentence(h, language) for h in heads[:4]] + [
        target_sentence(attainment, language)
    ]


def comparison_table(
    heads: list[CityHeadline],
    evaluations: list,
    its_fits: dict,
    counterfactuals: pd.DataFrame,
    language: str,
) -> pd.DataFrame:
    """Return the other methods side by side, per outcome (the headline's method first).

    Rows: the recommended test, pooled TWFE (CRV1 by city), placebo-in-space, ITS, and the
    precomputed synthetic control / synthetic DiD rows. ``smallest_p`` is the floor of a
    permutation p-value (0 for tests on a continuous reference distribution).
    """
    check_language(language)
    rows = []
    by_outcome = {e.outcome: e for e in evaluations}
    for head in heads:
        label = outcome_name(head.outcome, language)
        h = head.headline
        rows.append((label, h.method, h.estimate, h.conf_low, h.conf_high, h.p_value, 0.0))
        evaluation = by_outcome.get(head.outcome)
        if evaluation is not None:
            pooled = evaluation.pooled.tidy().iloc[0]
            rows.append(
                (label, "twfe_crv1", pooled.estimate, pooled.conf_low, pooled.conf_high,
                 pooled.p_value, 0.0)
            )  # fmt: skip
            city = evaluation.city
            floor = smallest_attainable_p("placebo_in_space", len(city.placebo_effects))
            rows.append(
                (label, "placebo_in_space", city.estimate, float("nan"), float("nan"),
                 city.p_value, floor.smallest_p)
            )  # fmt: skip
        fit = its_fits.get(head.outcome)
        if fit is not None:
            fakes = 0 if fit.placebos is None else len(fit.placebos)
            floor_p = smallest_attainable_p("its_placebo", fakes).smallest_p if fakes else np.nan
            rows.append(
                (label, "its", fit.estimate, fit.estimate - 1.96 * fit.se,
                 fit.estimate + 1.96 * fit.se, fit.placebo_p_value, floor_p)
            )  # fmt: skip
        if not counterfactuals.empty:
            indicator = head.outcome
            for row in counterfactuals[counterfactuals["indicator"] == indicator].itertuples():
                rows.append(
                    (label, row.method, row.estimate, float("nan"), float("nan"), row.p_value,
                     float("nan"))
                )  # fmt: skip
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


__all__ = [
    "attainment_rows",
    "comparison_table",
    "headline_sentence",
    "outcome_name",
    "summary_sentences",
    "target_sentence",
]
