"""Which inference the headline uses, chosen by a written rule from the design.

The rule rests on the project's coverage study (``benchmarks/coverage.py``, 1,000 simulated
panels per design; 95% intervals, target 93-97%):

=====================================  ==============================  ==========================
design                                 method                          coverage
=====================================  ==============================  ==========================
Zhejiang-like: 62 cities, 6 provinces  between-province t-test         95.8%
(1 treated), province-year shocks      TWFE CRV1 by province           65.5%
                                       CS analytic (unit clusters)     63.6%
                                       TWFE WCR by province            above 99% (too wide)
staggered 60 x 13, unit clusters       CS analytic                     93.3%
                                       TWFE WCR by unit                95.0%
=====================================  ==============================  ==========================

The rule (first match wins; ``G`` clusters, ``G1`` of them holding treated units, ``G0`` holding
none; a cluster is *mixed* when it holds treated and untreated units, i.e. treatment is
assigned below the cluster level):

R0  no treated or no untreated units: no comparison; an error.
R1  ``G1 < 5``, one adoption year, no mixed cluster, ``G0 >= 2``: the between-cluster
    aggregated t-test
    (:func:`evalkit.inference.aggregated_t_test`, t with Satterthwaite df). The only method
    that covers in the Zhejiang-like design. It needs a balanced panel, so the headline is
    estimated on one, and says so. A single treated unit (a city report) is the same test
    with a one-unit treated cluster; that case is not yet in the coverage study.
R2  ``G1 < 5``, staggered adoption or mixed clusters, and ``G0 >= 2`` or mixed clusters: the
    restricted wild cluster bootstrap of the static TWFE coefficient by cluster (Webb weights
    when ``G <= 12``). Conservative with one treated cluster (coverage above 99%): read its
    interval as an upper bound on the uncertainty; TWFE under staggered adoption weights
    cohorts (Goodman-Bacon).
R3  ``G1 < 5``, no mixed cluster and ``G0 < 2``: no method gives valid inference; an error.
R4  ``G1 >= 5`` and ``G >= 30``: Callaway-Sant'Anna simple ATT with analytic standard errors
    clustered at the assignment level (normal reference): 93.3% in the staggered design.
R5  ``G1 >= 5`` and ``G < 30``: the restricted wild cluster bootstrap of the static TWFE
    coefficient by cluster (95.0% by unit in the staggered design; the study has no design
    with this few clusters).

The thresholds (:data:`MIN_TREATED_CLUSTERS`, :data:`MIN_CLUSTERS`) are conventions, not
results of the study: between 6 and 60 clusters the study has no design.

A stress check refines R1 when asked (``diagnose=True``; the pooled province reports ask). The
stressed study (the same design, 1,000 panels per condition, one assumption broken at a time)
found one condition in which the between-province test fails: treated-province shocks 3x the
others' (coverage 71.3%). :func:`evalkit.inference.stress.condition_diagnostics` tests the
balanced panel's pre-period for it, and:

R1s  the treated cluster's shocks are larger (detected at 5%) and the yearly gap is not
     serially correlated: the gap t-test (:func:`evalkit.inference.gap.gap_t_test`, variance
     from the treated cluster's own pre-period years), 93.6% there (94.6% in the base design).
R1w  larger treated shocks and a serially correlated gap (which breaks the gap t-test: 91.4%
     under AR(1) 0.5): the restricted wild cluster bootstrap by cluster, the one method at
     or above 93% in every stressed condition (93.6% to 100%; wide). The two conditions
     together are not in the study.

Otherwise R1 stands; the conditions detected are named in the headline's settings either way.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.deprecation import renamed_keywords
from evalkit.did import aggte, att_gt
from evalkit.errors import EstimationError
from evalkit.inference.aggregated import aggregated_t_test
from evalkit.inference.gap import gap_t_test
from evalkit.inference.power import implied_standard_error, minimum_detectable_effect
from evalkit.inference.stress import FALLBACK as STRESS_FALLBACK
from evalkit.inference.stress import RECOMMENDED as STRESS_RECOMMENDED
from evalkit.inference.stress import condition_diagnostics
from evalkit.inference.wild_bootstrap import twfe_wild_bootstrap
from evalkit.validate import require_columns

Method = Literal["aggregated_t", "cs_analytic", "gap_t", "wild_cluster_bootstrap"]
MIN_TREATED_CLUSTERS = 5
MIN_CLUSTERS = 30

METHOD_LABELS = {
    "aggregated_t": "between-cluster aggregated t-test (Satterthwaite df)",
    "cs_analytic": "Callaway-Sant'Anna simple ATT, analytic cluster-robust SE (normal)",
    "gap_t": "gap t-test (treated-minus-comparison yearly gap, variance from pre-period years)",
    "wild_cluster_bootstrap": "TWFE restricted wild cluster bootstrap (test inversion)",
}
EVIDENCE = {
    "aggregated_t": (
        "coverage study, Zhejiang-like design (6 provinces, 1 treated): aggregated t 95.8%; "
        "TWFE CRV1 65.5%, CS analytic 63.6%"
    ),
    "cs_analytic": "coverage study, staggered 60x13 (unit clusters): CS analytic 93.3%",
    "gap_t": (
        "stressed coverage study, treated-province shocks 3x the others': aggregated t 71.3%, "
        "gap t 93.6%"
    ),
    "wild_cluster_bootstrap": (
        "coverage study: WCR by unit 95.0% (staggered 60x13); by province above 99% "
        "with one treated province of six (conservative)"
    ),
}
RULES = pd.DataFrame(
    [
        ("R0", "no treated or no untreated units", "error", ""),
        ("R1", "G1 < 5, one adoption year, whole clusters treated, G0 >= 2", "aggregated_t",
         EVIDENCE["aggregated_t"]),
        ("R1s", "R1 and larger treated-cluster shocks (stress check)", "gap_t",
         EVIDENCE["gap_t"]),
        ("R1w", "R1, larger treated-cluster shocks and a serially correlated gap",
         "wild_cluster_bootstrap", "WCR by province 93.6%-100% in every stressed condition"),
        ("R2", "G1 < 5, staggered or mixed clusters (G0 >= 2 if none mixed)",
         "wild_cluster_bootstrap", "no method in the study covers; WCR is conservative "
         "(above 99%)"),
        ("R3", "G1 < 5, whole clusters treated, G0 < 2", "error",
         "no untreated clusters to estimate the shock variance"),
        ("R4", "G1 >= 5, G >= 30", "cs_analytic", EVIDENCE["cs_analytic"]),
        ("R5", "G1 >= 5, G < 30", "wild_cluster_bootstrap", "WCR by unit 95.0% at G = 60"),
    ],
    columns=["rule", "condition", "method", "evidence"],
)  # fmt: skip


@dataclass(frozen=True)
class DesignFacts:
    """What the rule needs to know about a design.

    Attributes
    ----------
    cluster_level : str
        Column (level) at which treatment is assigned and errors are clustered.
    n_clusters, n_treated_clusters : int
        Clusters, and those with treated units.
    n_mixed_clusters : int
        Clusters holding treated and untreated units (treatment assigned below the cluster).
    staggered : bool
        More than one adoption year among the treated.
    single_treated_unit : bool
        Exactly one treated unit (a city report).
    n_units : int
        Units in the sample.
    """

    cluster_level: str
    n_clusters: int
    n_treated_clusters: int
    staggered: bool
    single_treated_unit: bool = False
    n_units: int = 0
    n_mixed_clusters: int = 0

    @property
    def n_untreated_clusters(self) -> int:
        """Clusters without treated units."""
        return self.n_clusters - self.n_treated_clusters


@dataclass(frozen=True)
class Recommendation:
    """The method the headline uses and why."""

    method: Method
    rule: str
    reason: str
    evidence: str
    caveat: str
    needs_balanced_panel: bool
    facts: DesignFacts

    @property
    def label(self) -> str:
        """Readable name of the method."""
        return METHOD_LABELS[self.method]

    def tidy(self) -> pd.DataFrame:
        """Return one row: rule, method, reason, evidence, caveat and the design facts."""
        row = {k: v for k, v in asdict(self).items() if k != "facts"}
        return pd.DataFrame([{**row, **asdict(self.facts)}])

    def summary(self) -> str:
        """Return the recommendation as one paragraph."""
        text = f"{self.rule}: {self.label}. {self.reason} Evidence: {self.evidence}."
        return text + (f" Caveat: {self.caveat}" if self.caveat else "")


@renamed_keywords(cluster="clustervars")
def design_facts(
    data: pd.DataFrame, tname: str, idname: str, gname: str, clustervars: str
) -> DesignFacts:
    """Read the facts the rule needs from a long panel (``gname`` 0 = never treated).

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> facts = design_facts(simulate_province_rollout(random_state=0), "year", "unit",
    ...                      "first_treated", "province")
    >>> facts.n_clusters, facts.n_treated_clusters, facts.staggered
    (6, 1, False)

    """
    require_columns(
        data, {"tname": tname, "idname": idname, "gname": gname, "clustervars": clustervars}
    )
    units = data.groupby(idname)[[gname, clustervars]].first()
    treated = units[gname] > 0
    share = treated.groupby(units[clustervars]).mean()
    return DesignFacts(
        cluster_level=clustervars,
        n_clusters=int(units[clustervars].nunique()),
        n_treated_clusters=int(units.loc[treated, clustervars].nunique()),
        staggered=bool(units.loc[treated, gname].nunique() > 1),
        single_treated_unit=bool(treated.sum() == 1),
        n_units=len(units),
        n_mixed_clusters=int(((share > 0) & (share < 1)).sum()),
    )


def recommend(facts: DesignFacts) -> Recommendation:
    """Return the recommended headline inference for a design (the rule in the module doc).

    Examples
    --------
    >>> zhejiang = DesignFacts("province_code", n_clusters=6, n_treated_clusters=1,
    ...                        staggered=False, n_units=62)
    >>> recommend(zhejiang).method
    'aggregated_t'

    """
    g, g1, g0 = facts.n_clusters, facts.n_treated_clusters, facts.n_untreated_clusters
    mixed = facts.n_mixed_clusters > 0
    where = f"{g} clusters of {facts.cluster_level!r}, {g1} with treated units"
    if mixed:
        where += f" ({facts.n_mixed_clusters} also with untreated units)"
    if g1 == 0 or (g0 == 0 and not mixed):  # no treated, or no untreated, units
        raise EstimationError(
            f"{where}; rule R0: a DiD needs treated and untreated units; fix: add never-"
            "treated comparison units"
        )
    if g1 < MIN_TREATED_CLUSTERS:
        if g0 < 2 and not mixed:
            raise EstimationError(
                f"{where}; rule R3: with fewer than {MIN_TREATED_CLUSTERS} treated clusters the "
                "variance of a cluster shock must come from at least 2 untreated clusters; "
                "fix: add comparison clusters"
            )
        if not facts.staggered and not mixed:
            caveat = (
                "the treated cluster is one unit; the coverage study has no one-unit treated "
                "cluster yet"
                if facts.single_treated_unit
                else ""
            )
            return Recommendation(
                "aggregated_t", "R1",
                f"{where}, one adoption year: cluster-robust and unit-level errors ignore the "
                f"shocks the {g0} untreated clusters show; their spread sets the variance.",
                EVIDENCE["aggregated_t"],
                caveat + ("; " if caveat else "") + "assumes normal cluster shocks with a "
                "common variance and a common effect",
                needs_balanced_panel=True, facts=facts,
            )  # fmt: skip
        why = "staggered adoption" if facts.staggered else "treatment assigned within clusters"
        return Recommendation(
            "wild_cluster_bootstrap", "R2",
            f"{where}, {why}: the aggregated t-test needs one adoption year and whole "
            "clusters treated.",
            EVIDENCE["wild_cluster_bootstrap"],
            "conservative with one treated cluster (coverage above 99%): the interval "
            "overstates the uncertainty"
            + ("; TWFE weights cohorts (Goodman-Bacon)" if facts.staggered else ""),
            needs_balanced_panel=False, facts=facts,
        )  # fmt: skip
    if g >= MIN_CLUSTERS:
        caveat = "" if g >= 60 else f"{g} clusters, fewer than the 60 of the coverage study"
        return Recommendation(
            "cs_analytic", "R4",
            f"{where}: enough clusters for cluster-robust influence-function errors; CS is "
            "robust to effects that vary by cohort and time.",
            EVIDENCE["cs_analytic"], caveat, needs_balanced_panel=False, facts=facts,
        )  # fmt: skip
    return Recommendation(
        "wild_cluster_bootstrap", "R5",
        f"{where}: too few clusters for analytic cluster-robust errors.",
        EVIDENCE["wild_cluster_bootstrap"],
        f"the coverage study has no design with {g} clusters"
        + ("; TWFE weights cohorts (Goodman-Bacon)" if facts.staggered else ""),
        needs_balanced_panel=False, facts=facts,
    )  # fmt: skip


@dataclass(frozen=True)
class Headline:
    """The headline effect from the recommended method, on the sample it was estimated on."""

    outcome: str
    method: str
    method_label: str
    rule: str
    reason: str
    caveat: str
    estimate: float
    std_error: float
    conf_low: float
    conf_high: float
    p_value: float
    df: float | None
    alpha: float
    n_clusters: int
    n_treated_clusters: int
    n_units: int
    n_units_dropped: int
    sample_note: str
    log_outcome: bool
    estimate_pct: float
    conf_low_pct: float
    conf_high_pct: float
    mde: float
    mde_pct_low: float
    mde_pct_high: float
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return one row with every field (the shared tidy columns among them)."""
        row = asdict(self)
        row.pop("settings")
        return pd.DataFrame([{"term": "treated_post", **row}])

    def as_dict(self) -> dict:
        """Return the fields as JSON-ready values (NaN as None)."""

        def clean(value):
            if isinstance(value, float) and not math.isfinite(value):
                return None
            return value

        return {k: clean(v) for k, v in asdict(self).items() if k != "settings"}

    def summary(self) -> str:
        """Return the headline in one paragraph (English; reports use the verdict module)."""
        level = 1 - self.alpha
        reference = "normal" if self.df is None else f"t({self.df:.1f})"
        text = (
            f"{self.outcome}: {self.estimate:.4f} ({level:.0%} CI [{self.conf_low:.4f}, "
            f"{self.conf_high:.4f}], p = {self.p_value:.4f}, {reference}); "
            f"{self.method_label}, {self.n_clusters} clusters ({self.n_treated_clusters} "
            f"treated), {self.n_units} units; MDE {self.mde:.4f}. {self.sample_note}"
        )
        if self.caveat:
            text += f" Caveat: {self.caveat}."
        if self.log_outcome:
            text += (
                f" In percent: {self.estimate_pct:+.1%} [{self.conf_low_pct:+.1%}, "
                f"{self.conf_high_pct:+.1%}]; MDE {self.mde_pct_low:+.1%} / "
                f"{self.mde_pct_high:+.1%}."
            )
        return text


