"""Shared data for the synth tests: the California Proposition 99 panel."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.config import PROJECT_ROOT

CALIFORNIA = PROJECT_ROOT.parent / "shared" / "reference" / "california_prop99.csv"
CALIFORNIA_ARGS = {
    "idname": "State",
    "tname": "Year",
    "yname": "PacksPerCapita",
    "treated_unit": "California",
    "start": 1989,
}


@pytest.fixture(scope="session")
def california() -> pd.DataFrame:
    """The ADH (2010) cigarette panel as shipped by R synthdid."""
    # ../shared is beside the checkout in CI: a missing reference must fail, not skip
    assert CALIFORNIA.is_file(), f"reference file {CALIFORNIA} not found"
    return pd.read_csv(CALIFORNIA, sep=";")
