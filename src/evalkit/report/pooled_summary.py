"""The pooled reports' honest headline, HonestDiD on the average effect, and their summary.

Per outcome the headline is the method :func:`evalkit.inference.recommend.recommended_headline`
chooses for the design (its written rule), read against the catalogue's expected sign
(:func:`evalkit.report.verdict.headline_verdict`); the result is one record in the
results.json ``headlines`` schema (``/work/briefs/contract.md``). The summary sentences are
generated from those records.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.design import outcome_column
from evalkit.did import aggte
from evalkit.errors import EvalkitError
from evalkit.i18n import check_language, scoped_text, text, value_label
from evalkit.inference.honest import HonestSummary, honest_summary
from evalkit.inference.recommend import Headline, recommended_headline
from evalkit.plans.outcomes import outcome_measures
from evalkit.plots.fonts import use_cjk_font
from evalkit.report.contract import headline_record
from evalkit.report.design_effects import MAX_EVENT_TIME, cs_group_time
from evalkit.report.verdict import (
    DEFAULT_MARGIN,
    Verdict,
    format_p_value,
    headline_verdict,
    p_relation,
)

PRETREND_ALPHA = 0.05
# The outcomes the reports used before the catalogue's defaults (issue 14).
PREVIOUS_DEFAULTS = ("urban_individual_workers", "night_lights")
STRESS_RULES = ("R1s", "R1w")  # R1 refined by the stress check (evalkit.inference.recommend)


def _measure(outcome: str) -> pd.Series:
    return outcome_measures().set_index("outcome").loc[outcome]


def unit_margin(sample: pd.DataFrame, column: str, share: float = DEFAULT_MARGIN) -> float:
    """Return the "large effect" margin of a non-log outcome: ``share`` of its treated baseline.

    The baseline is the mean of ``column`` over treated units in the years before their first
    treated year, so a ratio's margin is "10% of where the treated cities started", rounded to
    three significant digits (as the verdict sentence prints it).

    Examples
    --------
    >>> sample = pd.DataFrame({"first_treated_year": [3, 3, 3, 0], "year": [1, 2, 3, 1],
    ...     "y": [1.0, 3.0, 9.0, 5.0]})
    >>> unit_margin(sample, "y")
    0.2
    """
    treated = sample["first_treated_year"] > 0
    before = treated & (sample["year"] < sample["first_treated_year"])
    return float(f"{share * abs(sample.loc[before, column].mean()):.3g}")


@dataclass(frozen=True)
class PooledHeadline:
    """One outcome's headline: the recommended fit, its verdict and the pre-trend gate."""

    outcome: str
    headline: Headline
    verdict: Verdict
    expected_sign: int
    transformation: str
    pretrend_p: float | None
    n_treated: int
    n_control: int

    @property
    def interpretable(self) -> bool:
        """False when the pre-trend test rejects at 5% (parallel trends doubtful)."""
        return self.pretrend_p is None or not self.pretrend_p < PRETREND_ALPHA

    def record(self) -> dict:
        """Return the results.json ``headlines`` entry (see :mod:`evalkit.report.contract`)."""
        return headline_record(
            self.headline, self.verdict, outcome=self.outcome,
            transformation=self.transformation, expected_sign=self.expected_sign,
            margin=self.verdict.margin, pretrend_p=self.pretrend_p,
            interpretable=self.interpretable, n_treated=self.n_treated, n_control=self.n_control,
        )  # fmt: skip


