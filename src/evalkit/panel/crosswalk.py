"""Harmonise city codes and names to one vintage through the administrative crosswalk.

The crosswalk (``admin_crosswalk/`` in the data directory) gives every prefecture-level
research entity a permanent id, its current 6-digit code (``legacy_entity_id`` ``E<code>``)
and its legal name in each year 2000-2024. Rules (also in the codebook, ``UNITS.md``):

1. A source code that is an entity's current code maps to that entity. The four
   municipalities keep their province-level code (Shanghai 310000, not the crosswalk's
   310100), because CSMAR, the night-lights file and the yearbooks use it and because a
   municipality is its own province.
2. Otherwise the source name is matched against the legal names the entity had in that year
   (a name is also accepted one year either side of a rename): first the full name, then
   the name without 市/地区/盟, then a unique two-character prefix within the province,
   and last a name the entity had in another year (sources that back-cast a city created
   later, such as 中卫 before 2004, or that use the new name for earlier years).
   Codes that changed when a 地区 became a 市 are mapped by :data:`OLD_CODES`.
3. A code whose last two digits are not ``00`` and that matches no entity is a county-level
   unit or a district, whatever its name says (巢湖 after 2011 is the county-level city
   340181): out of scope for the city panel, counted in the quality report, never mapped
   onto a city.
4. Abolished cities keep their own code for the years they existed (巢湖 341400 to 2010);
   their statistics are never reallocated to successors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evalkit.errors import RawDataError
from evalkit.panel.provinces import MUNICIPALITIES

ENTITY_FILE = "admin_crosswalk/entity_id_crosswalk.csv"
ROSTER_FILE = "admin_crosswalk/legal_roster_2000_2024.csv"
CROSSWALK_FILES = (ENTITY_FILE, ROSTER_FILE)
ROSTER_YEARS = (2000, 2024)
_SUFFIXES = ("地区", "市", "盟")
# Prefectures whose code changed when the 地区 became a 市; the crosswalk keeps only the
# current code, so the earlier code is mapped here (source: the 2011-2016 State Council
# approvals recorded in prefecture_administrative_events_1983_2026.csv).
OLD_CODES: dict[str, str] = {
    "522200": "520600",  # 铜仁地区 -> 铜仁市 (2011)
    "522400": "520500",  # 毕节地区 -> 毕节市 (2011)
    "632100": "630200",  # 海东地区 -> 海东市 (2013)
    "542300": "540200",  # 日喀则地区 -> 日喀则市 (2014)
    "542100": "540300",  # 昌都地区 -> 昌都市 (2014)
    "542600": "540400",  # 林芝地区 -> 林芝市 (2015)
    "542200": "540500",  # 山南地区 -> 山南市 (2016)
    "542400": "540600",  # 那曲地区 -> 那曲市 (2017)
    "652100": "650400",  # 吐鲁番地区 -> 吐鲁番市 (2015)
    "652200": "650500",  # 哈密地区 -> 哈密市 (2016)
}


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _harmonised_code(legacy: str) -> str | None:
    if not (legacy.startswith("E") and legacy[1:].isdigit() and len(legacy) == 7):
        return None
    code = legacy[1:]
    province = code[:2] + "0000"
    return province if province in MUNICIPALITIES else code


@dataclass(frozen=True, eq=False)
class Crosswalk:
    """Entity codes and year-specific legal names of China's prefecture-level units.

    Parameters
    ----------
    entities : pandas.DataFrame
        ``entity_id, unit_code, unit_name, province_code``; one row per entity with a code.
    names : pandas.DataFrame
        ``entity_id, year, legal_name_zh``: the legal name of each active entity by year.

    Examples
    --------
    >>> cw = load_crosswalk(config.data_dir())  # doctest: +SKIP
    >>> keys = pd.DataFrame({"source_code": ["", "310000"], "source_name": ["襄樊", "x"],
    ...     "year": [2009, 2009], "province_code": ["", ""]})
    >>> cw.resolve(keys)["unit_code"].tolist()  # doctest: +SKIP
    ['420600', '310000']
    """

    entities: pd.DataFrame
    names: pd.DataFrame

    def __post_init__(self) -> None:
        by_code = dict(zip(self.entities["unit_code"], self.entities["entity_id"], strict=True))
        exact: dict[tuple[str, int], set[str]] = {}
        near: dict[tuple[str, int], set[str]] = {}
        for entity, year, name in self.names.itertuples(index=False):
            for key in {name, _short(name)}:
                exact.setdefault((key, year), set()).add(entity)
                for shift in (-1, 1):
                    near.setdefault((key, year + shift), set()).add(entity)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_near", near)
        province = self.entities.set_index("entity_id")["province_code"].to_dict()
        object.__setattr__(self, "_province", province)
        prefixes: dict[tuple[str, int], set[str]] = {}
        for entity, year, name in self.names.itertuples(index=False):
            prefixes.setdefault((name[:2], year), set()).add(entity)
        object.__setattr__(self, "_prefix", prefixes)
        any_year: dict[str, set[str]] = {}
        for entity, _, name in self.names.itertuples(index=False):
            for key in {name, _short(name)}:
                any_year.setdefault(key, set()).add(entity)
        object.__setattr__(self, "_any_year", any_year)

    def _by_name(self, name: str, year: int, province: str) -> tuple[str | None, str]:
        year = min(max(year, ROSTER_YEARS[0]), ROSTER_YEARS[1])
        keys = (name, f"{name}市", _short(name))
        for table in (self._exact, self._near):
            for key in keys:
                found = {e for e in table.get((key, year), set()) if self._in(e, province)}
                if len(found) == 1:
                    return found.pop(), "name"
        if len(name) >= 2:
            found = {e for e in self._prefix.get((name[:2], year), set()) if self._in(e, province)}
            if len(found) == 1:
                return found.pop(), "name_prefix"
        for key in keys:
            found = {e for e in self._any_year.get(key, set()) if self._in(e, province)}
            if len(found) == 1:
                return found.pop(), "name_other_year"
        return None, "unmatched"

    def _in(self, entity: str, province: str) -> bool:
        return not province or self._province[entity] == province

    def resolve(self, keys: pd.DataFrame) -> pd.DataFrame:
        """Map source codes and names to harmonised units.

        Parameters
        ----------
        keys : pandas.DataFrame
            Columns ``source_code`` (may be empty), ``source_name``, ``year`` and
            ``province_code`` (may be empty: then names are matched nationwide).

        Returns
        -------
        pandas.DataFrame
            The input index with ``unit_code, unit_name, province_code`` (missing when
            unmatched) and ``match``: ``code``, ``name``, ``name_prefix``,
            ``name_other_year``, ``county_level`` (a district or county-level city: out of
            scope), ``province_level`` or ``unmatched``.
        """
        columns = ["source_code", "source_name", "year", "province_code"]
        unique = keys[columns].drop_duplicates()
        results = []
        for code, name, year, province in unique.itertuples(index=False):
            entity = self._by_code.get(OLD_CODES.get(code, code))
            how = "code"
            if entity is None and code and not code.endswith("00"):
                how = "county_level"
            elif entity is None:
                entity, how = self._by_name(name, int(year), province)
                if entity is None and code.endswith("0000"):
                    how = "province_level"
            results.append((code, name, year, province, entity, how))
        table = pd.DataFrame(results, columns=[*columns, "entity_id", "match"])
        info = self.entities.set_index("entity_id")
        table["unit_code"] = table["entity_id"].map(info["unit_code"])
        table["unit_name"] = table["entity_id"].map(info["unit_name"])
        table = table.rename(columns={"source_code": "sc", "province_code": "pc"})
        table["province_code"] = table["unit_code"].str[:2] + "0000"
        merged = (
            keys[columns]
            .rename(columns={"source_code": "sc", "province_code": "pc"})
            .merge(
                table, on=["sc", "source_name", "year", "pc"], how="left", validate="many_to_one"
            )
        )
        merged.index = keys.index
        return merged[["unit_code", "unit_name", "province_code", "match"]]


def load_crosswalk(root: Path) -> Crosswalk:
    """Read the entity and legal-roster tables of the administrative crosswalk.

    Parameters
    ----------
    root : pathlib.Path
        The raw-data directory holding ``admin_crosswalk/``.

    Raises
    ------
    RawDataError
        If a crosswalk file is missing or lacks its columns.
    """
    tables = {}
    wanted = {
        ENTITY_FILE: ["entity_id", "legacy_entity_id", "canonical_name_zh"],
        ROSTER_FILE: ["entity_id", "year", "legal_name_zh", "status"],
    }
    for relative, columns in wanted.items():
        path = root / relative
        if not path.is_file():
            raise RawDataError(
                f"{relative}: crosswalk file not found under {root}; rule: city codes are "
                "harmonised through the administrative crosswalk; fix: restore admin_crosswalk/"
            )
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise RawDataError(
                f"{relative}: missing column(s) {missing}; rule: the crosswalk tables keep "
                "their published header; fix: restore the original file"
            )
        tables[relative] = frame
    entities = tables[ENTITY_FILE]
    entities = entities.assign(unit_code=entities["legacy_entity_id"].map(_harmonised_code))
    entities = entities.dropna(subset=["unit_code"])
    entities = entities.rename(columns={"canonical_name_zh": "unit_name"})
    entities["province_code"] = entities["unit_code"].str[:2] + "0000"
    roster = tables[ROSTER_FILE]
    roster = roster[(roster["status"] == "active") & (roster["legal_name_zh"] != "")]
    roster = roster[roster["entity_id"].isin(entities["entity_id"])]
    names = pd.DataFrame(
        {
            "entity_id": roster["entity_id"].to_numpy(),
            "year": roster["year"].astype(int).to_numpy(),
            "legal_name_zh": roster["legal_name_zh"].str.strip().to_numpy(),
        }
    )
    return Crosswalk(entities[["entity_id", "unit_code", "unit_name", "province_code"]], names)
