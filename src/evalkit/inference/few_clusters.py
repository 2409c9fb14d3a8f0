"""Few-cluster inference for the Zhejiang roll-out: analytic, bootstrap, RI and aggregated tests.

Zhejiang's cities are treated from the growth plan's first round; the comparison is the other
East China cities not exposed to a confounding programme (:func:`evalkit.design.build_design`).
With one treated province among a handful, clustering by province leaves that handful of
clusters, and only one of them treated. What each method does then, in
``benchmarks/coverage.py`` (1,000 simulated panels of this shape, province-by-year shocks):

- CRV1 by city or province: over-rejects (coverage about 67% by province).
- Restricted wild cluster bootstrap by province: under-rejects (coverage above 99%;
  MacKinnon & Webb 2017), so its p-values are too large.
- Randomization inference permuting cities: over-rejects (shared province shocks); permuting
  provinces is exact but its smallest p-value is 1/(number of provinces).
- The between-province t-test (:func:`evalkit.inference.aggregated.aggregated_t_test`):
  coverage about 95%, at the price of a normal model for province shocks. It is the one the
  reports recommend; the others stay in the table to show where they fail.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from evalkit.design import Design, build_design, outcome_column
from evalkit.did import twfe
from evalkit.inference.aggregated import aggregated_t_test
from evalkit.inference.randomization import randomization_test
from evalkit.inference.wild_bootstrap import twfe_wild_bootstrap
from evalkit.panel.container import Panel
from evalkit.results import TIDY_COLUMNS, HtmlDisplay

_UNIT, _YEAR, _FIRST, _PROVINCE = "unit_code", "year", "first_treated_year", "province_code"
# Method codes of the ``method`` column (the recommendation rule's codes where it has one,
# :mod:`evalkit.inference.recommend`); the cluster, bootstrap weights and draws are columns of
# their own.
CRV1 = "crv1"
WILD_CLUSTER_BOOTSTRAP = "wild_cluster_bootstrap"
RANDOMIZATION = "randomization"
RECOMMENDED = "aggregated_t"
METHOD_COLUMNS = ["method", "cluster", "weights", "draws", "label"]
_CLUSTERS = {_UNIT: "city", _PROVINCE: "province"}
_PLURAL = {"city": "cities", "province": "provinces"}
_RECOMMENDATION = (
    f"Recommended: {RECOMMENDED!r} (about 95% coverage in simulations of this design; assumes "
    "normal province shocks with a common variance). CRV1 over-rejects, the wild bootstrap by "
    "province under-rejects, permuting cities over-rejects, and permuting provinces cannot "
    "give p below 1/(number of provinces)."
)


@dataclass(frozen=True)
class FewClustersTable(HtmlDisplay):
    """Tidy table of p-values by outcome and inference method.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per outcome and method: ``outcome``; the method in structured columns,
        ``method`` (a code: ``crv1``, ``wild_cluster_bootstrap``, ``randomization`` or
        ``aggregated_t``), ``cluster`` (``city`` or ``province``: the cluster, or the unit whose
        adoption is permuted), ``weights`` (``rademacher`` or ``webb``; None outside the
        bootstrap), ``draws`` (an int, ``"all"`` when enumerated, None for analytic methods);
        ``label``, the method's English name for :meth:`wide` (display only: never parse it);
        then the shared tidy columns, ``n_clusters``, ``n_units`` and ``n_treated``.
    settings : dict
        The arguments of the call.
    """

    table: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def tidy(self) -> pd.DataFrame:
        """Return one row per outcome and method (method columns plus the shared tidy columns)."""
        return self.table.copy()

    def wide(self) -> pd.DataFrame:
        """Return p-values side by side: one row per outcome, one column per method label."""
        return self.table.pivot(index="outcome", columns="label", values="p_value")[
            list(dict.fromkeys(self.table["label"]))
        ]

    def summary(self) -> str:
        """Return the side-by-side p-value table as text, with the recommendation."""
        estimates = self.table.groupby("outcome", sort=False)["estimate"].first()
        wide = self.wide()
        wide.insert(0, "TWFE estimate", estimates.reindex(wide.index))
        return wide.to_string(float_format=lambda v: f"{v:.4f}") + "\n" + _RECOMMENDATION

    table_index = True

    def _display_text(self) -> str:
        return _RECOMMENDATION

    def _display_table(self) -> pd.DataFrame:
        return self.wide()


def _balanced(sample: pd.DataFrame, outcome: str) -> pd.DataFrame:
    frame = sample.dropna(subset=[outcome])
    counts = frame.groupby(_UNIT)[_YEAR].transform("size")
    complete = frame[counts == frame[_YEAR].nunique()]
    dropped = sample[_UNIT].nunique() - complete[_UNIT].nunique()
    if dropped:
        warnings.warn(
            f"{outcome}: {dropped} unit(s) with missing years left out so the panel is balanced "
            "(randomization inference and the between-province t-test need a balanced panel)",
            stacklevel=3,
        )
    return complete


def _label(method: str, cluster: str, weights: str | None, draws: int | str | None) -> str:
    """Name a method in English for :meth:`FewClustersTable.wide` (display only)."""
    if method == CRV1:
        return f"CRV1 by {cluster}"
    if method == WILD_CLUSTER_BOOTSTRAP:
        return f"WCR by {cluster} ({weights}, {draws})"
    if method == RANDOMIZATION:
        return f"RI (permute {_PLURAL[cluster]}{', all' if draws == 'all' else ''})"
    return f"aggregated t by {cluster}"


def _methods(frame, outcome, *, n_draws, n_permutations, alpha, random_state):
    """Yield ``(method columns, tidy row, number of clusters)`` for one outcome, in order."""
    args = (frame, outcome, _YEAR, _UNIT, _FIRST)
    for cluster in (_UNIT, _PROVINCE):
        fit = twfe(*args, clustervars=cluster)
        yield (CRV1, _CLUSTERS[cluster], None, None), fit.tidy(alpha=alpha), fit.n_clusters
    for cluster, weights in ((_PROVINCE, "rademacher"), (_PROVINCE, "webb"), (_UNIT, "rademacher")):
        boot = twfe_wild_bootstrap(
            *args, cluster, weights=weights, n_draws=n_draws, alpha=alpha, random_state=random_state
        )
        draws = "all" if boot.enumerated else int(boot.n_draws)
        method = (WILD_CLUSTER_BOOTSTRAP, _CLUSTERS[cluster], weights, draws)
        yield method, boot.tidy(), boot.n_clusters
    cities = randomization_test(*args, n_permutations=n_permutations, random_state=random_state)
    provinces = randomization_test(*args, clustervars=_PROVINCE)
    for cluster, result in ((_UNIT, cities), (_PROVINCE, provinces)):
        draws = "all" if result.enumerated else int(result.n_permutations)
        method = (RANDOMIZATION, _CLUSTERS[cluster], None, draws)
        yield method, result.tidy(), frame[cluster].nunique()
    between = aggregated_t_test(*args, _PROVINCE, alpha=alpha)
    yield (RECOMMENDED, "province", None, None), between.tidy(), between.n_clusters


def few_cluster_pvalues(
    sample: pd.DataFrame,
    outcomes: list[str] | tuple[str, ...] = ("log_urban_individual_workers", "log_night_lights"),
    *,
    n_draws: int = 9999,
    n_permutations: int = 9999,
    alpha: float = 0.05,
    random_state: int = 0,
) -> FewClustersTable:
    """Return cluster-robust, wild-bootstrap, randomization and aggregated-t p-values side by side.

    For each outcome: the static TWFE DiD with CRV1 errors clustered by city and by province
    (t with ``G - 1`` df), the restricted wild cluster bootstrap by province (Rademacher, all
    ``2^6 = 64`` sign vectors; and Webb, ``n_draws`` draws) and by city (Rademacher,
    ``n_draws``), randomization inference permuting adoption across cities and across
    provinces (all assignments), and the between-province t-test (the recommended row,
    :data:`RECOMMENDED`).

    Parameters
    ----------
    sample : pandas.DataFrame
        :meth:`evalkit.design.Design.sample` (a province roll-out).
    outcomes : sequence of str
        Log outcome columns.
    n_draws, n_permutations : int
        Bootstrap draws (where not enumerated) and permutations.
    alpha : float
        One minus the confidence level of the intervals.
    random_state : int
        Seed.

    Returns
    -------
    FewClustersTable
        Its ``tidy()`` names each method by structured columns (``method, cluster, weights,
        draws``), so that a report builds its table from them, not from the display ``label``.

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> sample = simulate_province_rollout(effect=0.3, random_state=1).rename(columns={
    ...     "unit": "unit_code", "first_treated": "first_treated_year",
    ...     "province": "province_code", "y": "log_y"})
    >>> table = few_cluster_pvalues(sample, ["log_y"], n_draws=99, n_permutations=99)
    >>> bootstrap = table.tidy().query("method == 'wild_cluster_bootstrap'")
    >>> bootstrap[["cluster", "weights", "draws"]].values.tolist()
    [['province', 'rademacher', 'all'], ['province', 'webb', 99], ['city', 'rademacher', 99]]
    >>> int(table.tidy().set_index("method").loc[RECOMMENDED, "n_clusters"])
    6

    """
    rows = []
    for outcome in outcomes:
        frame = _balanced(sample, outcome)
        n_treated = frame.loc[frame[_FIRST] > 0, _UNIT].nunique()
        base = {"outcome": outcome, "n_units": frame[_UNIT].nunique(), "n_treated": n_treated}
        methods = _methods(
            frame,
            outcome,
            n_draws=n_draws,
            n_permutations=n_permutations,
            alpha=alpha,
            random_state=random_state,
        )
        for (method, cluster, weights, draws), tidy, n_clusters in methods:
            rows.append(
                {
                    **base,
                    **tidy.iloc[0].to_dict(),
                    "method": method,
                    "cluster": cluster,
                    "weights": weights,
                    "draws": draws,
                    "label": _label(method, cluster, weights, draws),
                    "n_clusters": n_clusters,
                }
            )
    table = pd.DataFrame(rows)
    table["term"] = "treated_post"
    # ints, "all" and None side by side: object, so that 99 stays 99 (not 99.0)
    table["draws"] = pd.Series([row["draws"] for row in rows], index=table.index, dtype=object)
    columns = ["outcome", *METHOD_COLUMNS, *TIDY_COLUMNS, "n_clusters", "n_units", "n_treated"]
    return FewClustersTable(
        table=table[columns],
        settings={"n_draws": n_draws, "n_permutations": n_permutations, "seed": random_state},
    )


def design_pvalue_table(panel: Panel, design: Design | None = None, **options) -> FewClustersTable:
    """Build the p-value table of a design's sample (default: the Zhejiang growth plan's).

    The outcomes are the design's, the seed its seed (unless ``random_state`` is given). The
    caller loads the panel: estimators never read data themselves.

    Examples
    --------
    >>> from evalkit.panel import load
    >>> table = design_pvalue_table(load(), n_draws=999, n_permutations=999)  # doctest: +SKIP

    """
    design = build_design() if design is None else design
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        sample = design.sample(panel)
    options.setdefault("random_state", design.seed)
    outcomes = [outcome_column(o) for o in design.outcomes]
    table = few_cluster_pvalues(sample, outcomes, **options)
    settings = {**table.settings, "design": design.to_dict()}
    return FewClustersTable(table=table.table, settings=settings)


zhejiang_pvalue_table = design_pvalue_table

__all__ = [
    "RECOMMENDED",
    "FewClustersTable",
    "design_pvalue_table",
    "few_cluster_pvalues",
    "zhejiang_pvalue_table",
]