def pooled_headline(
    sample: pd.DataFrame,
    outcome: str,
    *,
    cluster: str = "province_code",
    pretrend_p: float | None = None,
    n_draws: int = 9999,
    seed: int = 0,
    diagnose: bool = True,
) -> PooledHeadline:
    """Return the recommended headline of one outcome with its three-way verdict.

    Parameters
    ----------
    sample : pandas.DataFrame
        :meth:`evalkit.design.Design.sample` (``year, unit_code, first_treated_year`` and the
        cluster column).
    outcome : str
        Catalogue outcome id (its sample column is :func:`evalkit.design.outcome_column`).
    cluster : str
        The level at which treatment is assigned.
    pretrend_p : float, optional
        p-value of the pre-trend test of the outcome's event study (the gate).
    n_draws, seed : int
        Wild bootstrap draws and seed (only when the rule picks the bootstrap).
    diagnose : bool
        Run the stress check of rule R1 (the conditions that break the between-province
        test; rules R1s and R1w of :mod:`evalkit.inference.recommend`).

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> data = simulate_province_rollout(effect=0.0, random_state=1)
    >>> sample = data.rename(columns={"y": "log_loans", "unit": "unit_code",
    ...     "first_treated": "first_treated_year", "province": "province_code"})
    >>> head = pooled_headline(sample, "loans")
    >>> head.record()["method"], head.record()["verdict"]
    ('aggregated_t', 'cannot_tell')
    """
    column = outcome_column(outcome)
    measure = _measure(outcome)
    transformation = str(measure["transformation"])
    log = transformation == "log"
    head = recommended_headline(
        sample, column, "year", "unit_code", "first_treated_year", cluster, log_outcome=log,
        n_draws=n_draws, random_state=seed, diagnose=diagnose,
    )  # fmt: skip
    sign = int(measure["expected_sign"])
    margin = None if log else unit_margin(sample.dropna(subset=[column]), column)
    verdict = headline_verdict(head, expected_sign=sign, margin=margin)
    observed = sample.dropna(subset=[column])
    if head.n_units_dropped:
        counts = observed.groupby("unit_code")["year"].nunique()
        observed = observed[observed["unit_code"].isin(counts.index[counts == counts.max()])]
    units = observed.drop_duplicates("unit_code")
    return PooledHeadline(
        outcome, head, verdict, sign, transformation, pretrend_p,
        int((units["first_treated_year"] > 0).sum()), int((units["first_treated_year"] == 0).sum()),
    )  # fmt: skip


