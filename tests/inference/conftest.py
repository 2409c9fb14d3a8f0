"""R HonestDiD 0.2.6 reference output on the mpdta event study (../shared/reference/honestdid)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.inference.honest import drop_reference_period

HONEST_DIR = PROJECT_ROOT.parent / "shared" / "reference" / "honestdid"


@dataclass(frozen=True)
class HonestReference:
    """R's event study (``e = -1`` dropped) and its printed tables."""

    folder: Path

    def event_study(self) -> tuple[np.ndarray, np.ndarray, int, int]:
        """Return R's betahat and sigma and the numbers of pre/post periods."""
        betahat = pd.read_csv(self.folder / "betahat_universal.csv")
        sigma = pd.read_csv(self.folder / "sigma_universal.csv", index_col=0).to_numpy()
        return drop_reference_period(betahat["att"].to_numpy(), sigma, betahat["e"].to_numpy())

    def table(self, name: str) -> pd.DataFrame:
        """Return one of R's reference CSV files."""
        return pd.read_csv(self.folder / name)


@pytest.fixture(scope="session")
def honest_reference() -> HonestReference:
    """The reference folder beside the checkout; CI has ../shared, so a missing one fails."""
    assert HONEST_DIR.is_dir(), f"HonestDiD reference output not found at {HONEST_DIR}"
    return HonestReference(HONEST_DIR)