def stressed_recommendation(rec: Recommendation, diagnostics) -> Recommendation:
    """Return the recommendation after R1's stress check (R1s, R1w or ``rec`` unchanged).

    Parameters
    ----------
    rec : Recommendation
        The rule's recommendation; only R1 is refined.
    diagnostics : evalkit.inference.stress.ConditionDiagnostics
        The conditions tested on the sample the headline is estimated on.

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> from evalkit.inference.stress import condition_diagnostics
    >>> frame = simulate_province_rollout(shock_scale=(3, 1, 1, 1, 1, 1), random_state=1)
    >>> facts = design_facts(frame, "year", "unit", "first_treated", "province")
    >>> found = condition_diagnostics(frame, "y", "year", "unit", "first_treated", "province")
    >>> stressed_recommendation(recommend(facts), found).rule
    'R1s'
    """
    if rec.rule != "R1" or diagnostics.method == STRESS_RECOMMENDED:
        return rec
    table = diagnostics.tidy().set_index("condition")["p_value"]
    larger = table["treated shock variance"]
    shocks = f"the treated cluster's yearly shocks are larger (p = {larger:.3f})"
    if diagnostics.method == STRESS_FALLBACK:
        return replace(
            rec, method="gap_t", rule="R1s",
            reason=f"{shocks}: the between-cluster test borrows the comparison clusters' "
            "variance and under-covers; the gap t-test uses the treated cluster's own "
            "pre-period years.",
            evidence=EVIDENCE["gap_t"],
            caveat="assumes yearly gaps independent over years with one variance",
        )  # fmt: skip
    return replace(
        rec, method="wild_cluster_bootstrap", rule="R1w",
        reason=f"{shocks} and the yearly gap is serially correlated (p = "
        f"{table['serial correlation']:.3f}): neither t-test holds; the wild cluster bootstrap "
        "clusters all years of a cluster together.",
        evidence="stressed coverage study: WCR by cluster 93.6%-100% in every condition",
        caveat="the two conditions together are not in the study; the interval is wide",
    )  # fmt: skip


