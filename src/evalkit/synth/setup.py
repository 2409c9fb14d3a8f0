"""From a long panel to the outcome matrix of one treated unit and its donors."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.errors import EstimationError
from evalkit.synth.donors import DonorPool, donor_pool
from evalkit.validate import require_columns


@dataclass(frozen=True, eq=False)
class SynthSetup:
    """The balanced outcome matrix used by every synthetic estimator.

    Attributes
    ----------
    controls : numpy.ndarray
        ``(N0, T)`` donor outcomes, rows in the order of ``donors``.
    treated : numpy.ndarray
        ``(T,)`` outcomes of the treated unit.
    donors : tuple
        Donor units kept.
    treated_unit : object
        The treated unit.
    years : numpy.ndarray
        The ``T`` periods, pre-period first; ``n_pre`` of them are before ``start``.
    start : int
        First treated period.
    excluded : pandas.DataFrame
        Donors left out (``unit, reason``): explicit exclusions and donors with gaps.
    dropped_periods : tuple
        Periods inside the window without a treated outcome, left out of the matrix.
    """

    controls: np.ndarray
    treated: np.ndarray
    donors: tuple
    treated_unit: object
    years: np.ndarray
    start: int
    excluded: pd.DataFrame
    dropped_periods: tuple

    @property
    def n_pre(self) -> int:
        """Number of pre-periods ``T0``: the periods before ``start``."""
        return int((self.years < self.start).sum())


@renamed_keywords(unit="idname", time="tname", outcome="yname")
def build_setup(
    data: pd.DataFrame,
    *,
    idname: str,
    tname: str,
    yname: str,
    treated_unit: object,
    start: int,
    donors: DonorPool | list | tuple | None = None,
    window: tuple[int, int] | None = None,
) -> SynthSetup:
    """Reshape long data into a balanced donor matrix, excluding donors with gaps.

    Parameters
    ----------
    data : pandas.DataFrame
        Long data, one row per unit and period.
    idname, time, yname : str
        Column names.
    treated_unit : object
        The treated unit's value in ``unit``.
    start : int
        First treated period; earlier periods are the pre-period.
    donors : DonorPool or sequence, optional
        Donor units; default every other unit in the data.
    window : (int, int), optional
        First and last period used; default the treated unit's observed range.

    Returns
    -------
    SynthSetup
        Periods where the treated outcome is missing are dropped and listed (with a warning);
        a donor missing any remaining period is excluded and listed with the periods it lacks.

    Raises
    ------
    EstimationError
        On a missing column, unknown treated unit or donor, repeated unit-period, fewer than
        two pre-periods, no post-period or fewer than two usable donors.
    """
    require_columns(data, {"idname": idname, "tname": tname, "yname": yname})
    rows = data[[idname, tname, yname]]
    repeated = rows.duplicated([idname, tname])
    if repeated.any():
        first = rows.loc[repeated].iloc[0]
        raise EstimationError(
            f"{int(repeated.sum())} rows repeat a ({idname}, {tname}) pair, first "
            f"({first[idname]}, {first[tname]}); rule: one {yname!r} per unit and period; fix: "
            "aggregate or deduplicate first"
        )
    wide = rows.pivot(index=idname, columns=tname, values=yname)
    if treated_unit not in wide.index:
        raise EstimationError(
            f"treated_unit={treated_unit!r} is not in column {idname!r}; fix: pass one of "
            f"{list(wide.index)[:10]}{' ...' if len(wide.index) > 10 else ''}"
        )
    pool = donor_pool([u for u in wide.index if u != treated_unit]) if donors is None else donors
    pool = pool if isinstance(pool, DonorPool) else donor_pool(pool)
    if treated_unit in pool.units:
        raise EstimationError(
            f"treated_unit={treated_unit!r} is in the donor pool; rule: a unit cannot be its "
            "own donor; fix: remove it from donors"
        )
    absent = [u for u in pool.units if u not in wide.index]
    if len(absent) == len(pool.units):
        raise EstimationError(
            f"none of the {len(absent)} donors (first {absent[:3]}) has a row in column "
            f"{idname!r}; fix: check the unit codes and their type (str vs int)"
        )
    if absent:
        warnings.warn(
            f"{len(absent)} donor(s) have no {yname!r} value at all and are excluded: {absent}",
            stacklevel=3,
        )
        pool = pool.with_exclusions({u: f"no {yname} value in the data" for u in absent})
    treated_row = wide.loc[treated_unit]
    observed = treated_row.dropna().index
    if observed.empty:
        raise EstimationError(f"treated_unit={treated_unit!r} has no {yname!r} value")
    low, high = window if window is not None else (observed.min(), observed.max())
    in_window = [p for p in wide.columns if low <= p <= high]
    dropped = tuple(p for p in in_window if p not in observed)
    if dropped:
        warnings.warn(
            f"{treated_unit}: {yname!r} missing in {len(dropped)} period(s) {list(dropped)}; "
            "these periods are left out of the fit",
            stacklevel=3,
        )
    years = np.array([p for p in in_window if p in observed])
    n_pre = int((years < start).sum())
    if n_pre < 2 or n_pre == len(years):
        raise EstimationError(
            f"{treated_unit}: {n_pre} pre-period(s) and {len(years) - n_pre} post-period(s) "
            f"of {yname!r} in {low}-{high} with start={start}; rule: at least two periods "
            "before start and one from start on; fix: change start or window"
        )
    block = wide.loc[list(pool.units), years]
    gaps = block.isna()
    gap_reasons = {
        u: f"missing {yname} in {[int(p) if float(p).is_integer() else p for p in years[row]]}"
        for u, row in zip(block.index, gaps.to_numpy(), strict=False)
        if row.any()
    }
    if gap_reasons:
        warnings.warn(
            f"{len(gap_reasons)} donor(s) excluded for gaps in {yname!r} during "
            f"{years[0]}-{years[-1]}: {list(gap_reasons)}",
            stacklevel=3,
        )
        pool = pool.with_exclusions(gap_reasons)
    if len(pool.units) < 2:
        raise EstimationError(
            f"{treated_unit}: {len(pool.units)} donor(s) with complete {yname!r} in "
            f"{years[0]}-{years[-1]}; rule: at least two donors; fix: widen the pool or "
            "shorten the window"
        )
    return SynthSetup(
        controls=block.loc[list(pool.units)].to_numpy(dtype=float),
        treated=treated_row[years].to_numpy(dtype=float),
        donors=pool.units,
        treated_unit=treated_unit,
        years=years,
        start=start,
        excluded=pool.exclusions.reset_index(drop=True),
        dropped_periods=dropped,
    )
