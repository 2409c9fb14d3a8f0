"""The validated long panel and its reshaping helpers."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import PanelError
from evalkit.memo import content_hash
from evalkit.panel.readers import FLAG_COLUMNS, LONG_COLUMNS
from evalkit.panel.schema import check_schema
from evalkit.util_io import atomic_path

KEY = ["unit_code", "year", "indicator"]
REGIONAL_FILE = "regional.parquet"
COLUMNS = [*LONG_COLUMNS, *FLAG_COLUMNS]


def _validate(frame: pd.DataFrame, what: str = "panel") -> pd.DataFrame:
    frame = frame.copy()
    for flag in FLAG_COLUMNS:
        if flag not in frame.columns:
            frame[flag] = False
    missing = [c for c in LONG_COLUMNS if c not in frame.columns]
    if missing:
        raise PanelError(
            f"{what}: missing column(s) {missing}; rule: a panel has columns {LONG_COLUMNS}; "
            "fix: build it with evalkit.panel.build()"
        )
    duplicated = frame.duplicated(KEY, keep=False)
    if duplicated.any():
        first = frame.loc[duplicated, [*KEY, "value", "source"]].head(4).to_string(index=False)
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
    out = frame[COLUMNS].copy()
    for column in ("unit_code", "unit_name", "province_code", "indicator", "source"):
        out[column] = out[column].astype(str).astype(object)
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    for flag in FLAG_COLUMNS:
        out[flag] = out[flag].astype(bool)
    out = out.sort_values(KEY, ignore_index=True)
    check_schema(out, what)
    return out


@dataclass(frozen=True, eq=False)
class Panel:
    """A validated long city-year panel: one value per unit, year and indicator.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long rows with the columns ``unit_code, unit_name, province_code, year, indicator,
        value, source`` and the flags ``interpolated, rounded, break_suspected, conflict, jump``
        (missing flags default to False). Validated on construction against
        :data:`evalkit.panel.schema.PANEL_SCHEMA`; raises :class:`PanelError` if a
        unit-year-indicator repeats, a code is not 6 digits or a column is missing.
    regional : pandas.DataFrame, optional
        Province- and nation-level series in the same layout (``unit_code`` is the province
        code, 100000 for the whole country): the price index used by :meth:`deflate`.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_code": ["330100"], "unit_name": ["杭州市"],
    ...     "province_code": ["330000"], "year": [2015], "indicator": ["night_lights"],
    ...     "value": [1.0], "source": ["f.csv:2"]})
    >>> Panel(rows).wide(["night_lights"]).shape
    (1, 3)
    """

    frame: pd.DataFrame
    regional: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "frame", _validate(self.frame))
        regional = self.regional if self.regional is not None else self.frame.iloc[:0]
        object.__setattr__(self, "regional", _validate(regional, "regional series"))

    @cached_property
    def _content_key(self) -> str:
        return content_hash(self.frame, self.regional)

    def content_key(self) -> str:
        """Return the SHA-256 of the panel's rows (computed once: a panel is read-only).

        The batch cache (:mod:`evalkit.memo`) keys a call taking a panel by it.

        Examples
        --------
        >>> rows = pd.DataFrame({"unit_code": ["330100"], "unit_name": ["杭州市"],
        ...     "province_code": ["330000"], "year": [2015], "indicator": ["gdp"],
        ...     "value": [1.0], "source": ["f.csv:2"]})
        >>> Panel(rows).content_key() == Panel(rows.copy()).content_key()
        True
        """
        return self._content_key

    @classmethod
    def read(cls, path: Path) -> Panel:
        """Read a panel written by :meth:`write` (and its ``regional`` file beside it)."""
        regional = path.with_name(REGIONAL_FILE)
        return cls(pd.read_parquet(path), pd.read_parquet(regional) if regional.is_file() else None)

    def write(self, path: Path) -> None:
        """Write the panel to parquet atomically (a failure leaves no partial file)."""
        for frame, target in ((self.frame, path), (self.regional, path.with_name(REGIONAL_FILE))):
            with atomic_path(target) as temporary:
                frame.to_parquet(temporary, index=False)

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

    def _series(self, indicator: str) -> pd.DataFrame:
        return self.wide([indicator]).set_index(["unit_code", "year"])[indicator]

    def per_capita(
        self, indicator: str, *, population: str = "resident_population"
    ) -> pd.DataFrame:
        """Return ``indicator`` divided by ``population`` (both in canonical units).

        Units follow from the codebook: GDP in 亿元 per resident population in 万人 is
        10^4 元 per person. Unit-years missing either series are missing.

        Returns
        -------
        pandas.DataFrame
            ``unit_code, year, <indicator>_per_capita``.

        Examples
        --------
        >>> panel.per_capita("gdp").head()  # doctest: +SKIP
        """
        both = self.wide([indicator, population])
        both[f"{indicator}_per_capita"] = both[indicator] / both[population].where(
            both[population] > 0
        )
        return both[["unit_code", "year", f"{indicator}_per_capita"]]

    def growth(self, indicator: str) -> pd.DataFrame:
        """Return year-on-year log growth of ``indicator`` (consecutive years only).

        Returns
        -------
        pandas.DataFrame
            ``unit_code, year, <indicator>_growth`` with ``log(x_t) - log(x_{t-1})``;
            missing where the previous year is absent or a value is not positive.

        Examples
        --------
        >>> panel.growth("gdp").head()  # doctest: +SKIP
        """
        wide = self.wide([indicator]).sort_values(["unit_code", "year"])
        logged = np.log(wide[indicator].where(wide[indicator] > 0))
        previous = wide.groupby("unit_code")["year"].shift()
        change = logged - logged.groupby(wide["unit_code"]).shift()
        wide[f"{indicator}_growth"] = change.where(wide["year"] - previous == 1)
        return wide[["unit_code", "year", f"{indicator}_growth"]].reset_index(drop=True)

    def deflate(self, indicator: str, *, base_year: int, index: str = "cpi") -> pd.DataFrame:
        """Return ``indicator`` in ``base_year`` prices using the provincial price index.

        The provincial index (previous year = 100, ``CRE_Pi01.csv``) is chained into a
        price level equal to 1 in ``base_year``; each city's value is divided by its
        province's level. Years outside the index's unbroken chain are missing.

        Returns
        -------
        pandas.DataFrame
            ``unit_code, year, <indicator>_real``.

        Raises
        ------
        PanelError
            If the index is not among the regional series.

        Examples
        --------
        >>> panel.deflate("gdp", base_year=2010).head()  # doctest: +SKIP
        """
        prices = self.regional[self.regional["indicator"] == index]
        if prices.empty:
            raise PanelError(
                f"panel: no regional series {index!r} to deflate with; available: "
                f"{sorted(self.regional['indicator'].unique())}; fix: build the panel from a "
                "data directory with csmar_regional/CRE_Pi01.csv"
            )
        levels = []
        for province, rows in prices.groupby("unit_code"):
            rows = rows.set_index("year")["value"].sort_index()
            level = _price_level(rows, base_year)
            if level is None:
                continue
            levels.append(pd.DataFrame({"province_code": province, "year": level.index,
                                        "price_level": level.to_numpy()}))  # fmt: skip
        level = (
            pd.concat(levels, ignore_index=True)
            if levels
            else pd.DataFrame(columns=["province_code", "year", "price_level"])
        )
        wide = self.wide([indicator]).merge(self.units[["unit_code", "province_code"]],
                                            on="unit_code")  # fmt: skip
        wide = wide.merge(level, on=["province_code", "year"], how="left")
        wide[f"{indicator}_real"] = wide[indicator] / wide["price_level"]
        return wide[["unit_code", "year", f"{indicator}_real"]]


def _price_level(index: pd.Series, base_year: int) -> pd.Series | None:
    """Return the price level (1 in ``base_year``) chained from a previous-year = 100 index.

    Only the unbroken run of years around ``base_year`` is chained: a level across a missing
    year would silently treat that year's inflation as zero, so it is left missing instead.
    Returns None when the index cannot reach ``base_year``.
    """
    first, last = int(index.index.min()), int(index.index.max())
    if not first - 1 <= base_year <= last:
        return None
    growth = np.log(index.reindex(range(first, last + 1)) / 100)
    after = growth.loc[base_year + 1 :].cumsum(skipna=False)
    # at year t <= base: -(growth t..base) is the log level of year t - 1
    before = -growth.loc[:base_year].iloc[::-1].cumsum(skipna=False)
    before.index = before.index - 1
    log_level = pd.concat([before, pd.Series({base_year: 0.0}), after]).sort_index()
    return np.exp(log_level)
