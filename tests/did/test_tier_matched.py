import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit.did import aggte, att_gt, tier_matched
from evalkit.errors import EstimationError


def _tiered_panel(seed: int = 0) -> pd.DataFrame:
    """Big cities trend up by 1 a period and are mostly the treated; true effect 2 everywhere."""
    rng = np.random.default_rng(seed)
    n_big, n_small = 60, 240
    big = np.r_[np.ones(n_big, bool), np.zeros(n_small, bool)]
    first = np.zeros(big.size, dtype=int)
    first[:30] = 4  # half the big cities treated
    first[n_big : n_big + 10] = 4  # few small ones
    rows = []
    for unit in range(big.size):
        level = rng.normal()
        for year in range(1, 7):
            y = level + (1.0 * year if big[unit] else 0.0) + rng.normal(scale=0.1)
            y += 2.0 * (first[unit] > 0 and year >= first[unit])
            rows.append((unit, year, y, first[unit], bool(big[unit])))
    return pd.DataFrame(rows, columns=["unit", "year", "y", "g", "big"])


def test_tier_matching_removes_a_tier_specific_trend():
    frame = _tiered_panel()
    pooled = aggte(att_gt(frame, "y", "year", "unit", "g"), "simple").overall_att
    matched = tier_matched(frame, "y", "year", "unit", "g", tiername="big")
    assert pooled > 2.5  # big cities' trend leaks into the pooled comparison
    assert abs(matched.estimate - 2.0) < min(0.1, 3 * matched.std_error)
    assert matched.by_tier["n_treated"].tolist() == [10, 30]
    assert matched.by_tier["n_controls"].tolist() == [230, 30]


def test_average_is_treated_weighted_and_tiers_are_separate_fits():
    frame = _tiered_panel(1)
    matched = tier_matched(frame, "y", "year", "unit", "g", tiername="big")
    fits = {
        tier: aggte(att_gt(frame[frame.big == tier], "y", "year", "unit", "g"), "simple")
        for tier in (False, True)
    }
    assert matched.by_tier["estimate"].tolist() == pytest.approx(
        [fits[False].overall_att, fits[True].overall_att], abs=1e-12
    )
    expected = (10 * fits[False].overall_att + 30 * fits[True].overall_att) / 40
    assert matched.estimate == pytest.approx(expected, abs=1e-12)
    se = np.hypot(10 / 40 * fits[False].overall_se, 30 / 40 * fits[True].overall_se)
    assert matched.std_error == pytest.approx(se, abs=1e-12)
    assert matched.tidy()["term"].tolist() == ["tier=False", "tier=True", "tier_matched"]


def test_tier_without_controls_is_skipped_with_a_warning():
    frame = _tiered_panel(2)
    frame["tier"] = np.where(frame.big, "big", "small")
    frame.loc[frame.unit.isin([0, 1]), "tier"] = "alone"
    with pytest.warns(UserWarning, match=r"tier\(s\) \['alone'\] of 'tier' have treated units"):
        out = tier_matched(frame, "y", "year", "unit", "g", tiername="tier")
    assert out.skipped == ("alone",)


def test_errors():
    frame = _tiered_panel(3)
    frame.loc[0, "big"] = False
    with pytest.raises(EstimationError, match="'big' varies within unit 0; rule: a tier is a"):
        tier_matched(frame, "y", "year", "unit", "g", tiername="big")
    frame = _tiered_panel(3)
    frame["one"] = frame.g > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(EstimationError, match="no value of 'one' has both treated units"):
            tier_matched(frame, "y", "year", "unit", "g", tiername="one")
