"""Which assumption of the between-province t-test does the data break? Diagnostics by condition.

``benchmarks/coverage.py`` stresses the recommended test of the Zhejiang design
(:func:`evalkit.inference.aggregated.aggregated_t_test`: one treated province of six, province
shocks) one assumption at a time. :func:`condition_diagnostics` looks for each condition in
a sample, so a report can name it and use the method that holds there (``STRESS_FINDINGS``
carries the benchmark's verdicts, 1,000 panels each):

- ``treated shock variance``: the treated province's yearly shocks are larger than the
  comparison provinces'. The between-province test borrows their variance and under-covers;
  the gap t-test (:func:`evalkit.inference.gap.gap_t_test`) uses the treated province's own
  pre-period years and holds. Statistic: the pre-period variance of the yearly
  treated-minus-comparison gap over the variance the comparison provinces imply for it
  (one-sided: only a larger variance breaks the test).
- ``comparison shock variance``: one comparison province's shocks differ from the others'.
  Statistic: the largest ``log(s2_p / E s2_p)`` over comparison provinces of their
  province-year means less their own mean and the year's unit-weighted comparison mean,
  each against what the shock variance of the other comparison provinces and the
  province's size imply (one-sided: a province with larger shocks).
- ``heavy tails``: excess kurtosis of city residuals (unit and province-year means removed).
- ``serial correlation``: pooled lag-1 autocorrelation of the same residuals (two-sided); it
  breaks the gap t-test, not the between-province one (which collapses years first).
- ``effect varies by city``: the within-province variance of cities' post-minus-pre contrasts,
  treated provinces over comparison ones; exactly F under normal city noise (one-sided).
- ``one-city province`` (treated or comparison): counted, not tested.

The first four use the pre-period only (the effect cannot leak into them). Their p-values come
from a parametric bootstrap of the null model the between-province test assumes: normal
province-year shocks with one variance, normal city noise independent over years, both with
variances estimated from the data (comparison provinces for the shocks); each statistic is
recomputed on ``n_draws`` simulated panels of the sample's shape, so the bias of demeaned
residuals (lag-1 autocorrelation about ``-1/(T-1)``) is accounted for. The p-value is
``(1 + #{stat* >= stat}) / (1 + n_draws)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.deprecation import renamed_keywords
from evalkit.errors import EstimationError
from evalkit.inference.checks import per_group, selected_columns
from evalkit.inference.gap import rollout_arrays
from evalkit.results import HtmlDisplay

RECOMMENDED = "aggregated t (province)"
FALLBACK = "gap t (pre-period years)"
CONDITIONS = (
    "one-city province (treated)",
    "one-city province (comparison)",
    "treated shock variance",
    "comparison shock variance",
    "heavy tails",
    "serial correlation",
    "effect varies by city",
)
# What benchmarks/coverage.py found (1,000 panels per condition; coverage of 95% intervals)
STRESS_FINDINGS = {
    "one-city province (treated)": "the between-province test holds (coverage 0.946)",
    "one-city province (comparison)": "the between-province test holds (the base design, 0.958)",
    "treated shock variance": (
        "the between-province test under-covers (0.713 with 3x shocks); the gap t-test holds "
        "(0.936); choosing by this diagnostic covers 0.899"
    ),
    "comparison shock variance": (
        "the between-province test over-covers (0.978 with one province at 3x): valid, wide"
    ),
    "heavy tails": "the between-province test holds (0.939 with t(3) shocks and noise)",
    "serial correlation": (
        "the between-province test holds (0.961 with AR(1) 0.5); the gap t-test under-covers "
        "(0.914)"
    ),
    "effect varies by city": "the between-province test holds (0.946 with city effect sd 1)",
}


@dataclass(frozen=True)
class ConditionDiagnostics(HtmlDisplay):
    """Tests for the conditions that break the recommended few-cluster test, and the verdict."""

    table: pd.DataFrame
    method: str
    reason: str
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return one row per condition: statistic, p-value, whether detected, and finding."""
        return self.table.copy()

    @property
    def detected(self) -> list[str]:
        """Names of the conditions found in the data."""
        return self.table.loc[self.table["detected"], "condition"].tolist()

    def summary(self) -> str:
        """Return the table as text with the method to use and why."""
        shown = self.table[["condition", "statistic", "p_value", "detected"]]
        text = shown.to_string(index=False, float_format=lambda v: f"{v:.4f}")
        return f"{text}\nuse: {self.method} ({self.reason})"

    def _display_text(self) -> str:
        return f"use: {self.method} ({self.reason})"

    def _display_table(self) -> pd.DataFrame:
        return self.table


