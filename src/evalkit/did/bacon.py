"""Goodman-Bacon (2021) decomposition of the static two-way fixed-effects DiD coefficient.

On a balanced panel without covariates the TWFE coefficient is a weighted average of all 2x2
DiDs between timing groups (Goodman-Bacon 2021, Theorem 1):

* treated cohort ``k`` against the never treated (``U``), over all periods;
* earlier cohort ``k`` against later cohort ``l`` before ``l`` is treated (``l`` is the
  comparison group);
* later cohort ``l`` against earlier cohort ``k`` after ``k`` is treated (``k``, already
  treated, is the comparison group: the "forbidden" comparison behind TWFE's bias when effects
  change over time).

With group shares ``n``, treated shares of periods ``D`` and the variance ``V`` of the
TWFE-residualised treatment, the weights are (eq. 10a-c)
``s_kU = (n_k + n_U)^2 n_kU (1 - n_kU) D_k (1 - D_k) / V``,
``s_kl^k = ((n_k + n_l)(1 - D_l))^2 n_kl (1 - n_kl) (D_k - D_l)/(1 - D_l) (1 - D_k)/(1 - D_l) / V``,
``s_kl^l = ((n_k + n_l) D_k)^2 n_kl (1 - n_kl) (D_l / D_k) (D_k - D_l)/D_k / V``;
they sum to one and the weighted 2x2 estimates reproduce the TWFE coefficient exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from evalkit.deprecation import replaced_by_labels
from evalkit.did.data import prepare_panel
from evalkit.errors import EstimationError
from evalkit.plots.fonts import use_cjk_font
from evalkit.results import HtmlDisplay

TYPES = {
    "never": "treated vs never treated",
    "earlier": "earlier vs later treated",
    "later": "later vs earlier treated",
}
#: The texts :meth:`BaconDecomposition.plot` draws unless ``labels`` says otherwise.
PLOT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "weight": "Weight",
        "estimate": "2x2 DiD estimate",
        "twfe": "TWFE = {value:.3f}",
        **{kind: kind for kind in TYPES.values()},
    }
)


@dataclass(frozen=True, eq=False)
class BaconDecomposition(HtmlDisplay):
    """The 2x2 DiDs, their weights, and the TWFE coefficient they average to.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per 2x2 comparison: ``type, treated, control, estimate, weight`` (``control``
        0 = never treated).
    twfe_estimate : float
        The static TWFE coefficient on the same balanced panel.
    settings : Mapping
        The arguments of the call.
    """

    table: pd.DataFrame
    twfe_estimate: float
    settings: Mapping

    @property
    def weighted_estimate(self) -> float:
        """Sum of weight x estimate over the 2x2 comparisons (equals ``twfe_estimate``)."""
        return float((self.table["weight"] * self.table["estimate"]).sum())

    def by_type(self) -> pd.DataFrame:
        """Total weight and weighted-average estimate of each comparison type."""
        frame = self.table.assign(product=self.table["weight"] * self.table["estimate"])
        out = frame.groupby("type", sort=False)[["weight", "product"]].sum()
        out["estimate"] = out.pop("product") / out["weight"]
        return out.reset_index()

    def tidy(self) -> pd.DataFrame:
        """Return the comparisons with a ``term`` column (no standard errors: none exist).

        Examples
        --------
        >>> from evalkit.simulate import simulate_staggered_panel
        >>> sim = simulate_staggered_panel(n_units=200, n_periods=5, random_state=0)
        >>> bacon_decomposition(sim.data, "y", "year", "unit", "first_treated").tidy().columns[0]
        'term'
        """
        terms = [
            f"{row.treated:g} vs {'never' if row.control == 0 else format(row.control, 'g')}"
            for row in self.table.itertuples()
        ]
        return self.table.assign(term=terms)[["term", *self.table.columns]]

    def summary(self) -> str:
        """Return the TWFE coefficient and the weight and mean estimate of each type."""
        head = (
            f"Bacon decomposition of the TWFE coefficient on {self.settings.get('yname')}: "
            f"{self.twfe_estimate:.4f} = sum of weight x 2x2 estimate "
            f"({self.weighted_estimate:.4f}); weights sum to {self.table['weight'].sum():.6f}"
        )
        return "\n".join([head, self.by_type().to_string(index=False, float_format="%.4f")])

    @replaced_by_labels("bacon")
    def plot(self, *, labels: Mapping[str, str] | None = None, title: str | None = None) -> Figure:
        """Scatter of each 2x2 estimate against its weight, coloured by comparison type.

        Parameters
        ----------
        labels : mapping of str to str, optional
            Texts drawn, by key: ``weight`` and ``estimate`` (axes), ``twfe`` (legend of the
            TWFE line; ``{value}`` is the coefficient) and one key per comparison type (the
            values of :data:`TYPES`); keys left out keep their English text
            (:data:`PLOT_LABELS`).
        title : str, optional
            Figure title.

        Returns
        -------
        matplotlib.figure.Figure
        """
        text = {**PLOT_LABELS, **(labels or {})}
        use_cjk_font()
        fig = Figure(figsize=(6.5, 4.2))
        ax = fig.add_subplot()
        for kind, part in self.table.groupby("type", sort=False):
            ax.scatter(part["weight"], part["estimate"], label=text.get(kind, kind))
        ax.axhline(self.twfe_estimate, color="black", linestyle="--", linewidth=0.8,
                   label=text["twfe"].format(value=self.twfe_estimate))  # fmt: skip
        ax.set_xlabel(text["weight"])
        ax.set_ylabel(text["estimate"])
        if title:
            ax.set_title(title)
        ax.legend(frameon=False)
        fig.tight_layout()
        return fig


def _two_by_two(means: np.ndarray, treated: int, control: int, first: slice, second: slice):
    """DiD of group means: change from ``first`` to ``second`` periods, treated minus control."""
    change = means[:, second].mean(axis=1) - means[:, first].mean(axis=1)
    return float(change[treated] - change[control])


def bacon_decomposition(
    data: pd.DataFrame, yname: str, tname: str, idname: str, gname: str
) -> BaconDecomposition:
    """Decompose the static TWFE DiD coefficient into 2x2 comparisons and their weights.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period; units not observed in every period are
        dropped with a warning (the decomposition needs a balanced panel).
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never treated) columns.

    Returns
    -------
    BaconDecomposition

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> sim = simulate_staggered_panel(n_units=300, n_periods=6, random_state=1)
    >>> out = bacon_decomposition(sim.data, "y", "year", "unit", "first_treated")
    >>> round(float(out.table["weight"].sum()), 9)
    1.0
    """
    if gname in data.columns and not (data[gname] == 0).any():
        raise EstimationError(
            f"no never-treated units ({gname} == 0); rule: this decomposition needs a "
            "never-treated group (units treated in every period must be dropped, so without "
            "it TWFE compares treatment timing only); fix: add never-treated units"
        )
    panel = prepare_panel(data, yname, tname, idname, gname)
    outcome, periods, first = panel.outcome, panel.periods, panel.first_treated
    groups, group_index = np.unique(first, return_inverse=True)
    n_groups = groups.size
    sizes = np.bincount(group_index).astype(float)
    means = np.zeros((n_groups, periods.size))
    np.add.at(means, group_index, outcome)
    means /= sizes[:, None]
    share = sizes / sizes.sum()
    start = np.searchsorted(periods, groups)  # index of the first treated period
    treated_share = np.where(groups > 0, 1 - start / periods.size, 0.0)

    treatment = (first[:, None] > 0) & (periods[None, :] >= first[:, None])
    d = treatment.astype(float)
    residual = d - d.mean(axis=1, keepdims=True) - d.mean(axis=0, keepdims=True) + d.mean()
    variance = float((residual**2).mean())
    if variance <= 0:
        raise EstimationError(
            f"treatment from {gname!r} does not vary after removing unit and period effects; "
            "fix: include treated and never-treated units"
        )
    twfe_estimate = float((residual * outcome).sum() / (residual**2).sum())

    rows = []
    for k in range(1, n_groups):
        n_k, d_k = share[k], treated_share[k]
        n_ku = n_k / (n_k + share[0])
        weight = (n_k + share[0]) ** 2 * n_ku * (1 - n_ku) * d_k * (1 - d_k) / variance
        estimate = _two_by_two(means, k, 0, slice(0, start[k]), slice(start[k], None))
        rows.append((TYPES["never"], groups[k], 0.0, estimate, weight))
        for later in range(k + 1, n_groups):
            n_l, d_l = share[later], treated_share[later]
            n_kl = n_k / (n_k + n_l)
            pair = (n_k + n_l) ** 2 * n_kl * (1 - n_kl)
            early_weight = (
                pair * (1 - d_l) ** 2 * (d_k - d_l) / (1 - d_l) * (1 - d_k) / (1 - d_l) / variance
            )
            early = _two_by_two(means, k, later, slice(0, start[k]), slice(start[k], start[later]))
            late_weight = pair * d_k**2 * (d_l / d_k) * (d_k - d_l) / d_k / variance
            late = _two_by_two(
                means, later, k, slice(start[k], start[later]), slice(start[later], None)
            )
            rows.append((TYPES["earlier"], groups[k], groups[later], early, early_weight))
            rows.append((TYPES["later"], groups[later], groups[k], late, late_weight))
    table = pd.DataFrame(rows, columns=["type", "treated", "control", "estimate", "weight"])
    return BaconDecomposition(
        table=table,
        twfe_estimate=twfe_estimate,
        settings=MappingProxyType(
            {"yname": yname, "tname": tname, "idname": idname, "gname": gname}
        ),
    )
