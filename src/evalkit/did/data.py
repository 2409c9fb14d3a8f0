"""Validate a long panel once for Callaway-Sant'Anna and lay it out as unit x period arrays.

The checks follow R ``did``'s ``pre_process_did``: numeric periods and cohorts, one row per
unit and period, a cohort (first treated period) that is constant within a unit, a
never-treated group when it is the comparison group, a pre-treatment period for every cohort
and time-invariant covariates, weights and clusters. Each failure is a :class:`PanelError`
(or :class:`EstimationError` for settings) that names the column or units, the rule and the
fix. Estimators downstream trust the :class:`DidPanel` and never re-check.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.errors import EstimationError, PanelError
from evalkit.validate import require_columns

MAX_LISTED = 5


@dataclass(frozen=True, eq=False)
class DidPanel:
    """A validated panel as arrays: one row per unit, one column per period.

    Attributes
    ----------
    unit_ids : numpy.ndarray
        ``(n,)`` unit identifiers, ordered by first treated period (never treated first), then
        by identifier, so that each cohort is a contiguous block of rows.
    periods : numpy.ndarray
        ``(T,)`` sorted distinct periods.
    outcome : numpy.ndarray
        ``(n, T)`` outcome; NaN where a unit is not observed (only with unbalanced panels).
    first_treated : numpy.ndarray
        ``(n,)`` first treated period of each unit, 0 for never treated.
    weights : numpy.ndarray
        ``(n,)`` sampling weights scaled to mean one.
    covariates : numpy.ndarray or None
        ``(n, k)`` design matrix of the covariate formula (intercept first), or None.
    covariate_names : tuple of str
        Column names of ``covariates``.
    clusters : numpy.ndarray or None
        ``(n,)`` integer cluster codes above the unit level, or None.
    balanced : bool
        Whether every unit is observed in every period.
    """

    unit_ids: np.ndarray
    periods: np.ndarray
    outcome: np.ndarray
    first_treated: np.ndarray
    weights: np.ndarray
    covariates: np.ndarray | None
    covariate_names: tuple[str, ...]
    clusters: np.ndarray | None
    balanced: bool

    @property
    def n_units(self) -> int:
        """Number of units."""
        return int(self.unit_ids.size)


def _sorted_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted distinct values; a lookup table for integer-valued keys."""
    if values.dtype.kind in "iuf" and values.size:
        low, high = values.min(), values.max()
        whole = values.dtype.kind in "iu" or bool(np.all(values == np.floor(values)))
        if whole and np.isfinite(high - low) and high - low <= 4 * values.size + 1_000_000:
            offset = (values - low).astype(np.int64)
            present = np.bincount(offset) > 0
            lookup = np.cumsum(present) - 1
            return lookup[offset], np.flatnonzero(present) + low
    codes, uniques = pd.factorize(values, sort=True)
    return codes, np.asarray(uniques)


def _listed(values: np.ndarray) -> str:
    shown = ", ".join(str(v) for v in values[:MAX_LISTED])
    more = f" and {values.size - MAX_LISTED} more" if values.size > MAX_LISTED else ""
    return f"{shown}{more}"


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise EstimationError(
            f"{name}={value!r} is not supported; rule: one of {choices}; "
            f"fix: pass {name}={choices[0]!r}"
        )


def _check_periods(name: str, value: object, example: int) -> None:
    if not isinstance(value, int | np.integer) or value < 0:
        raise EstimationError(
            f"{name}={value!r}; rule: a non-negative whole number of periods; "
            f"fix: pass e.g. {name}={example}"
        )


def _require_numeric(data: pd.DataFrame, column: str, role: str, example: str) -> np.ndarray:
    series = data[column]
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        raise PanelError(
            f"{role} column {column!r} has dtype {series.dtype} (e.g. {series.iloc[0]!r}); "
            f"rule: {role} must be numeric ({example}); fix: convert it, e.g. "
            f"data[{column!r}] = pd.to_numeric(data[{column!r}]), or map labels to numbers"
        )
    return series.to_numpy(dtype=float)