def _demean_units(values: np.ndarray, codes: np.ndarray, sizes: np.ndarray) -> tuple:
    """Return province-year means ``(draws, P, T)`` and city residuals ``(draws, N, T)``."""
    members = (codes[None, :] == np.arange(sizes.size)[:, None]) / sizes[:, None]
    means = np.einsum("pn,dnt->dpt", members, values)
    residual = (
        values
        - values.mean(axis=2, keepdims=True)
        - means[:, codes]
        + means.mean(axis=2, keepdims=True)[:, codes]
    )
    return means, residual


def _pre_statistics(
    values: np.ndarray, codes: np.ndarray, sizes: np.ndarray, treated: np.ndarray
) -> dict[str, np.ndarray]:
    """Return the four pre-period statistics and the variance components, per draw.

    ``values`` is ``(draws, units, years)``; ``treated`` flags provinces.
    """
    n_years = values.shape[2]
    means, residual = _demean_units(values, codes, sizes)
    several = sizes[codes] > 1
    kept = residual[:, several]
    square = (kept**2).sum(axis=(1, 2))
    within_df = (several.sum() - (sizes > 1).sum()) * (n_years - 1)
    unit_variance = square / within_df
    rho = (kept[:, :, 1:] * kept[:, :, :-1]).sum(axis=(1, 2)) / square
    kurtosis = (kept**4).mean(axis=(1, 2)) / (kept**2).mean(axis=(1, 2)) ** 2 - 3.0
    # comparison provinces: province-year means less their own mean and the unit-weighted
    # comparison mean of the year. With v_p = A + B / M_p, E spread_p = a_p A + b_p B with
    # a_p = 1 - 2 w_p + sum w^2 and b_p = (1 - 2 w_p) / M_p + sum w^2 / M, so the w-weighted
    # sum identifies A (a one-city province, whose v_p is mostly city noise, weighs one city)
    share = sizes[~treated] / sizes[~treated].sum()
    comparison = means[:, ~treated] - means[:, ~treated].mean(axis=2, keepdims=True)
    demeaned = comparison - np.einsum("p,dpt->dt", share, comparison)[:, None, :]
    spread = (demeaned**2).sum(axis=2) / (n_years - 1)  # (draws, comparison provinces)
    coef_a = 1 - 2 * share + (share**2).sum()
    coef_b = (1 - 2 * share) / sizes[~treated] + (share**2 / sizes[~treated]).sum()
    moment = spread * share - unit_variance[:, None] * share * coef_b  # (draws, P_c)
    shock_variance = np.maximum(moment.sum(axis=1) / (share * coef_a).sum(), 0.0)
    # each comparison province against the shock variance of the others (leave one out)
    others = 1.0 - np.eye(share.size)
    left_out = np.maximum((moment @ others) / ((share * coef_a) @ others), 0.0)
    expected = coef_a * left_out + coef_b * unit_variance[:, None]
    with np.errstate(divide="ignore"):
        heteroskedastic = np.log(spread / expected).max(axis=1)
    cell = shock_variance[:, None] + unit_variance[:, None] / sizes[None, :]  # (draws, P)
    # the yearly gap of unit-weighted means, against its variance under a common shock variance
    weight = np.where(treated, sizes / sizes[treated].sum(), sizes / sizes[~treated].sum())
    gap = (weight[None, treated, None] * means[:, treated]).sum(axis=1) - (
        weight[None, ~treated, None] * means[:, ~treated]
    ).sum(axis=1)
    gap_variance = gap.var(axis=1, ddof=1)
    ratio = gap_variance / (cell * weight[None, :] ** 2).sum(axis=1)
    return {
        "treated shock variance": ratio,
        "comparison shock variance": heteroskedastic,
        "heavy tails": kurtosis,
        "serial correlation": rho,
        "_shock_variance": shock_variance,
        "_unit_variance": unit_variance,
    }


