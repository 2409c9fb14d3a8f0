"""Tier-matched comparison: treated units compared only with controls of their own tier.

A robustness row for programmes whose awardees are mostly big cities (two-thirds of the Liangchuang
batch-1 cities are provincial capitals or Xiamen): the sample is split by a unit attribute such as
``major_city`` (from :func:`evalkit.panel.tiers.unit_tiers`), Callaway & Sant'Anna's ATT(g, t)
is estimated within each stratum that has treated units and controls, and the stratum
aggregates are averaged with weights proportional to their numbers of treated units.

Strata share no units, so with unit-level (or within-stratum) clustering their estimates are
independent and the standard error of the average is ``sqrt(sum w_s**2 se_s**2)``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evalkit.did.aggte import AggregationType, aggte
from evalkit.did.attgt import att_gt
from evalkit.errors import EstimationError
from evalkit.results import HtmlDisplay, tidy_frame
from evalkit.validate import require_columns


@dataclass(frozen=True, eq=False)
class TierMatchedResult(HtmlDisplay):
    """Per-tier and pooled tier-matched ATTs.

    Attributes
    ----------
    estimate, std_error : float
        Treated-count weighted average of the tier ATTs and its standard error.
    by_tier : pandas.DataFrame
        ``tier, n_treated, n_controls, weight, estimate, std_error`` per estimated tier.
    skipped : tuple of str
        Tiers with treated units but no control (their treated units are left out).
    settings : dict
        The options of the fit.
    """

    estimate: float
    std_error: float
    by_tier: pd.DataFrame
    skipped: tuple[str, ...]
    settings: dict = field(default_factory=dict)

    def tidy(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return one row per tier and a ``tier_matched`` row in the shared tidy schema."""
        terms = [f"tier={t}" for t in self.by_tier["tier"]] + ["tier_matched"]
        return tidy_frame(
            terms,
            [*self.by_tier["estimate"], self.estimate],
            [*self.by_tier["std_error"], self.std_error],
            alpha=alpha,
            n_treated=[*self.by_tier["n_treated"], int(self.by_tier["n_treated"].sum())],
            n_controls=[*self.by_tier["n_controls"], int(self.by_tier["n_controls"].sum())],
        )

    def summary(self) -> str:
        """Return a plain-text summary."""
        parts = ", ".join(
            f"{r.tier}: {r.estimate:.4f} ({r.n_treated} treated / {r.n_controls} controls)"
            for r in self.by_tier.itertuples()
        )
        skipped = f"; skipped (no controls): {', '.join(self.skipped)}" if self.skipped else ""
        return (
            f"Tier-matched ATT of {self.settings.get('yname')} by {self.settings.get('tiername')}: "
            f"{self.estimate:.4f} (SE {self.std_error:.4f}); {parts}{skipped}"
        )


def tier_matched(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    tiername: str,
    aggregation: AggregationType = "simple",
    **att_gt_options,
) -> TierMatchedResult:
    """Estimate the ATT with controls restricted to the treated units' own tier.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel (as :func:`att_gt`) with a time-invariant tier column.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period columns.
    tiername : str
        Column holding each unit's tier (e.g. ``major_city`` or ``tier``).
    aggregation : {"simple", "dynamic", "group", "calendar"}
        The :func:`aggte` overall effect estimated within each tier.
    **att_gt_options
        Passed to :func:`att_gt` (``control_group``, ``allow_unbalanced_panel``, ...).

    Returns
    -------
    TierMatchedResult

    Raises
    ------
    EstimationError
        If the tier varies within a unit or no tier has both treated units and controls.

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> sim = simulate_staggered_panel(n_units=400, n_periods=5, random_state=1).data
    >>> sim["big"] = sim["unit"] % 2 == 0
    >>> out = tier_matched(sim, "y", "year", "unit", "first_treated", tiername="big")
    >>> out.by_tier["tier"].tolist()
    ['False', 'True']
    """
    require_columns(
        data,
        {"yname": yname, "tname": tname, "idname": idname, "gname": gname, "tiername": tiername},
    )
    tiers = data.groupby(idname)[tiername].nunique(dropna=False)
    if (tiers > 1).any():
        unit = tiers.index[tiers > 1].tolist()[0]
        raise EstimationError(
            f"{tiername!r} varies within unit {unit!r}; rule: a tier is a unit attribute; "
            "fix: fix the tier at one year's value"
        )
    units = data.groupby(idname)[[gname, tiername]].first()
    if units[tiername].isna().any():
        raise EstimationError(
            f"{tiername!r} is missing for {int(units[tiername].isna().sum())} unit(s); rule: "
            "every unit needs a tier; fix: fill the column"
        )
    rows, skipped = [], []
    for tier, members in units.groupby(tiername, sort=True):
        treated = int((members[gname] > 0).sum())
        controls = int((members[gname] == 0).sum())
        if treated == 0:
            continue
        if controls == 0:
            skipped.append(str(tier))
            continue
        subset = data.loc[data[idname].isin(members.index)]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = aggte(att_gt(subset, yname, tname, idname, gname, **att_gt_options), aggregation)
        for warning in caught:
            warnings.warn(f"tier {tier}: {warning.message}", warning.category, stacklevel=2)
        rows.append(
            {"tier": str(tier), "n_treated": treated, "n_controls": controls,
             "estimate": float(fit.overall_att), "std_error": float(fit.overall_se)}
        )  # fmt: skip
    if skipped:
        warnings.warn(
            f"tier(s) {skipped} of {tiername!r} have treated units but no control; their "
            "treated units are left out of the tier-matched estimate",
            stacklevel=2,
        )
    if not rows:
        raise EstimationError(
            f"no value of {tiername!r} has both treated units and controls; rule: tier matching "
            "compares within a tier; fix: use a coarser tier column"
        )
    by_tier = pd.DataFrame(rows)
    weight = by_tier["n_treated"] / by_tier["n_treated"].sum()
    by_tier.insert(3, "weight", weight)
    estimate = float(weight @ by_tier["estimate"])
    std_error = float(np.sqrt(np.sum(weight**2 * by_tier["std_error"] ** 2)))
    return TierMatchedResult(
        estimate=estimate,
        std_error=std_error,
        by_tier=by_tier,
        skipped=tuple(skipped),
        settings={
            "yname": yname, "tname": tname, "idname": idname, "gname": gname,
            "tiername": tiername, "aggregation": aggregation, **att_gt_options,
            "weights": "treated units per tier", "std_error": "strata independent",
        },
    )  # fmt: skip
