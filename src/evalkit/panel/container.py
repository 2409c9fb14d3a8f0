"""The validated long panel and its reshaping helpers."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import PanelError
from evalkit.panel.readers import LONG_COLUMNS
from evalkit.util_io import atomic_path

KEY = ["unit_code", "year", "indicator"]


def _validate(frame: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in LONG_COLUMNS if c not in frame.columns]
    if missing:
        raise PanelError(
            f"panel: missing column(s) {missing}; rule: a panel has columns {LONG_COLUMNS}; "
            "fix: build it with evalkit.panel.build()"
        )
    duplicated = frame.duplicated(KEY, keep=False)
    if duplicated.any():
        first = frame.loc[duplicated, KEY + ["value", "source"]].head(4).to_string(index=False)
        raise PanelError(
            f"panel: {int(duplicated.sum())} rows share a (unit_code, year, indicator); "
            f"rule: one value per unit, year and indicator; fix: resolve the conflict in the "
            f"reader or codebook. First rows:\n{first}"
        )
    codes = frame["unit_code"].astype(str)
    bad = ~codes.str.fullmatch(r"\d{6}")
    if bad.any():
        raise PanelError(
            f"panel: unit_code {codes[bad].iloc[0]!r} (source {frame.loc[bad, 'source'].iloc[0]}) "
            "is not a 6-digit administrative code; fix: map it through the crosswalk"
        )
    out = frame[LONG_COLUMNS].copy()
    out["unit_code"] = codes
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    return out.sort_values(KEY, ignore_index=True)


@dataclass(frozen=True, eq=False)
class Panel:
    """A validated long city-year panel: one value per unit, year and indicator.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long rows with the columns ``unit_code, unit_name, province_code, year, indicator,
        value, source``. Validated on construction; raises :class:`PanelError` if a
        unit-year-indicator repeats, a code is not 6 digits or a column is missing.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": ["330100"], "unit_name": ["杭州市"],
    ...     "province_code": ["330000"], "year": [2015], "indicator": ["night_lights"],
    ...     "value": [1.0], "source": ["f.csv:2"]})
    >>> Panel(rows).wide(["night_lights"]).shape
    (1, 3)
    """

    frame: pd.DataFrame

    def __post_init__(self) -> None:
        object.__setattr__(self, "frame", _validate(self.frame))

    @classmethod
    def read(cls, path: Path) -> Panel:
        """Read a panel written by :meth:`write`."""
        return cls(pd.read_parquet(path))

    def write(self, path: Path) -> None:
        """Write the panel to parquet atomically (a failure leaves no partial file)."""
        with atomic_path(path) as temporary:
            self.frame.to_parquet(temporary, index=False)

    @property
    def indicators(self) -> list[str]:
        """The indicator ids present in the panel."""
        return sorted(self.frame["indicator"].unique())

    @property
    def units(self) -> pd.DataFrame:
        """One row per unit: ``unit_code, unit_name, province_code``."""
        units = self.frame[["unit_code", "unit_name", "province_code"]]
        return units.drop_duplicates("unit_code").sort_values("unit_code", ignore_index=True)

    def wide(self, indicators: list[str], *, log: bool = False) -> pd.DataFrame:
        """Return one row per unit-year with one column per indicator.

        Parameters
        ----------
        indicators : list of str
            Indicator ids; each must be in the panel.
        log : bool
            If true, return natural logs in columns named ``log_<indicator>``. Values that
            are not positive cannot be logged: they become missing, with a warning that
            counts them.

        Returns
        -------
        pandas.DataFrame
            Columns ``unit_code, year`` and one per indicator (unit name and province
            available through :attr:`units`).
        """
        unknown = sorted(set(indicators) - set(self.indicators))
        if unknown:
            raise PanelError(
                f"panel: indicator(s) {unknown} not in the panel; available: {self.indicators}"
            )
        rows = self.frame[self.frame["indicator"].isin(indicators)]
        wide = rows.pivot(index=["unit_code", "year"], columns="indicator", values="value")
        wide = wide.reindex(columns=indicators)
        if log:
            positive = wide > 0
            bad = int((wide.notna() & ~positive).sum().sum())
            if bad:
                warnings.warn(
                    f"{bad} non-positive value(s) cannot be logged and are treated as missing",
                    stacklevel=2,
                )
            wide = np.log(wide.where(positive)).add_prefix("log_")
        wide.columns.name = None
        return wide.reset_index()