def _balanced(data: pd.DataFrame, tname: str, idname: str) -> tuple[pd.DataFrame, int]:
    periods = data[tname].nunique()
    counts = data.groupby(idname)[tname].transform("nunique")
    balanced = data[counts == periods]
    return balanced, data[idname].nunique() - balanced[idname].nunique()


def _fit(method, frame, yname, tname, idname, gname, cluster, alpha, facts, n_draws, seed):
    """Return estimate, SE, CI, p and df of one method."""
    if method == "aggregated_t":
        res = aggregated_t_test(frame, yname, tname, idname, gname, cluster, alpha=alpha)
        return res.estimate, res.std_error, res.conf_low, res.conf_high, res.p_value, res.df
    if method == "cs_analytic":
        fit = att_gt(
            frame, yname, tname, idname, gname, allow_unbalanced_panel=True,
            clustervars=None if cluster == idname else cluster,
        )  # fmt: skip
        simple = aggte(fit, "simple", alp=alpha)
        est, se = simple.overall_att, simple.overall_se
        critical = float(stats.norm.ppf(1 - alpha / 2))
        p = float(2 * stats.norm.sf(abs(est / se)))
        return est, se, est - critical * se, est + critical * se, p, None
    if method == "gap_t":
        res = gap_t_test(frame, yname, tname, idname, gname, alpha=alpha)
        return res.estimate, res.std_error, res.conf_low, res.conf_high, res.p_value, res.df
    weights = "webb" if facts.n_clusters <= 12 else "rademacher"
    res = twfe_wild_bootstrap(
        frame, yname, tname, idname, gname, cluster, weights=weights, n_draws=n_draws,
        alpha=alpha, random_state=seed,
    )  # fmt: skip
    df = facts.n_clusters - 1
    se = implied_standard_error(res.conf_low, res.conf_high, df=df, alpha=alpha)
    return res.estimate, se, res.conf_low, res.conf_high, res.p_value, float(df)


