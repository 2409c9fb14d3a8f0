"""Which 6-digit administrative codes exist, and which panel city each one belongs to.

A code is *known* when it is in the panel's unit list, in the admin crosswalk (prefecture codes
from ``admin_crosswalk/entity_id_crosswalk.csv`` and county codes quoted in
``admin_crosswalk/county_administrative_events_1987_2026.csv``), or in the registry's own list
``data/raw/plans/units.csv`` (counties, districts and provinces with their source). The panel
codes municipalities by their province code (Shanghai is ``310000``), while the crosswalk uses
``310100``; both spellings are accepted and map to the panel's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from evalkit.config import raw_file
from evalkit.plans.errors import PlanRegistryError
from evalkit.regions import EAST_CHINA

MUNICIPALITY_PREFIXES = frozenset({"11", "12", "31", "50"})
CROSSWALK_FILE = "admin_crosswalk/entity_id_crosswalk.csv"
COUNTY_EVENTS_FILE = "admin_crosswalk/county_administrative_events_1987_2026.csv"
_COUNTY_CODE = re.compile(r"\|\s*(\d{6})\s*\|")


def normalise_code(code: str) -> str:
    """Return the panel's spelling of a code: a municipality's ``XX0100`` becomes ``XX0000``.

    Examples
    --------
    >>> normalise_code("310100"), normalise_code("330100")
    ('310000', '330100')
    """
    if code[:2] in MUNICIPALITY_PREFIXES and code[2:] == "0100":
        return code[:2] + "0000"
    return code


def parent_city_code(code: str) -> str:
    """Return the prefecture-level (panel) code a county or district belongs to.

    Examples
    --------
    >>> parent_city_code("330781"), parent_city_code("310115"), parent_city_code("330100")
    ('330700', '310000', '330100')
    """
    code = normalise_code(code)
    if code[2:] == "0000":
        return code
    if code[:2] in MUNICIPALITY_PREFIXES:
        return code[:2] + "0000"
    return code[:4] + "00"


def crosswalk_codes() -> frozenset[str]:
    """Return the 6-digit codes the admin crosswalk knows (prefectures and counties with events).

    Examples
    --------
    >>> "330100" in crosswalk_codes()  # doctest: +SKIP
    True
    """
    entities = pd.read_csv(raw_file(CROSSWALK_FILE), dtype=str, usecols=["legacy_entity_id"])
    prefecture = {
        normalise_code(value[1:])
        for value in entities["legacy_entity_id"].dropna()
        if re.fullmatch(r"E\d{6}", value)
    }
    events = pd.read_csv(raw_file(COUNTY_EVENTS_FILE), dtype=str, usecols=["description"])
    county = set(_COUNTY_CODE.findall(" ".join(events["description"].dropna())))
    return frozenset(prefecture | county)


def east_china_prefectures() -> pd.DataFrame:
    """Return the crosswalk's current East China prefecture units in the panel's spelling.

    Used only when the panel itself cannot be loaded.

    Examples
    --------
    >>> "310000" in set(east_china_prefectures()["unit_code"])  # doctest: +SKIP
    True
    """
    entities = pd.read_csv(raw_file(CROSSWALK_FILE), dtype=str)
    entities = entities.loc[entities["legacy_entity_id"].str.fullmatch(r"E\d{6}", na=False)]
    codes = entities["legacy_entity_id"].str[1:].map(normalise_code)
    frame = pd.DataFrame({"unit_code": codes, "unit_name": entities["canonical_name_zh"]})
    frame["province_code"] = frame["unit_code"].str[:2] + "0000"
    frame = frame.loc[frame["province_code"].isin(EAST_CHINA)]
    return frame.drop_duplicates("unit_code").reset_index(drop=True)


@dataclass(frozen=True)
class UnitRoster:
    """The codes a registry may cite, and the panel units they map to.

    Parameters
    ----------
    panel_units : pandas.DataFrame
        ``unit_code, unit_name, province_code`` of the panel (``evalkit.panel.load().units``).
    crosswalk : frozenset of str
        Codes known to the admin crosswalk.
    listed : pandas.DataFrame
        ``units.csv`` of the registry: ``unit_code, unit_name, level, parent_code, source``.

    Examples
    --------
    >>> roster = UnitRoster(pd.DataFrame({"unit_code": ["330700"], "unit_name": ["金华市"],
    ...     "province_code": ["330000"]}), frozenset(), pd.DataFrame({"unit_code": ["330781"],
    ...     "unit_name": ["兰溪市"], "level": ["county"], "parent_code": ["330700"],
    ...     "source": ["GB/T 2260"]}))
    >>> roster.known_via("330781"), roster.panel_city("330781")
    ('units.csv', '330700')
    """

    panel_units: pd.DataFrame
    crosswalk: frozenset[str]
    listed: pd.DataFrame

    @cached_property
    def panel_codes(self) -> frozenset[str]:
        """Codes of the panel's units (read once per roster: every cited code asks for them)."""
        return frozenset(self.panel_units["unit_code"].astype(str))

    @cached_property
    def _listed_codes(self) -> frozenset[str]:
        return frozenset(self.listed["unit_code"])

    @cached_property
    def _parents(self) -> pd.Series:
        return self.listed.set_index("unit_code")["parent_code"]

    def known_via(self, code: str) -> str | None:
        """Return where a code is known from (``panel``, ``crosswalk``, ``units.csv``) or None."""
        spelled = normalise_code(code)
        if spelled in self.panel_codes:
            return "panel"
        if spelled in self.crosswalk or code in self.crosswalk:
            return "crosswalk"
        if code in self._listed_codes:
            return "units.csv"
        return None

    def panel_city(self, code: str) -> str:
        """Return the panel-level city a code belongs to (the code itself for a city)."""
        parent = self._parents.get(code)
        if isinstance(parent, str) and parent:
            return normalise_code(parent)
        return parent_city_code(code)


def as_unit_frame(units: Sequence[str] | pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Return ``unit_code, unit_name, province_code`` for a list of codes or a units frame.

    Examples
    --------
    >>> as_unit_frame(["330100"]).to_dict("records")
    [{'unit_code': '330100', 'unit_name': '330100', 'province_code': '330000'}]
    """
    if isinstance(units, pd.DataFrame):
        frame = units.copy()
    else:
        frame = pd.DataFrame({"unit_code": list(units)})
    frame["unit_code"] = frame["unit_code"].astype(str)
    bad = frame.loc[~frame["unit_code"].str.fullmatch(r"\d{6}"), "unit_code"]
    if len(bad):
        raise PlanRegistryError(
            f"units: {bad.iloc[0]!r} is not a 6-digit administrative code; fix: pass codes such "
            "as '330100' (evalkit.panel.load().units has them)"
        )
    if "unit_name" not in frame.columns:
        frame["unit_name"] = frame["unit_code"]
    if "province_code" not in frame.columns:
        frame["province_code"] = frame["unit_code"].str[:2] + "0000"
    frame = frame[["unit_code", "unit_name", "province_code"]].drop_duplicates("unit_code")
    return frame.reset_index(drop=True)
