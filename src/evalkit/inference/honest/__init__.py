"""HonestDiD: robust inference when parallel trends may fail (Rambachan & Roth 2023)."""

from evalkit.inference.honest.breakdown import (
    breakdown_relative_magnitude,
    breakdown_smoothness,
)
from evalkit.inference.honest.calibration import (
    RELATIVE_MAGNITUDE_BOUNDS,
    SMOOTHNESS_MULTIPLES,
    average_l_vec,
    calibrated_m_grid,
    pre_period_second_differences,
)
from evalkit.inference.honest.sensitivity import (
    SensitivityResult,
    drop_reference_period,
    original_cs,
    relative_magnitude_grid,
    sensitivity_relative_magnitudes,
    sensitivity_smoothness,
)
from evalkit.inference.honest.summary import (
    EventStudyInputs,
    HonestSummary,
    event_study_inputs,
    honest_summary,
)

__all__ = [
    "RELATIVE_MAGNITUDE_BOUNDS",
    "SMOOTHNESS_MULTIPLES",
    "EventStudyInputs",
    "HonestSummary",
    "SensitivityResult",
    "average_l_vec",
    "breakdown_relative_magnitude",
    "breakdown_smoothness",
    "calibrated_m_grid",
    "drop_reference_period",
    "event_study_inputs",
    "honest_summary",
    "original_cs",
    "pre_period_second_differences",
    "relative_magnitude_grid",
    "sensitivity_relative_magnitudes",
    "sensitivity_smoothness",
]
