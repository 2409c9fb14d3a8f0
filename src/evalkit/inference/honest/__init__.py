"""HonestDiD: robust inference when parallel trends may fail (Rambachan & Roth 2023)."""

from evalkit.inference.honest.sensitivity import (
    SensitivityResult,
    drop_reference_period,
    original_cs,
    relative_magnitude_grid,
    sensitivity_relative_magnitudes,
    sensitivity_smoothness,
)

__all__ = [
    "SensitivityResult",
    "drop_reference_period",
    "original_cs",
    "relative_magnitude_grid",
    "sensitivity_relative_magnitudes",
    "sensitivity_smoothness",
]