def _province_layout(
    data: pd.DataFrame, idname: str, cluster: str, units: np.ndarray, treated: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return province codes per unit, sizes, treated flag per province, and the labels."""
    unit_cluster, varying = per_group(data[cluster], data[idname])
    if varying:
        raise EstimationError(
            f"{cluster!r} varies within unit(s) {varying}; rule: one cluster per unit; fix: "
            "set it from the unit's record"
        )
    labels, codes = np.unique(unit_cluster.reindex(units).to_numpy(), return_inverse=True)
    sizes = np.bincount(codes).astype(float)
    treated_share = np.bincount(codes, weights=treated.astype(float)) / sizes
    mixed = labels[(treated_share > 0) & (treated_share < 1)]
    if mixed.size:
        raise EstimationError(
            f"cluster(s) {mixed[:5].tolist()} of {cluster!r} hold treated and untreated units; "
            "rule: treatment is assigned to whole clusters; fix: cluster at the level of "
            "assignment"
        )
    province_treated = treated_share == 1
    if not (sizes > 1).any():
        raise EstimationError(
            f"every cluster of {cluster!r} holds one unit; rule: the city-noise variance needs "
            "a cluster with two or more units; fix: use the city-level methods"
        )
    if (~province_treated).sum() < 3:
        raise EstimationError(
            f"{int((~province_treated).sum())} comparison cluster(s) in {cluster!r}; rule: the "
            "diagnostics need at least three to estimate a shock variance; fix: add "
            "comparison provinces"
        )
    return codes, sizes, province_treated, labels


def _effect_heterogeneity(outcome, pre, codes, sizes, province_treated) -> tuple[float, float]:
    """Return the F ratio of within-province contrast variances (treated / comparison), p."""
    contrast = outcome[:, ~pre].mean(axis=1) - outcome[:, pre].mean(axis=1)
    province_mean = np.bincount(codes, weights=contrast) / sizes
    square = (contrast - province_mean[codes]) ** 2
    unit_treated = province_treated[codes]
    df_t = int(unit_treated.sum() - province_treated.sum())
    df_c = int((~unit_treated).sum() - (~province_treated).sum())
    if df_t < 1 or df_c < 1:
        return float("nan"), float("nan")
    ratio = (square[unit_treated].sum() / df_t) / (square[~unit_treated].sum() / df_c)
    return float(ratio), float(stats.f.sf(ratio, df_t, df_c))


@renamed_keywords(cluster="clustervars")
def condition_diagnostics(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    clustervars: str,
    *,
    alpha: float = 0.05,
    n_draws: int = 999,
    random_state: int | np.random.Generator | None = 0,
) -> ConditionDiagnostics:
    """Test a one-adoption-year province roll-out for the conditions of the stress benchmark.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel with one adoption year and never-treated units.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.
    clustervars : str
        Column of the province (the level at which treatment is assigned).
    alpha : float
        Level at which a condition counts as detected.
    n_draws : int
        Parametric-bootstrap draws for the pre-period tests.
    random_state : int or numpy.random.Generator, optional
        Seed of the bootstrap (default 0: the same sample gives the same p-values).

    Returns
    -------
    ConditionDiagnostics
        ``tidy()`` has ``condition, statistic, p_value, detected, finding``; ``method`` is
        the test to report: the between-province t-test unless the treated province's shock
        variance is larger than the comparison provinces' (then the gap t-test), or ``none``
        when the gap is also serially correlated (no method of the benchmark holds then).

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> frame = simulate_province_rollout(shock_scale=(3, 1, 1, 1, 1, 1), random_state=1)
    >>> result = condition_diagnostics(frame, "y", "year", "unit", "first_treated", "province")
    >>> result.detected, result.method
    (['one-city province (comparison)', 'treated shock variance'], 'gap t (pre-period years)')

    """
    selected_columns(data, yname, tname, idname, gname, clustervars)
    arrays = rollout_arrays(data, yname, tname, idname, gname)
    codes, sizes, province_treated, _ = _province_layout(
        data, idname, clustervars, arrays.units, arrays.treated
    )
    pre_values = arrays.outcome[:, arrays.pre]
    observed = _pre_statistics(pre_values[None], codes, sizes, province_treated)
    rng = np.random.default_rng(random_state)
    n_units, n_years = pre_values.shape
    shock_sd = float(np.sqrt(observed["_shock_variance"][0]))
    unit_sd = float(np.sqrt(observed["_unit_variance"][0]))
    simulated = rng.normal(scale=shock_sd, size=(n_draws, sizes.size, n_years))[
        :, codes
    ] + rng.normal(scale=unit_sd, size=(n_draws, n_units, n_years))
    null = _pre_statistics(simulated, codes, sizes, province_treated)
    rows = []
    for name, n in (
        ("one-city province (treated)", int(((sizes == 1) & province_treated).sum())),
        ("one-city province (comparison)", int(((sizes == 1) & ~province_treated).sum())),
    ):
        rows.append(
            {"condition": name, "statistic": float(n), "p_value": np.nan, "detected": n > 0}
        )
    for name in CONDITIONS[2:6]:
        value, draws = float(observed[name][0]), null[name]
        if name == "serial correlation":  # two-sided around the null's own centre
            centre = float(np.median(draws))
            value_dev, draws = abs(value - centre), np.abs(draws - centre)
        else:
            value_dev = value
        p_value = (1 + int((draws >= value_dev).sum())) / (1 + n_draws)
        detected = p_value <= alpha
        rows.append(
            {"condition": name, "statistic": value, "p_value": p_value, "detected": detected}
        )
    ratio, p_value = _effect_heterogeneity(
        arrays.outcome, arrays.pre, codes, sizes, province_treated
    )
    rows.append(
        {
            "condition": "effect varies by city",
            "statistic": ratio,
            "p_value": p_value,
            "detected": bool(p_value <= alpha),
        }
    )
    table = pd.DataFrame(rows)
    table["finding"] = table["condition"].map(STRESS_FINDINGS)
    found = set(table.loc[table["detected"], "condition"])
    if "treated shock variance" not in found:
        method = RECOMMENDED
        reason = "the treated province's shocks are not larger than the comparison provinces'"
    elif "serial correlation" not in found:
        method, reason = (
            FALLBACK,
            (
                "the treated province's shocks are larger than the comparison provinces', which "
                "the between-province test cannot see; the gap t-test uses its own pre-period years"
            ),
        )
    else:
        method, reason = (
            "none",
            (
                "larger treated shocks break the between-province test and serial correlation "
                "breaks the gap t-test; no method of the benchmark holds, report both and say so"
            ),
        )
    return ConditionDiagnostics(
        table=table,
        method=method,
        reason=reason,
        settings={
            "yname": yname,
            "cluster": clustervars,
            "alpha": alpha,
            "n_draws": n_draws,
            "adoption_year": arrays.adoption,
            "pre_years": int(n_years),
        },
    )


__all__ = [
    "CONDITIONS",
    "FALLBACK",
    "RECOMMENDED",
    "STRESS_FINDINGS",
    "ConditionDiagnostics",
    "condition_diagnostics",
]
