"""Shared data for the synth tests: the California Proposition 99 panel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

CALIFORNIA = Path(__file__).resolve().parents[3] / "shared" / "reference" / "california_prop99.csv"
CALIFORNIA_ARGS = {
    "unit": "State",
    "time": "Year",
    "outcome": "PacksPerCapita",
    "treated_unit": "California",
    "start": 1989,
}


@pytest.fixture(scope="session")
def california() -> pd.DataFrame:
    """The ADH (2010) cigarette panel as shipped by R synthdid."""
    if not CALIFORNIA.is_file():
        pytest.skip(f"reference file {CALIFORNIA} not found")
    return pd.read_csv(CALIFORNIA, sep=";")