@renamed_keywords(cluster="clustervars")
def recommended_headline(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    clustervars: str,
    *,
    log_outcome: bool | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    n_draws: int = 9999,
    random_state: int = 0,
    diagnose: bool = False,
) -> Headline:
    """Return the headline from the recommended method, estimate and interval from one fit.

    Rows with a missing outcome are left out first (counted in ``settings``). When the method
    needs a balanced panel (R1), units with missing years are left out too, the estimate comes
    from that panel (not from the fuller sample) and ``sample_note`` says how many units
    were dropped.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    clustervars : str
        The level at which treatment is assigned (e.g. ``province_code``).
    log_outcome : bool, optional
        Whether the outcome is a log (percent versions ``exp(b) - 1``); by default when
        ``yname`` starts with ``log_``.
    alpha, power : float
        Test size (interval ``1 - alpha``) and the power of the MDE.
    n_draws, random_state : int
        Bootstrap draws and seed (wild cluster bootstrap only; ``random_state`` also seeds the
        stress check's parametric bootstrap).
    diagnose : bool
        Run R1's stress check (rules R1s and R1w of the module doc). The conditions tested
        go into ``settings["diagnostics"]``; a sample the check cannot be run on (fewer than
        three pre-periods) keeps R1, with the reason in ``settings["unchecked"]``.

    Returns
    -------
    Headline

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> data = simulate_province_rollout(effect=0.0, random_state=1)
    >>> head = recommended_headline(data, "y", "year", "unit", "first_treated", "province")
    >>> head.method, head.n_clusters, head.conf_low < 0 < head.conf_high
    ('aggregated_t', 6, True)

    """
    require_columns(data, {"yname": yname})
    observed = data.dropna(subset=[yname])
    missing_rows = len(data) - len(observed)
    facts = design_facts(observed, tname, idname, gname, clustervars)
    rec = recommend(facts)
    frame, dropped = observed, 0
    note = f"Estimated on {observed[idname].nunique()} units with the outcome observed."
    if rec.needs_balanced_panel:
        frame, dropped = _balanced(observed, tname, idname)
        note = (
            f"Estimated on the balanced panel the method needs: {frame[idname].nunique()} "
            f"units observed in all {observed[tname].nunique()} years"
            + (f" ({dropped} unit(s) with missing years left out)." if dropped else ".")
        )
        if dropped:
            facts = design_facts(frame, tname, idname, gname, clustervars)
            rec = recommend(facts)
    diagnostics, unchecked = [], ""
    if diagnose and rec.rule == "R1":
        try:
            found = condition_diagnostics(
                frame, yname, tname, idname, gname, clustervars, alpha=alpha,
                random_state=random_state,
            )  # fmt: skip
        except EstimationError as error:  # e.g. too few pre-periods: R1 stands, unchecked
            unchecked = f"stress check not run: {error}"
        else:
            rec = stressed_recommendation(rec, found)
            columns = ["condition", "statistic", "p_value", "detected"]
            diagnostics = found.tidy()[columns].to_dict("records")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        est, se, low, high, p, df = _fit(
            rec.method, frame, yname, tname, idname, gname, clustervars, alpha, facts, n_draws,
            random_state,
        )  # fmt: skip
    if log_outcome is None:
        log_outcome = yname.startswith("log_")
    mde = minimum_detectable_effect(se, df=df, alpha=alpha, power=power)
    pct = np.expm1 if log_outcome else (lambda v: np.nan)
    return Headline(
        outcome=yname, method=rec.method, method_label=rec.label, rule=rec.rule,
        reason=rec.reason, caveat=rec.caveat, estimate=float(est), std_error=float(se),
        conf_low=float(low), conf_high=float(high), p_value=float(p),
        df=None if df is None else float(df), alpha=alpha, n_clusters=facts.n_clusters,
        n_treated_clusters=facts.n_treated_clusters, n_units=int(frame[idname].nunique()),
        n_units_dropped=int(dropped), sample_note=note, log_outcome=bool(log_outcome),
        estimate_pct=float(pct(est)), conf_low_pct=float(pct(low)),
        conf_high_pct=float(pct(high)), mde=mde, mde_pct_low=float(pct(-mde)),
        mde_pct_high=float(pct(mde)),
        settings={"power": power, "rows_missing_outcome": missing_rows, "cluster": clustervars,
                  "n_draws": n_draws, "random_state": random_state,
                  "diagnostics": diagnostics, "unchecked": unchecked},
    )  # fmt: skip


def rule_table() -> pd.DataFrame:
    """Return the written rule as a table (rule, condition, method, evidence).

    Examples
    --------
    >>> rule_table()["rule"].tolist()
    ['R0', 'R1', 'R1s', 'R1w', 'R2', 'R3', 'R4', 'R5']

    """
    return RULES.copy()


__all__ = [
    "MIN_CLUSTERS",
    "MIN_TREATED_CLUSTERS",
    "DesignFacts",
    "Headline",
    "Recommendation",
    "design_facts",
    "recommend",
    "recommended_headline",
    "rule_table",
    "stressed_recommendation",
]