def _per_unit(
    values: np.ndarray,
    unit_codes: np.ndarray,
    n_units: int,
    column: str,
    unit_ids: np.ndarray,
    fix: str = "use its value in a fixed base period for every row of the unit",
) -> np.ndarray:
    """Collapse a unit-level column to one value per unit, raising if it varies within a unit."""
    per_unit = np.empty(n_units, dtype=values.dtype)
    per_unit[unit_codes] = values
    back = per_unit[unit_codes]
    if values.dtype.kind == "f":
        varies = ~((back == values) | (np.isnan(back) & np.isnan(values)))
    else:
        varies = back != values
    if varies.any():
        bad = unit_ids[np.unique(unit_codes[varies])]
        raise PanelError(
            f"column {column!r} varies over time within {bad.size} unit(s): {_listed(bad)}; "
            f"rule: {column!r} must be constant within each unit (time-invariant); fix: {fix}"
        )
    return per_unit


def _design(
    xformla: str | None, unit_frame: pd.DataFrame, columns: pd.Index
) -> tuple[np.ndarray | None, tuple[str, ...], list[str]]:
    """Return the design matrix of ``xformla`` on one row per unit and the columns it reads."""
    if xformla is None:
        return None, (), []
    text = xformla.strip()
    if not text.startswith("~"):
        raise EstimationError(
            f"xformla={xformla!r} is not a one-sided formula; rule: covariates are written as "
            "'~ x1 + x2'; fix: add the leading '~'"
        )
    rhs = text[1:].strip()
    if rhs in ("", "1"):
        return None, (), []
    terms = [term.strip() for term in rhs.split("+")]
    if all(re.fullmatch(r"[A-Za-z_]\w*", term) for term in terms) and all(
        term in columns for term in terms
    ):
        matrix = np.column_stack(
            [np.ones(len(unit_frame))] + [unit_frame[term].to_numpy(float) for term in terms]
        )
        return matrix, ("(Intercept)", *terms), terms
    import patsy

    used = [name for name in re.findall(r"[A-Za-z_]\w*", rhs) if name in columns]
    try:
        design = patsy.dmatrix(rhs, unit_frame, NA_action="raise", return_type="dataframe")
    except Exception as error:  # patsy raises many types; report them uniformly
        raise EstimationError(
            f"xformla={xformla!r} cannot be evaluated: {error}; fix: use column names of the "
            "data joined with '+'"
        ) from error
    return design.to_numpy(float), tuple(design.columns), list(dict.fromkeys(used))


def first_treated_period(data: pd.DataFrame, idname: str, tname: str, dname: str) -> pd.Series:
    """Derive each row's first treated period (0 = never) from a 0/1 treatment indicator.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel.
    idname, tname : str
        Unit and period columns.
    dname : str
        Treatment indicator column (1 treated, 0 not treated).

    Returns
    -------
    pandas.Series
        First treated period of the row's unit, aligned with ``data``; usable as ``gname``.

    Raises
    ------
    PanelError
        If the treatment switches off again for some unit (staggered adoption is absorbing).

    Examples
    --------
    >>> frame = pd.DataFrame({"id": [1, 1, 2, 2], "year": [1, 2, 1, 2], "d": [0, 1, 0, 0]})
    >>> first_treated_period(frame, "id", "year", "d").tolist()
    [2, 2, 0, 0]
    """
    require_columns(data, {"idname": idname, "tname": tname, "dname": dname})
    _require_numeric(data, tname, "time", "e.g. 2015")
    ordered = data.sort_values([idname, tname])
    treated = ordered[dname].astype(float)
    switched_off = (treated.groupby(ordered[idname]).diff() < 0).to_numpy()
    if switched_off.any():
        units = np.unique(ordered[idname].to_numpy()[switched_off])
        raise PanelError(
            f"treatment {dname!r} switches off (1 then 0) for {units.size} unit(s): "
            f"{_listed(units)}; rule: Callaway-Sant'Anna needs staggered adoption, treatment "
            "stays on once started; fix: code these units by their first treated period only "
            "if the effect is expected to persist, or drop them"
        )
    first = ordered[tname].where(treated > 0).groupby(ordered[idname]).min()
    return data[idname].map(first).fillna(0).astype(data[tname].dtype).rename("first_treated")


