"""Place source rows on harmonised units and choose one value per unit-year-indicator.

Rules (written in ``UNITS.md`` beside the codebook):

* City rows are mapped through :class:`~evalkit.panel.crosswalk.Crosswalk`; rows that map to
  no prefecture-level city (county-level cities, districts, unknown names) are not placed in
  the panel and are listed, with counts, in the quality report.
* Province- and nation-level rows (price index, provincial loans, exchange rate) form the
  separate ``regional`` table, keyed by province code (nation: 100000).
* Several sources of one indicator: the value of the lowest ``priority`` (the primary source
  in the codebook) is kept; if the primary source has no value, the next one is used. Every
  other value is an *alternative*; when one differs from the kept value by more than
  :data:`CONFLICT_TOLERANCE` (relative), the kept row gets ``conflict = True`` and the pair is
  listed in the quality report. Nothing is averaged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit.panel.crosswalk import Crosswalk
from evalkit.panel.readers import FLAG_COLUMNS, LONG_COLUMNS

CONFLICT_TOLERANCE = 0.01
KEY = ["unit_code", "year", "indicator"]
_MATCH_RANK = {"code": 0, "name": 1, "name_prefix": 2, "name_other_year": 3}


@dataclass(frozen=True)
class Harmonised:
    """The outcome of harmonisation, before flags that need whole series."""

    city: pd.DataFrame
    regional: pd.DataFrame
    alternatives: pd.DataFrame
    unplaced: pd.DataFrame


def _choose(rows: pd.DataFrame, key: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = rows.sort_values([*key, "priority", "match_rank"], kind="stable")
    first = ~rows.duplicated(key)
    chosen = rows[first].copy()
    others = rows[~first]
    kept = chosen[[*key, "value", "source"]].rename(
        columns={"value": "kept_value", "source": "kept_source"}
    )
    alternatives = others[[*key, "value", "source"]].merge(kept, on=key, how="left")
    alternatives = alternatives.rename(
        columns={"value": "alternative_value", "source": "alternative_source"}
    )
    scale = alternatives["kept_value"].abs().where(alternatives["kept_value"] != 0, np.nan)
    alternatives["relative_difference"] = (
        alternatives["alternative_value"] - alternatives["kept_value"]
    ).abs() / scale
    differs = alternatives["relative_difference"].fillna(
        (alternatives["alternative_value"] != alternatives["kept_value"]).astype(float)
    )
    alternatives["conflict"] = differs > CONFLICT_TOLERANCE
    conflicted = alternatives.loc[alternatives["conflict"], key].drop_duplicates()
    flagged = chosen[key].merge(conflicted.assign(hit=True), on=key, how="left")["hit"]
    chosen["conflict"] = flagged.fillna(False).astype(bool).to_numpy()
    return chosen, alternatives


def harmonise(rows: pd.DataFrame, crosswalk: Crosswalk) -> Harmonised:
    """Map source rows to harmonised units and resolve multiple sources.

    Parameters
    ----------
    rows : pandas.DataFrame
        Source rows of all files (:data:`evalkit.panel.readers.SOURCE_COLUMNS`).
    crosswalk : Crosswalk
        The administrative crosswalk.

    Returns
    -------
    Harmonised
        ``city`` (long panel rows with flags ``interpolated``, ``rounded``, ``conflict``;
        ``break_suspected`` still False), ``regional``, ``alternatives`` (every non-kept
        value beside the kept one) and ``unplaced`` (rows on no city, by file and name).
    """
    city = rows[rows["level"] == "city"]
    placed = crosswalk.resolve(city[["source_code", "source_name", "year", "province_code"]])
    city = city.drop(columns=["province_code"]).join(placed)
    on_city = city["unit_code"].notna()
    unplaced = city[~on_city]
    unplaced = (
        unplaced.assign(file=unplaced["source"].str.rsplit(":", n=1).str[0])
        .groupby(["file", "source_code", "source_name", "match"], as_index=False)
        .agg(rows=("value", "size"), first_year=("year", "min"), last_year=("year", "max"))
    )
    city = city[on_city].copy()
    city["match_rank"] = city["match"].map(_MATCH_RANK)
    chosen, alternatives = _choose(city, KEY)
    chosen["break_suspected"] = False
    chosen["jump"] = False
    city_frame = chosen[[*LONG_COLUMNS, *FLAG_COLUMNS, "priority"]].reset_index(drop=True)

    regional = rows[rows["level"] != "city"].copy()
    regional["unit_code"] = regional["source_code"]
    regional["unit_name"] = regional["source_name"]
    regional["match_rank"] = 0
    regional_chosen, regional_alternatives = _choose(regional, KEY)
    regional_chosen["break_suspected"] = False
    regional_chosen["jump"] = False
    regional_frame = regional_chosen[[*LONG_COLUMNS, *FLAG_COLUMNS]].reset_index(drop=True)
    return Harmonised(
        city=city_frame,
        regional=regional_frame,
        alternatives=pd.concat([alternatives, regional_alternatives], ignore_index=True),
        unplaced=unplaced,
    )
