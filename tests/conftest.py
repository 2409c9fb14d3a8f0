"""Shared fixtures: reference data from ../shared and a built panel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evalkit.config import PROJECT_ROOT

REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def mpdta() -> pd.DataFrame:
    """The minimum-wage county panel shipped with R `did`."""
    frame = pd.read_csv(REFERENCE_DIR / "mpdta.csv")
    return frame.rename(columns={"first.treat": "first_treat"})


@pytest.fixture(scope="session")
def panel(tmp_path_factory: pytest.TempPathFactory):
    """The real panel, built once per session into a temporary directory."""
    from evalkit.panel import build

    return build(output_dir=Path(tmp_path_factory.mktemp("processed")))
