import numpy as np
import pandas as pd
import pytest

from evalkit.did import twfe
from evalkit.errors import EstimationError
from evalkit.inference import placebo_in_space


def _panel(effect: float, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        (f"u{u:02d}", t, rng.normal(scale=0.3) + u * 0.1 + t * 0.05 + effect * (u == 0 and t >= 5))
        for u in range(30)
        for t in range(10)
    ]
    return pd.DataFrame(rows, columns=["unit", "year", "y"])


def test_large_effect_ranks_first_and_small_p_value():
    frame = _panel(effect=3.0)
    controls = [f"u{u:02d}" for u in range(1, 30)]
    result = placebo_in_space(
        frame, "y", "year", "unit", treated_unit="u00", start=5, comparison_units=controls
    )
    assert result.rank == 1
    assert result.p_value == pytest.approx(1 / 30)
    assert len(result.placebo_effects) == 29


def test_placebo_effect_equals_a_direct_twfe_fit():
    frame = _panel(effect=0.0, seed=2)
    controls = [f"u{u:02d}" for u in range(1, 30)]
    result = placebo_in_space(
        frame, "y", "year", "unit", treated_unit="u00", start=5, comparison_units=controls
    )
    pool = frame[frame.unit != "u00"].assign(g=lambda f: np.where(f.unit == "u07", 5, 0))
    assert result.placebo_effects["u07"] == pytest.approx(
        twfe(pool, "y", "year", "unit", "g").estimate
    )
    assert 0 < result.p_value <= 1


def test_units_without_both_periods_are_named_and_left_out():
    frame = _panel(effect=1.0)
    frame = frame[~((frame.unit == "u03") & (frame.year >= 5))]
    controls = [f"u{u:02d}" for u in range(1, 30)]
    with pytest.warns(UserWarning, match=r"1 comparison unit\(s\) .* \['u03'\]"):
        result = placebo_in_space(
            frame, "y", "year", "unit", treated_unit="u00", start=5, comparison_units=controls
        )
    assert result.excluded == ("u03",)
    assert "u03" not in result.placebo_effects.index


def test_unknown_units_are_errors():
    frame = _panel(effect=0.0)
    with pytest.raises(
        EstimationError, match=r"comparison unit\(s\) \['x'\] are not in column 'unit'"
    ):
        placebo_in_space(
            frame, "y", "year", "unit", treated_unit="u00", start=5, comparison_units=["x", "u01"]
        )