def headline_table(headlines: Sequence[PooledHeadline], language: str) -> pd.DataFrame:
    """Return one row per outcome: method, estimate, interval (in % for logs), MDE, verdict.

    Examples
    --------
    >>> headline_table([], "en").columns.tolist()[:3]
    ['indicator', 'headline_method', 'estimate_shown']
    """
    check_language(language)
    rows = []
    for item in headlines:
        v = item.verdict
        number = v._number
        rows.append({
            "indicator": item.outcome,
            "headline_method": text(f"method_{item.headline.method}", language),
            "estimate_shown": number(v.estimate),
            "interval_shown": f"[{number(v.conf_low)}, {number(v.conf_high)}]",
            "p_value": item.headline.p_value,
            "mde_shown": "" if v.mde is None else f"{number(v.mde[0])} / {number(v.mde[1])}",
            "verdict_shown": text(f"verdict_{v.kind}", language),
            "pretrend_p": "" if item.pretrend_p is None else format_p_value(item.pretrend_p),
            "n_treated": item.n_treated, "n_control": item.n_control,
        })  # fmt: skip
    columns = ["indicator", "headline_method", "estimate_shown", "interval_shown", "p_value",
               "mde_shown", "verdict_shown", "pretrend_p", "n_treated", "n_control"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def summary_sentences(
    headlines: Sequence[PooledHeadline], labels: Mapping[str, str], language: str
) -> list[str]:
    """Return the report's summary: one verdict sentence per outcome and one on the method.

    Parameters
    ----------
    headlines : sequence of PooledHeadline
    labels : mapping
        ``{outcome: label}`` in the report language.
    language : {"zh", "en"}

    Examples
    --------
    >>> summary_sentences([], {}, "en")
    []
    """
    check_language(language)
    sentences = []
    for item in headlines:
        sentence = scoped_text(
            "punctuation", "labelled", language, label=labels[item.outcome],
            text=item.verdict.sentence(language),
        )  # fmt: skip
        if not item.interpretable:
            sentence += text("summary_pretrend_rejects", language, p=p_relation(item.pretrend_p))
        rule = item.headline.rule
        if rule in STRESS_RULES:
            found = {row["condition"]: row["p_value"] for row in _diagnostics(item)}
            sentence += text(
                f"summary_stress_{rule}", language, p=p_relation(found["treated shock variance"]),
                q=p_relation(found.get("serial correlation")),
            )  # fmt: skip
        sentences.append(sentence)
    if headlines:
        first = headlines[0].headline
        by_city = first.settings.get("cluster") != "province_code"
        stressed = any(item.headline.rule in STRESS_RULES for item in headlines)
        key = "summary_method_city" if by_city else "summary_method"
        sentences.append(
            text(
                "summary_method_stressed" if stressed and not by_city else key,
                language,
                method=text(f"method_{'aggregated_t' if stressed else first.method}", language),
                clusters=first.n_clusters,
                treated=first.n_treated_clusters,
            )
        )
    return sentences


def _diagnostics(item: PooledHeadline) -> list[dict]:
    return list(item.headline.settings.get("diagnostics", []))


def _condition_key(condition: str) -> str:
    """Return the catalogue key suffix of a stress condition (``heavy tails`` -> ``heavy_tails``).

    Examples
    --------
    >>> _condition_key("one-city province (treated)")
    'one_city_province_treated'
    """
    for old, new in (("(", ""), (")", ""), ("-", " ")):
        condition = condition.replace(old, new)
    return "_".join(condition.split())


def stress_summary(headlines: Sequence[PooledHeadline], language: str) -> pd.DataFrame:
    """Return one row per outcome: the method used and the conditions the stress check found.

    Examples
    --------
    >>> stress_summary([], "en").columns.tolist()
    ['indicator', 'headline_method', 'conditions_detected']
    """
    check_language(language)
    separator = scoped_text("punctuation", "list_separator", language)
    rows = []
    for item in headlines:
        found = [row["condition"] for row in _diagnostics(item) if row["detected"]]
        named = [value_label("condition", condition, language) for condition in found]
        rows.append({"indicator": item.outcome,
                     "headline_method": text(f"method_{item.headline.method}", language),
                     "conditions_detected": separator.join(named)
                     or text("stress_none_detected", language)})  # fmt: skip
    return pd.DataFrame(rows, columns=["indicator", "headline_method", "conditions_detected"])


def stress_table(headlines: Sequence[PooledHeadline], language: str) -> pd.DataFrame:
    """Return the stress check of every headline: condition, statistic, p, detected, finding.

    One row per outcome and condition of :func:`evalkit.inference.stress.condition_diagnostics`
    (run on the sample the headline is estimated on), with what the stressed coverage study
    found about the recommended test under that condition, in ``language``.

    Examples
    --------
    >>> stress_table([], "en").columns.tolist()
    ['indicator', 'headline_method', 'condition', 'statistic', 'p_value', 'detected', 'finding']
    """
    check_language(language)
    rows = [
        {"indicator": item.outcome,
         "headline_method": text(f"method_{item.headline.method}", language),
         "condition": row["condition"], "statistic": row["statistic"],
         "p_value": row["p_value"], "detected": "yes" if row["detected"] else "no",
         "finding": text(f"stress_finding_{_condition_key(row['condition'])}", language)}
        for item in headlines
        for row in _diagnostics(item)
    ]  # fmt: skip
    columns = ["indicator", "headline_method", "condition", "statistic", "p_value", "detected",
               "finding"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def headline_figure(headlines: Sequence[PooledHeadline], labels: Mapping[str, str], language: str):
    """Return the key figure: each outcome's headline estimate, interval, MDE and margin.

    One panel per outcome (units differ: percent for log outcomes, the outcome's own units
    otherwise): the estimate and its 95% interval, the band of effects the test cannot
    detect with 80% power (shaded), the "large effect" margin (dashed) and zero.

    Examples
    --------
    >>> headline_figure([], {}, "en").axes
    []
    """
    check_language(language)
    import matplotlib.pyplot as plt

    use_cjk_font()
    figure = plt.figure(figsize=(7.5, 0.6 + 1.25 * max(len(headlines), 1)), layout="constrained")
    if not headlines:
        return figure
    axes = figure.subplots(len(headlines), 1, squeeze=False)[:, 0]
    for axis, item in zip(axes, headlines, strict=True):
        v = item.verdict
        scale = 100.0 if v.percent else 1.0
        if v.mde is not None and all(map(math.isfinite, v.mde)):
            axis.axvspan(v.mde[0] * scale, v.mde[1] * scale, color="#d6eaf8", zorder=0,
                         label=text("figure_mde_band", language))  # fmt: skip
        for sign in (-1, 1):
            axis.axvline(sign * v.margin * scale, color="#7f8c8d", linestyle="--", linewidth=0.8,
                         label=text("figure_margin", language) if sign < 0 else None)  # fmt: skip
        axis.axvline(0.0, color="black", linewidth=0.8)
        axis.errorbar(
            [v.estimate * scale], [0.0],
            xerr=[[(v.estimate - v.conf_low) * scale], [(v.conf_high - v.estimate) * scale]],
            fmt="o", color="#c0392b", capsize=4, label=text("figure_estimate", language),
        )  # fmt: skip
        axis.set_yticks([])
        axis.set_title(labels.get(item.outcome, item.outcome), fontsize=10, loc="left")
        unit = "figure_axis_percent" if v.percent else "figure_axis_units"
        axis.set_xlabel(text(unit, language), fontsize=9)
    axes[0].legend(fontsize=8, loc="upper right", ncols=3)
    return figure


def honest_average(dynamic, *, tol_m: float = 1e-3, tol_mbar: float = 1e-2):
    """Return HonestDiD on the average post effect of a universal-base CS event study.

    ``Delta^SD`` on multiples of the largest pre-period second difference, ``Delta^RM`` on
    ``Mbar in {0.5, 1, 2}``, with both breakdown values
    (:func:`evalkit.inference.honest.honest_summary`).

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> from evalkit.did import event_study
    >>> fit = event_study(simulate_staggered_panel(n_units=200, n_periods=6,
    ...     random_state=0).data, "y", "year", "unit", "first_treated")
    >>> honest_average(fit).target
    'average'
    """
    return honest_summary(dynamic, target="average", tol_m=tol_m, tol_mbar=tol_mbar)


# Pre-periods HonestDiD reads (e = -4..-2 against e = -1): the Delta^RM sets enumerate the
# dual vertices of every pre/post moment, so each added pre-period about doubles the time.
HONEST_PRE_PERIODS = 3


def honest_event_study(sample: pd.DataFrame, column: str, *, pre_periods: int = HONEST_PRE_PERIODS):
    """Return the CS event study HonestDiD reads: universal base, e from ``-pre_periods`` to 8.

    The pre-periods are limited (default 3, i.e. e = -4..-2 against e = -1) so that the
    ``Delta^RM`` sets stay tractable (about 15-90 s per outcome on the Zhejiang design); the
    long event study shows the rest.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> data = simulate_staggered_panel(n_units=60, n_periods=6, random_state=0).data
    >>> sample = data.rename(columns={"unit": "unit_code", "first_treated": "first_treated_year"})
    >>> int(honest_event_study(sample, "y", pre_periods=2).labels.min())
    -3
    """
    return aggte(
        cs_group_time(sample, column), "dynamic", min_e=-(pre_periods + 1), max_e=MAX_EVENT_TIME,
        na_rm=True,
    )  # fmt: skip


def honest_averages(
    sample: pd.DataFrame, outcomes: Sequence[str]
) -> tuple[dict[str, HonestSummary], dict[str, str]]:
    """Return HonestDiD on the average post effect per outcome, and why any outcome failed.

    Each outcome's :func:`honest_event_study` is read by :func:`honest_average`; an outcome
    whose event study or bounds cannot be computed is left out of the fits and listed with
    the class of the error (a report says which outcome has no bounds and why).

    Examples
    --------
    >>> honest_averages(pd.DataFrame(), [])
    ({}, {})
    """
    fits, failures = {}, {}
    for outcome in outcomes:
        try:
            fits[outcome] = honest_average(honest_event_study(sample, outcome_column(outcome)))
        except EvalkitError as error:
            failures[outcome] = type(error).__name__
    return fits, failures


def honest_rows(summaries: Mapping[str, object]) -> pd.DataFrame:
    """Return ``indicator, restriction, M, multiple, conf_low, conf_high, breakdown`` rows.

    Examples
    --------
    >>> honest_rows({}).columns.tolist()[:2]
    ['indicator', 'restriction']
    """
    frames = [summary.tidy().assign(indicator=outcome) for outcome, summary in summaries.items()]
    columns = ["indicator", "restriction", "M", "multiple", "conf_low", "conf_high", "breakdown"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def breakdown_rows(summaries: Mapping[str, object]) -> pd.DataFrame:
    """Return one row per outcome: average effect, largest pre second difference, breakdowns.

    Examples
    --------
    >>> breakdown_rows({}).columns.tolist()
    ['indicator', 'estimate', 'max_second_difference', 'breakdown_m', 'breakdown_mbar']
    """
    rows = [
        {"indicator": outcome, "estimate": s.estimate,
         "max_second_difference": s.max_second_difference,
         "breakdown_m": s.breakdown_smoothness, "breakdown_mbar": s.breakdown_relative_magnitude}
        for outcome, s in summaries.items()
    ]  # fmt: skip
    columns = ["indicator", "estimate", "max_second_difference", "breakdown_m", "breakdown_mbar"]
    return pd.DataFrame(rows, columns=columns)


def outcome_change_table(language: str, previous: Sequence[str] = PREVIOUS_DEFAULTS):
    """Return the new default outcomes next to the previous ones, with why each was chosen.

    Rows come from the outcome catalogue (``outcome_measures.csv``): the new defaults
    (``default == 1``) with their sign reason, then the previous defaults with their caveat
    (why they were dropped: ambiguous sign, noise, the 2013 lights break).

    Examples
    --------
    >>> outcome_change_table("en")["status"].tolist()[-1]
    'previous default (dropped)'
    """
    measures = outcome_measures().set_index("outcome")
    label = f"label_{language}"
    rows = []
    for outcome, row in measures.loc[measures["default"].astype(int) == 1].iterrows():
        rows.append({"status": text("outcome_status_new", language), "outcome_label": row[label],
                     "expected_sign": int(row["expected_sign"]),
                     "why": _why(row, "new", language, outcome)})  # fmt: skip
    for outcome in previous:
        row = measures.loc[outcome]
        rows.append({"status": text("outcome_status_old", language), "outcome_label": row[label],
                     "expected_sign": int(row["expected_sign"]),
                     "why": _why(row, "old", language, outcome=outcome)})  # fmt: skip
    return pd.DataFrame(rows, columns=["status", "outcome_label", "expected_sign", "why"])


def outcome_change_estimates(
    new: Sequence[PooledHeadline], previous: Sequence[PooledHeadline], language: str
) -> pd.DataFrame:
    """Return the headlines of the new default outcomes and of the previous ones, side by side.

    One :func:`headline_table` with a first ``status`` column (new default / previous default),
    so a reader sees what changing the outcomes changed: the same design rules, the same
    recommended method, each outcome with its own verdict and pre-trend gate.

    Examples
    --------
    >>> outcome_change_estimates([], [], "en").columns.tolist()[:3]
    ['status', 'indicator', 'headline_method']
    """
    parts = [
        headline_table(items, language).assign(status=text(key, language))
        for items, key in ((new, "outcome_status_new"), (previous, "outcome_status_old"))
    ]
    table = pd.concat(parts, ignore_index=True)
    return table[["status", *table.columns.drop("status")]]


def _why(row: pd.Series, kind: str, language: str, outcome: str) -> str:
    key = f"outcome_dropped_{outcome}" if kind == "old" else f"outcome_why_{outcome}"
    return text(key, language, reason=row["sign_reason"], caveat=row["caveat"])


def pretrend_p(dynamic) -> float | None:
    """Return the p-value of the event study's joint pre-trend test (None without pre-periods).

    Examples
    --------
    >>> pretrend_p(type("E", (), {"pretrend_test": lambda self: None})()) is None
    True
    """
    test = dynamic.pretrend_test()
    return None if test is None else float(np.clip(test.p_value, 0.0, 1.0))


__all__ = [
    "PREVIOUS_DEFAULTS",
    "PooledHeadline",
    "breakdown_rows",
    "headline_figure",
    "headline_table",
    "honest_average",
    "honest_averages",
    "honest_event_study",
    "honest_rows",
    "outcome_change_estimates",
    "outcome_change_table",
    "pooled_headline",
    "pretrend_p",
    "stress_summary",
    "stress_table",
    "summary_sentences",
    "unit_margin",
]
