"""Derived indicators: shares and ratios built from panel indicators, with flags and provenance.

Each derived indicator is defined by one row of ``derived.csv`` (beside this file):
``value = scale * numerator / (denominator term 1 + term 2 + ...)`` on the unit-years where
every input has a value (and the denominator is positive). A derived row carries

* ``source``: ``derived:<id> = <formula>``, so a reader of the panel sees how it was made;
* every flag of its inputs (``interpolated``, ``rounded``, ``conflict``, ``break_suspected``,
  ``jump``: a flag on an input year is a flag on the derived year);
* its own ``jump`` flag from :func:`evalkit.panel.flags.year_on_year_jumps`, checked on the
  derived series itself (a share can jump when its numerator does).

Log loans and log secondary value added are not stored: they are transformations of panel
indicators, applied by :func:`evalkit.panel.outcome_columns`.
"""

from __future__ import annotations

import pandas as pd

from evalkit.errors import PanelError
from evalkit.panel.codebook import canonical_units, derived_codebook
from evalkit.panel.flags import year_on_year_jumps
from evalkit.panel.readers import FLAG_COLUMNS, LONG_COLUMNS

UNIT_COLUMNS = ["unit_code", "unit_name", "province_code", "year"]


def formula(row: pd.Series) -> str:
    """Return the formula of a derived indicator as text.

    Examples
    --------
    >>> book = derived_codebook().set_index("id")
    >>> formula(book.loc["individual_worker_share"])
    '100 * urban_individual_workers / (urban_individual_workers + employed_persons)'
    """
    terms = row["denominator"].split("+")
    denominator = terms[0] if len(terms) == 1 else f"({' + '.join(terms)})"
    scale = f"{row['scale']:g} * " if row["scale"] != 1 else ""
    return f"{scale}{row['numerator']} / {denominator}"


def _derive_one(frame: pd.DataFrame, spec: pd.Series) -> pd.DataFrame:
    inputs = [spec["numerator"], *spec["denominator"].split("+")]
    missing = sorted(set(inputs) - set(frame["indicator"]))
    if missing:
        raise PanelError(
            f"derived.csv: indicator {spec.name!r} needs {missing}, which the panel lacks; "
            "rule: a derived indicator is built from panel indicators; fix: correct "
            "numerator/denominator in src/evalkit/panel/derived.csv"
        )
    rows = frame[frame["indicator"].isin(inputs)]
    values = rows.pivot(index=UNIT_COLUMNS, columns="indicator", values="value")
    values = values.reindex(columns=list(dict.fromkeys(inputs)))
    flags = rows.pivot(index=UNIT_COLUMNS, columns="indicator", values=FLAG_COLUMNS)
    denominator = values[spec["denominator"].split("+")].sum(axis=1, min_count=1)
    complete = values.notna().all(axis=1) & (denominator > 0)
    out = pd.DataFrame(index=values.index[complete]).reset_index()
    out["indicator"] = spec.name
    out["value"] = (spec["scale"] * values[spec["numerator"]] / denominator)[complete].to_numpy()
    out["source"] = f"derived:{spec.name} = {formula(spec)}"
    for flag in FLAG_COLUMNS:
        inherited = flags[flag].reindex(columns=list(dict.fromkeys(inputs)))
        out[flag] = inherited.fillna(False).astype(bool).any(axis=1)[complete].to_numpy()
    return out


def derive(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of every derived indicator of ``derived.csv``, flagged.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long city panel rows (:data:`LONG_COLUMNS` and :data:`FLAG_COLUMNS`) holding the
        inputs.

    Returns
    -------
    pandas.DataFrame
        Long rows of the derived indicators in the same layout.

    Raises
    ------
    PanelError
        If an input of a derived indicator is not in ``frame``.

    Examples
    --------
    >>> base = dict(unit_code="330100", unit_name="杭州市", province_code="330000",
    ...             source="f.csv:2", interpolated=False, rounded=False,
    ...             break_suspected=False, conflict=False, jump=False)
    >>> rows = pd.DataFrame([
    ...     {**base, "year": 2018, "indicator": "urban_individual_workers", "value": 438.0},
    ...     {**base, "year": 2018, "indicator": "employed_persons", "value": 279.2},
    ...     {**base, "year": 2018, "indicator": "loans", "value": 40000.0},
    ...     {**base, "year": 2018, "indicator": "gdp", "value": 13500.0}])
    >>> derive(rows).set_index("indicator")["value"].round(2).to_dict()
    {'individual_worker_share': 61.07, 'loans_to_gdp': 2.96}
    """
    book = derived_codebook().set_index("id")
    parts = [_derive_one(frame, spec) for _, spec in book.iterrows()]
    derived = pd.concat(parts, ignore_index=True)[[*LONG_COLUMNS, *FLAG_COLUMNS]]
    derived = derived.sort_values(["unit_code", "indicator", "year"], ignore_index=True)
    own = year_on_year_jumps(derived, canonical_units(), extra=frozenset(book.index))
    derived["jump"] = derived["jump"] | own
    derived["value"] = derived["value"].astype("float64")
    return derived


def derived_indicators() -> list[str]:
    """Return the ids of the derived indicators.

    Examples
    --------
    >>> derived_indicators()
    ['individual_worker_share', 'loans_to_gdp']
    """
    return derived_codebook()["id"].tolist()