def prepare_panel(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    xformla: str | None = None,
    weightsname: str | None = None,
    clustervars: str | list[str] | None = None,
    allow_unbalanced_panel: bool = False,
    anticipation: int = 0,
    control_group: str = "nevertreated",
) -> DidPanel:
    """Validate a long panel and return it as a :class:`DidPanel`.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period columns (``gname`` 0 = never treated).
    xformla : str, optional
        One-sided covariate formula such as ``"~ lpop"``; covariates must be time-invariant.
    weightsname : str, optional
        Time-invariant, non-negative sampling weights.
    clustervars : str or list of str, optional
        At most one time-invariant cluster column besides ``idname``.
    allow_unbalanced_panel : bool
        Keep units not observed in every period (NaN in ``outcome``); otherwise they are
        dropped with a warning, as R ``did`` does.
    anticipation : int
        Periods of anticipation; a cohort needs a period before ``g - anticipation``.
    control_group : {"nevertreated", "notyettreated"}
        Comparison group; with "notyettreated" and no never-treated units, periods from the
        last cohort's start on are dropped and that cohort becomes the comparison group.

    Returns
    -------
    DidPanel

    Examples
    --------
    >>> frame = pd.DataFrame({"id": [1, 1, 2, 2], "t": [1, 2, 1, 2], "y": [0.0, 1, 0, 3],
    ...                       "g": [0, 0, 2, 2]})
    >>> prepare_panel(frame, "y", "t", "id", "g").outcome.tolist()
    [[0.0, 1.0], [0.0, 3.0]]
    """
    cluster_list = [clustervars] if isinstance(clustervars, str) else list(clustervars or [])
    require_columns(
        data,
        {
            "yname": yname,
            "tname": tname,
            "idname": idname,
            "gname": gname,
            "weightsname": weightsname,
        }
        | {f"clustervars[{i}]": c for i, c in enumerate(cluster_list)},
    )
    cluster_list = [c for c in cluster_list if c != idname]
    if len(cluster_list) > 1:
        raise EstimationError(
            f"clustervars={cluster_list!r}; rule: at most one cluster column besides idname "
            "(as R did); fix: cluster on the coarser one, e.g. the province"
        )
    if len(data) == 0:
        raise PanelError("data has no rows; fix: pass a non-empty panel")
    time = _require_numeric(data, tname, "time", "e.g. year 2015")
    first = _require_numeric(data, gname, "first-treated period", "e.g. 2016, 0 = never treated")
    outcome = _require_numeric(data, yname, "outcome", "e.g. log employment")
    for column, values in ((tname, time), (gname, first)):
        if np.isnan(values).any():
            raise PanelError(
                f"column {column!r} has {int(np.isnan(values).sum())} missing values; rule: "
                f"every row needs a period and a first-treated period; fix: fill or drop them"
            )
    if data[idname].isna().any():
        raise PanelError(f"column {idname!r} has missing unit identifiers; fix: fill or drop them")
    unit_codes, unit_ids = _sorted_codes(data[idname].to_numpy())
    time_codes, periods = _sorted_codes(time)
    periods = periods.astype(float)
    n_units, n_periods = unit_ids.size, periods.size
    cell = unit_codes.astype(np.int64) * n_periods + time_codes
    counts = np.bincount(cell, minlength=n_units * n_periods)
    if counts.max() > 1:
        repeated = np.flatnonzero(counts > 1)
        units = unit_ids[np.unique(repeated // n_periods)]
        years = periods[repeated % n_periods]
        raise PanelError(
            f"{repeated.size} ({idname}, {tname}) pairs appear more than once, e.g. unit "
            f"{units[0]} in {tname} {years[0]:g}; units: {_listed(units)}; rule: one row per "
            "unit and period; fix: aggregate or drop the duplicated rows"
        )
    first_treated = _per_unit(
        first,
        unit_codes,
        n_units,
        gname,
        unit_ids,
        fix="put the unit's first treated period (0 if never) in every row of the unit; "
        "derive it from a 0/1 treatment column with evalkit.did.first_treated_period",
    )
    wide = np.full(n_units * n_periods, np.nan)
    wide[cell] = outcome
    wide = wide.reshape(n_units, n_periods)

    weights = np.ones(n_units)
    if weightsname is not None:
        raw = _require_numeric(data, weightsname, "weight", "e.g. population")
        weights = _per_unit(raw, unit_codes, n_units, weightsname, unit_ids)
        if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
            raise PanelError(
                f"weights {weightsname!r} must be finite and non-negative with a positive sum; "
                "fix: drop units with missing or negative weights"
            )
    clusters = None
    if cluster_list:
        codes, _ = pd.factorize(data[cluster_list[0]], use_na_sentinel=False)
        clusters = _per_unit(codes, unit_codes, n_units, cluster_list[0], unit_ids)

    design, names, used = None, (), []
    if xformla is not None:
        first_rows = np.empty(n_units, dtype=np.int64)
        first_rows[unit_codes[::-1]] = np.arange(len(data))[::-1]
        unit_frame = data.iloc[first_rows].reset_index(drop=True)
        design, names, used = _design(xformla, unit_frame, data.columns)
        for column in used:
            values = data[column].to_numpy()
            if values.dtype.kind in "fiub":
                _per_unit(values.astype(float), unit_codes, n_units, column, unit_ids)
            else:
                codes, _ = pd.factorize(data[column], use_na_sentinel=False)
                _per_unit(codes, unit_codes, n_units, column, unit_ids)

    keep = np.isfinite(wide).sum(axis=1) >= (2 if allow_unbalanced_panel else n_periods)
    if design is not None:
        keep &= np.isfinite(design).all(axis=1)
    if not keep.all():
        dropped = unit_ids[~keep]
        reason = (
            "have a missing outcome or covariate, or are not observed in every period"
            if not allow_unbalanced_panel
            else "have a missing covariate or fewer than two observed periods"
        )
        warnings.warn(
            f"dropped {dropped.size} of {n_units} units that {reason} (e.g. {_listed(dropped)}); "
            "set allow_unbalanced_panel=True to keep partly observed units",
            stacklevel=3,
        )
        if not keep.any():
            raise PanelError(
                f"no unit of {yname!r} is left after dropping incomplete units; "
                "fix: check the outcome for missing values"
            )
        unit_ids, wide, first_treated, weights = (
            unit_ids[keep],
            wide[keep],
            first_treated[keep],
            weights[keep],
        )
        design = design[keep] if design is not None else None
        clusters = clusters[keep] if clusters is not None else None

    late = first_treated > periods[-1]
    if late.any():
        warnings.warn(
            f"{int(late.sum())} units first treated after the last period {periods[-1]:g} "
            f"are treated as never treated ({gname}=0)",
            stacklevel=3,
        )
        first_treated = np.where(late, 0.0, first_treated)
    cohorts = np.unique(first_treated[first_treated > 0])
    too_early = cohorts[cohorts <= periods[0] + anticipation]
    if too_early.size:
        too_early = np.array([int(v) if float(v).is_integer() else v for v in too_early])
        bad = unit_ids[np.isin(first_treated, too_early)]
        raise PanelError(
            f"cohort(s) {gname}={_listed(too_early)} have no pre-treatment period: first "
            f"period is {periods[0]:g}, anticipation={anticipation}; {bad.size} units affected "
            f"({_listed(bad)}); rule: every cohort needs a period before g - anticipation; fix: "
            f"drop these units, e.g. data[~data[{gname!r}].isin({too_early.tolist()})]"
        )
    if not (first_treated == 0).any():
        if control_group == "nevertreated":
            raise PanelError(
                f"no never-treated units ({gname} == 0); rule: control_group='nevertreated' "
                "compares each cohort with never-treated units; fix: use "
                "control_group='notyettreated'"
            )
        last = cohorts[-1]
        keep_periods = periods < last - anticipation
        if keep_periods.sum() < 2 or cohorts.size < 2:
            raise PanelError(
                f"no never-treated units and a single cohort {gname}={last:g}; rule: a "
                "comparison group is needed; fix: add never-treated or later-treated units"
            )
        periods, wide = periods[keep_periods], wide[:, keep_periods]
        first_treated = np.where(first_treated == last, 0.0, first_treated)
    order = np.argsort(first_treated, kind="stable")
    return DidPanel(
        unit_ids=unit_ids[order],
        periods=periods,
        outcome=wide[order],
        first_treated=first_treated[order],
        weights=(weights / weights.mean())[order],
        covariates=None if design is None else design[order],
        covariate_names=tuple(names),
        clusters=None if clusters is None else pd.factorize(clusters[order])[0],
        balanced=bool(np.isfinite(wide).all()),
    )
