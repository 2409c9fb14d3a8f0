"""Which reader reads which raw file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from evalkit.panel.readers import read_census, read_csmar, read_night_lights
from evalkit.panel.xlsx import TABLES, read_xlsx

Reader = Callable[[Path, str], pd.DataFrame]

READERS: dict[str, Reader] = {
    "csmar_regional/CRE_Eplwagct.csv": read_csmar,
    "csmar_regional/CRE_Gdpct.csv": read_csmar,
    "csmar_regional/CRE_Pi01.csv": read_csmar,
    "remote_sensing/ntl_sum_of_lights_by_city.csv": read_night_lights,
    "census/census_city_2010-2020_v1_nogeom.csv": read_census,
    **dict.fromkeys(TABLES, read_xlsx),
}
# Files a reader depends on besides the file itself (their hash is part of the cache key).
COMPANIONS: dict[str, tuple[str, ...]] = {
    name: (name.replace(".csv", "[DES][csv].txt"),)
    for name in READERS
    if name.startswith("csmar_regional/")
}
